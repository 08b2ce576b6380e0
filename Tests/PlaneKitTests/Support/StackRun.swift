import Foundation
@testable import PlaneKit

/// One copy of a test stack under a project name of its own, driven with the plane executable
/// (and docker compose as the oracle) against the test dockerd, directly or through a proxy.
struct StackRun {
    let directory: URL
    let project: String
    let state: URL
    /// `--host ...` and, through the proxy, `--auth-file ...`.
    var engineArguments: [String]

    init(_ resource: String, prefix: String, engineArguments: [String]? = nil) throws {
        directory = try UpFixture.copy(resource)
        project = TestEngine.projectName(prefix)
        state = FileManager.default.temporaryDirectory.appendingPathComponent("plane-state-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        self.engineArguments = try engineArguments ?? ["--host", TestEngine.requireHost()]
    }

    var environment: [String: String] { ["PLANE_STATE_DIR": state.path, "HOME": state.path, "NO_COLOR": "1"] }

    /// `plane <command> -p <project> <engine flags> <arguments>`.
    func plane(_ command: String, _ arguments: [String] = [], engine: [String]? = nil, timeout: TimeInterval = 180) async throws -> PlaneProcess.Result {
        try await PlaneProcess.run([command, "-p", project] + (engine ?? engineArguments) + arguments, in: directory, environment: environment, timeout: timeout)
    }

    /// The real docker compose on the same project, straight at the daemon.
    func compose(_ arguments: [String]) async throws -> PlaneProcess.Result {
        guard let oracle = ComposeOracle.binary else { throw SetupError("docker compose (the oracle) is not installed: scripts/install-deps.sh") }
        return try await PlaneProcess.runProgram(oracle, ["-p", project] + arguments, in: directory,
                                                 environment: ["DOCKER_HOST": try TestEngine.requireHost(), "HOME": state.path])
    }

    /// Names of the containers docker compose lists for the project (`ps -a --format json`).
    func composeListedNames() async throws -> Set<String> {
        let result = try await compose(["--profile", "*", "ps", "-a", "--format", "json"])
        guard result.status == 0 else { throw SetupError("docker compose ps failed: \(result.stderr)") }
        var names = Set<String>()
        for line in result.stdout.split(separator: "\n") {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], let name = object["Name"] as? String else { continue }
            names.insert(name)
        }
        return names
    }

    func load() throws -> ResolvedProject { try UpFixture.load(directory, projectName: project) }

    func write(_ text: String, to relative: String) throws {
        let file = directory.appendingPathComponent(relative)
        try text.write(to: file, atomically: true, encoding: .utf8)
        if relative.hasPrefix("secrets/") { try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path) }
    }

    /// Runs `body` on a fresh copy of the stack, and removes what it created, also on failure.
    static func with(_ resource: String, prefix: String, engineArguments: [String]? = nil, _ body: (StackRun) async throws -> Void) async throws {
        let run = try StackRun(resource, prefix: prefix, engineArguments: engineArguments)
        do {
            try await body(run)
        } catch {
            await run.cleanUp()
            throw error
        }
        await run.cleanUp()
    }

    func cleanUp() async {
        await TestEngine.removeProject(project)
        try? FileManager.default.removeItem(at: directory)
        try? FileManager.default.removeItem(at: state)
    }
}
