import DockerEngine
import Foundation

/// A loopback registry (Debian's docker-registry, started by scripts/test-registry.sh) for the
/// upgrade tests, on 127.0.0.1:(PLANE_TEST_REGISTRY_PORT, default 19500) + the test's offset, and
/// the image versions one tag moves between (local/upgrade:v1..v6, built once into the test dockerd).
/// dockerd trusts 127.0.0.1 registries without TLS. Every test stops the registry it started.
struct TestRegistry {
    let port: Int
    let directory: URL
    /// `user:password` the registry wants (htpasswd), nil: open. Publishing pushes with it.
    var login: String? = nil
    var host: String { "127.0.0.1:\(port)" }

    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static var script: String { repositoryRoot.appendingPathComponent("scripts/test-registry.sh").path }

    static func environment() throws -> [String: String] {
        ["DOCKER_HOST": try TestEngine.requireHost(), "PATH": "/usr/bin:/bin:/usr/sbin:/sbin", "HOME": FileManager.default.temporaryDirectory.path]
    }

    /// Runs scripts/test-registry.sh; `login` goes by PLANE_REGISTRY_HTPASSWD (never argv).
    static func script(_ arguments: [String], login: String? = nil) async throws -> PlaneProcess.Result {
        var environment = try environment()
        if let login { environment["PLANE_REGISTRY_HTPASSWD"] = login }
        let result = try await PlaneProcess.runProgram("/bin/bash", [script] + arguments, in: repositoryRoot, environment: environment,
                                                       timeout: 300)
        guard result.status == 0 else { throw SetupError("test-registry.sh \(arguments.joined(separator: " ")) failed: \(result)") }
        return result
    }

    /// Starts a registry for one test (`offset` keeps tests of a run on different ports).
    static func start(offset: Int, login: String? = nil) async throws -> TestRegistry {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/docker-registry") else {
            throw SetupError("docker-registry is not installed (scripts/install-deps.sh installs it): the upgrade tests need a loopback registry")
        }
        let base = Int(ProcessInfo.processInfo.environment["PLANE_TEST_REGISTRY_PORT"] ?? "") ?? 19500
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plane-registry-\(UUID().uuidString.prefix(8))")
        let registry = TestRegistry(port: base + offset, directory: directory, login: login)
        _ = try await script(["start", directory.path, String(registry.port)], login: login)
        try await ensureImages()
        return registry
    }

    /// local/upgrade:v1..v6 (about 15 s once per dockerd).
    static func ensureImages() async throws {
        let client = try await TestEngine.client()
        if (try? await client.inspectImage("local/upgrade:v6")) != nil { return }
        _ = try await script(["images"])
    }

    func stop() async {
        _ = try? await Self.script(["stop", directory.path])
        try? FileManager.default.removeItem(at: directory)
    }

    /// Moves `repository:stable` in the registry to `version`; the engine's own tag stays where it
    /// was (as on a machine that has not pulled yet). The first publish also leaves it pulled.
    func publish(_ repository: String, _ version: String) async throws {
        _ = try await Self.script(["publish", String(port), repository, "stable", version], login: login)
    }

    func reference(_ repository: String) -> String { "\(host)/\(repository):stable" }

    /// The image ID of local/upgrade:`version`.
    static func imageID(_ version: String) async throws -> String {
        try await TestEngine.client().inspectImage("local/upgrade:\(version)").id
    }

    /// Runs `body` with a registry, and stops it also on failure.
    static func with(offset: Int, login: String? = nil, _ body: (TestRegistry) async throws -> Void) async throws {
        let registry = try await start(offset: offset, login: login)
        do {
            try await body(registry)
        } catch {
            await registry.stop()
            throw error
        }
        await registry.stop()
    }
}
