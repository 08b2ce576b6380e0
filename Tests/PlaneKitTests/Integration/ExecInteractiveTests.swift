import DockerEngine
import Foundation
import Testing
@testable import PlaneKit

/// `plane exec` with stdin and a TTY, on the private dockerd: stdin forwarded without a TTY (its
/// end closes the command's stdin), the command's exit code, a TTY under a real pseudo-terminal
/// (driven by Resources/ExecTTY/pty_session.py: the shell's `tty`, the echo of a typed line, the
/// size at start and after a resize, `exit 3`, the local terminal's mode put back after a normal
/// end, SIGTERM and the container's end), and through HAProxy with BasicAuth.
@Suite("plane exec: stdin and TTY", .enabled(if: TestEngine.shouldRun, TestEngine.skipComment), .serialized)
struct ExecInteractiveTests {
    static let compose = """
        services:
          web:
            image: local/busybox:1
            command: ["sleep", "3600"]
            init: true
        """

    struct Project {
        let directory: URL
        let name: String
        var environment: [String: String]
        var engineArguments: [String] = []

        /// plane's arguments: the project, the subcommand, then the engine options (subcommand options).
        func arguments(_ subcommand: String, _ rest: [String]) -> [String] { ["-p", name, subcommand] + engineArguments + rest }

        func plane(_ arguments: [String], stdin: String? = nil) async throws -> PlaneProcess.Result {
            let binary = try #require(PlaneProcess.binary)
            return try await PlaneProcess.runProgram(binary, self.arguments(arguments[0], Array(arguments.dropFirst())),
                                                     in: directory, environment: environment, stdin: stdin)
        }

        /// A shell command line in which `plane SUBCOMMAND ARGS...` runs plane on this project (for pipes of bytes).
        func shell(_ script: String) async throws -> PlaneProcess.Result {
            let binary = try #require(PlaneProcess.binary)
            let quoted = { (word: String) in "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'" }
            let function = "plane() { sub=$1; shift; \(quoted(binary)) -p \(quoted(name)) \"$sub\" \(engineArguments.map(quoted).joined(separator: " ")) \"$@\"; }; "
            return try await PlaneProcess.runProgram("/bin/sh", ["-c", function + script], in: directory, environment: environment)
        }

        /// Runs the pty driver: `plane exec web sh` under a pseudo-terminal, answering its JSON.
        func ptySession(_ scenario: String) async throws -> [String: Any] {
            let binary = try #require(PlaneProcess.binary)
            let script = try #require(Bundle.module.url(forResource: "pty_session", withExtension: "py", subdirectory: "Resources/ExecTTY"))
            var environment = environment
            environment["PLANE_TEST_CONTAINER"] = "\(name)-web-1"
            let result = try await PlaneProcess.runProgram(
                "/usr/bin/python3", [script.path, scenario, binary] + arguments("exec", ["web", "sh"]),
                in: directory, environment: environment, timeout: 240)
            #expect(result.status == 0, "the pty driver failed: \(result)")
            let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
            return try #require(object as? [String: Any], "\(result)")
        }
    }

    static func withProject(engineArguments: [String] = [], _ body: (Project) async throws -> Void) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("plane-exec-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try compose.write(to: dir.appendingPathComponent("compose.yaml"), atomically: true, encoding: .utf8)
        var environment = ["HOME": dir.path, "PATH": "/usr/bin:/bin", "PLANE_STATE_DIR": dir.appendingPathComponent(".state").path, "NO_COLOR": "1"]
        environment["DOCKER_HOST"] = try TestEngine.requireHost()
        let project = Project(directory: dir, name: TestEngine.projectName("plane-exec"), environment: environment, engineArguments: engineArguments)
        do {
            // Up straight on the engine: a proxy that refuses exec may allow everything else, or not.
            let direct = Project(directory: dir, name: project.name, environment: environment)
            let started = try await direct.plane(["up", "--skip-lint"])
            #expect(started.status == 0, "plane up: \(started)")
            try await body(project)
        } catch {
            await TestEngine.removeProject(project.name)
            throw error
        }
        await TestEngine.removeProject(project.name)
    }

    @Test("-T: stdin reaches the command and its end closes the command's stdin (cat ends); without a terminal there is no TTY")
    func stdinWithoutTTY() async throws {
        try await Self.withProject { project in
            let cat = try await project.plane(["exec", "-T", "web", "cat"], stdin: "a\nb\n")
            #expect(cat.status == 0 && cat.stdout == "a\nb\n", "\(cat)")
            // No -T, but plane's stdin is a pipe: no TTY, stdin still forwarded, stderr kept apart.
            let noTerminal = try await project.plane(["exec", "web", "sh", "-c", "tty; cat; echo to-stderr >&2"], stdin: "piped\n")
            #expect(noTerminal.status == 0 && noTerminal.stdout == "not a tty\npiped\n" && noTerminal.stderr == "to-stderr\n", "\(noTerminal)")
            // --no-interactive: nothing attached to the command's stdin.
            let closed = try await project.plane(["exec", "-T", "--no-interactive", "web", "cat"], stdin: "ignored\n")
            #expect(closed.status == 0 && closed.stdout.isEmpty, "\(closed)")
        }
    }

    @Test("the command's exit code is plane's with stdin attached, as docker compose exec -T")
    func exitCodeWithStdin() async throws {
        try await Self.withProject { project in
            let read = try await project.plane(["exec", "-T", "web", "sh", "-c", "read line; echo got-$line; exit 4"], stdin: "hi\n")
            #expect(read.status == 4 && read.stdout == "got-hi\n", "\(read)")
            let stopsEarly = try await project.plane(["exec", "-T", "web", "sh", "-c", "exit 6"], stdin: String(repeating: "unread line\n", count: 10_000))
            #expect(stopsEarly.status == 6, "a command that ends without reading its stdin: \(stopsEarly)")
            if let oracle = ComposeOracle.binary {
                let compose = try await PlaneProcess.runProgram(oracle, ["-p", project.name, "exec", "-T", "web", "sh", "-c", "read line; echo got-$line; exit 4"],
                                                                in: project.directory, environment: project.environment, stdin: "hi\n")
                #expect(compose.status == read.status && compose.stdout == read.stdout, "compose: \(compose)")
            } else {
                #expect(!ComposeOracle.required, "CI must install docker compose")
            }
        }
    }

    @Test("3 MB of binary stdin through cat come back byte for byte")
    func binaryRoundTrip() async throws {
        try await Self.withProject { project in
            let file = project.directory.appendingPathComponent("random.bin")
            var generator = SystemRandomNumberGenerator()
            try Data((0..<3_000_000).map { _ in UInt8.random(in: 0...255, using: &generator) }).write(to: file)
            let started = ContinuousClock.now
            let result = try await project.shell("plane exec -T web cat < random.bin > back.bin && cmp random.bin back.bin && echo same")
            #expect(result.status == 0 && result.stdout == "same\n", "\(result)")
            print("exec -T cat of 3 MB: \(ContinuousClock.now - started)")
        }
    }

    @Test("a terminal gets a TTY: tty, typed lines echoed, the size at start and after a resize, exit 3, the terminal's mode put back")
    func ttyUnderAPseudoTerminal() async throws {
        try await Self.withProject { project in
            let session = try await project.ptySession("shell")
            let output = session["output"] as? String ?? ""
            #expect(session["raw"] as? Bool == true, "plane never put the terminal in raw mode: \(output)")
            #expect(session["tty"] as? Bool == true, "`tty` did not print /dev/pts/...: \(output)")
            #expect(session["echoed"] as? Bool == true && session["ran"] as? Bool == true, "the typed line: \(output)")
            #expect(session["size"] as? Bool == true, "the terminal's size at start (33x111) did not reach the container: \(output)")
            #expect(session["resized"] as? Bool == true, "the resize (40x120, SIGWINCH) did not reach the container: \(output)")
            #expect(session["exit"] as? Int == 3, "\(session)")
            #expect(session["restored"] as? Bool == true, "the terminal's mode was not put back: \(session)")
        }
    }

    @Test("SIGTERM to plane, and the container ending under the session: the terminal's mode is put back either way")
    func terminalRestoredOnSignalsAndEngineEnd() async throws {
        try await Self.withProject { project in
            let signalled = try await project.ptySession("sigterm")
            #expect(signalled["raw"] as? Bool == true && signalled["tty"] as? Bool == true, "\(signalled)")
            #expect(signalled["exit"] as? Int == 143, "\(signalled)")
            #expect(signalled["restored"] as? Bool == true, "\(signalled)")

            let ended = try await project.ptySession("container-killed")
            #expect(ended["raw"] as? Bool == true && ended["tty"] as? Bool == true, "\(ended)")
            #expect(ended["killed"] as? Bool == true, "the driver could not kill the container: \(ended)")
            #expect((ended["exit"] as? Int).map { $0 != 0 } == true, "\(ended)")
            #expect(ended["restored"] as? Bool == true, "\(ended)")
        }
    }

    @Test("through HAProxy with BasicAuth: the stack's proxy refuses exec clearly; one that allows it carries output and exit code, and stdin and the TTY when it passes the upgrade (else a clear error, no hang)")
    func throughTheSocketProxy() async throws {
        let socket = try TestEngine.socketPath()
        let stack = try await SocketProxyProcess.start(engineSocket: socket)
        defer { stack.stop() }
        try await Self.withProject(engineArguments: ["--host", stack.adminHost, "--auth-file", stack.authFile.path]) { project in
            let refused = try await project.plane(["exec", "-T", "web", "true"])
            #expect(refused.status == 3, "\(refused)")
            #expect(refused.stderr.contains("refused POST /containers/") && refused.stderr.contains("allows no exec"), "\(refused)")
            #expect(!refused.stderr.contains(stack.password))
        }

        // The stack's config with exec allowed on the deployer listener (as docs/STACK.md shows).
        let original = try String(contentsOf: SocketProxyProcess.stackConfig, encoding: .utf8)
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("haproxy-exec-\(UUID().uuidString.prefix(8)).cfg")
        defer { try? FileManager.default.removeItem(at: config) }
        try Self.allowingExec(original).write(to: config, atomically: true, encoding: .utf8)
        let proxy = try await SocketProxyProcess.start(engineSocket: socket, config: config)
        defer { proxy.stop() }
        try await Self.withProject(engineArguments: ["--host", proxy.adminHost, "--auth-file", proxy.authFile.path]) { project in
            // Output only: a plain streamed request, no upgrade needed.
            let output = try await project.plane(["exec", "-T", "--no-interactive", "web", "sh", "-c", "echo through-the-proxy; exit 5"])
            #expect(output.status == 5 && output.stdout == "through-the-proxy\n", "\(output)")

            let cat = try await project.plane(["exec", "-T", "web", "sh", "-c", "cat; exit 5"], stdin: "through-the-proxy\n")
            let startLines = proxy.log.split(separator: "\n").filter { $0.contains("/exec/") && $0.contains("/start ") }
            if startLines.last?.contains(" 101 ") == true {
                // An HAProxy that passes the upgrade of a request with a body (fixed haproxy/haproxy#2684).
                #expect(cat.status == 5 && cat.stdout == "through-the-proxy\n", "\(cat)")
                let session = try await project.ptySession("shell")
                #expect(session["tty"] as? Bool == true && session["echoed"] as? Bool == true && session["exit"] as? Int == 3, "\(session)")
                #expect(session["resized"] as? Bool == true && session["restored"] as? Bool == true, "\(session)")
            } else {
                // HAProxy 2.4+ before that fix (Debian 12's 2.6) drops Upgrade: plane says so at once instead of hanging.
                #expect(startLines.last?.contains(" 200 ") == true, "HAProxy logged no exec start: \(proxy.log)")
                #expect(cat.status == 3, "\(cat)")
                #expect(cat.stderr.contains("instead of 101 Switching Protocols") && cat.stderr.contains("haproxy/haproxy#2684"), "\(cat)")
            }
            #expect(!proxy.log.contains(proxy.password) && !cat.stderr.contains(proxy.password))
        }
    }

    /// The stack's socket-proxy config with exec allowed on its deployer listener: the upgrade no
    /// longer refused there, the four exec routes allowed.
    static func allowingExec(_ config: String) throws -> String {
        let admin = try #require(config.range(of: "frontend docker_admin"))
        var tail = String(config[admin.lowerBound...])
        let deny = "http-request deny deny_status 403 if ambiguous_path || upgrade_req"
        #expect(tail.contains(deny), "the socket-proxy config no longer has the rule this test changes")
        tail = tail.replacingOccurrences(of: deny, with: "http-request deny deny_status 403 if ambiguous_path")
        let anchor = "    http-request allow if m_post ep_volume_create"
        #expect(tail.contains(anchor), "the socket-proxy config no longer has the line this test inserts before")
        tail = tail.replacingOccurrences(of: anchor, with: StackDocs.execRules + anchor)
        return String(config[..<admin.lowerBound]) + tail
    }

    enum StackDocs {
        /// The lines docs/STACK.md gives for allowing exec (kept equal by `docsShowTheseRules`).
        static let execRules = """
                acl ep_exec var(txn.api_path) -m reg ^/containers/[A-Za-z0-9][A-Za-z0-9_.-]*/exec$ ^/exec/[A-Za-z0-9]+/(start|resize)$
                acl ep_exec_inspect var(txn.api_path) -m reg ^/exec/[A-Za-z0-9]+/json$
                http-request allow if m_post ep_exec || read_method ep_exec_inspect

            """
    }

    @Test("docs/STACK.md shows the exec rules this suite runs HAProxy with")
    func docsShowTheseRules() throws {
        let docs = try String(contentsOf: StackFixture.repository.appendingPathComponent("docs/STACK.md"), encoding: .utf8)
        #expect(docs.contains(StackDocs.execRules), "docs/STACK.md and ExecInteractiveTests.StackDocs.execRules differ")
    }
}
