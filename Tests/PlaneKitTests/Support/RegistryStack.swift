import DockerEngine
import Foundation

/// A two-profile stack (core: web; medias: media) whose images live in a loopback `TestRegistry`
/// (one tag, `stable`, moved between local/upgrade:v1..v6), with its own state folder; the upgrade
/// and drift suites run the plane binary on it.
struct RegistryStack {
    let directory: URL
    let project: String
    let state: URL
    let registry: TestRegistry
    let id: String

    init(_ registry: TestRegistry) throws {
        self.registry = registry
        id = String(UUID().uuidString.prefix(8).lowercased())
        project = TestEngine.projectName("plane-upg")
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("plane-upg-\(id)")
        state = FileManager.default.temporaryDirectory.appendingPathComponent("plane-state-\(id)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        let health = #"{test: ["CMD", "/bin/busybox", "test", "-f", "/etc/plane-healthy"], interval: 1s, timeout: 10s, retries: 3}"#
        let text = """
            services:
              web:
                image: \(registry.reference(core))
                profiles: [core]
                healthcheck: \(health)
              media:
                image: \(registry.reference(media))
                profiles: [medias]
                healthcheck: \(health)

            """
        try text.write(to: directory.appendingPathComponent("compose.yaml"), atomically: true, encoding: .utf8)
    }

    var core: String { "plane/\(id)-core" }
    var media: String { "plane/\(id)-media" }

    /// `plane <command> -p <project> [--host <test dockerd>] <arguments>` (`history` takes no engine).
    /// `environment` is added to plane's (DOCKER_CONFIG, PATH for a credential helper).
    func plane(_ command: String, _ arguments: [String] = [], environment: [String: String] = [:]) async throws -> PlaneProcess.Result {
        let engine = command == "history" ? [] : ["--host", try TestEngine.requireHost()]
        return try await PlaneProcess.run([command, "-p", project] + engine + arguments, in: directory,
                                   environment: ["PLANE_STATE_DIR": state.path, "HOME": state.path, "NO_COLOR": "1"].merging(environment) { $1 },
                                   timeout: 300)
    }

    func imageOf(_ service: String) async throws -> String? {
        try await TestEngine.client().inspectContainer("\(project)-\(service)-1").image
    }

    func tagged(_ repository: String) async throws -> String {
        try await TestEngine.client().inspectImage(registry.reference(repository)).id
    }

    func cleanUp() async {
        await TestEngine.removeProject(project)
        let client = try? await TestEngine.client()
        for repository in [core, media] { _ = try? await client?.removeImage(registry.reference(repository), force: true) }
        try? FileManager.default.removeItem(at: directory)
        try? FileManager.default.removeItem(at: state)
    }

    static func with(offset: Int, login: String? = nil, _ body: (RegistryStack) async throws -> Void) async throws {
        try await TestRegistry.with(offset: offset, login: login) { registry in
            let stack = try RegistryStack(registry)
            do { try await body(stack) } catch { await stack.cleanUp(); throw error }
            await stack.cleanUp()
        }
    }
}
