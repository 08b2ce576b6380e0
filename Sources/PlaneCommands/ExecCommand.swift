import ArgumentParser
import Dispatch
import DockerEngine
import PlaneKit
#if canImport(Glibc)
import Glibc
#endif

/// `plane exec`: runs a command in a service's running container through the Engine API's exec
/// endpoints, as `docker compose exec` does, and exits with the command's exit code.
///
/// Attached (no `-d`), the engine hijacks the connection of `POST /exec/{id}/start`
/// (`Engine.Client.attachExec`): plane's stdin goes to the command (`-i`, compose's default; its
/// end half-closes the connection, so `cat` ends), the command's output comes back. With stdin and
/// stdout both terminals and no `-T`, the exec gets a TTY: the local terminal is put in raw mode
/// (`RawTerminal`, restored on every way out), the output is raw bytes, and the terminal's size
/// follows along (`resizeExec` at start and on SIGWINCH). Otherwise stdout and stderr stay apart.
struct ExecCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run a command in a running container of a service (stdin forwarded; a TTY when attached to a terminal, as docker compose exec).",
        discussion: """
            Without -T, and with stdin and stdout terminals, the command gets a pseudo-TTY and the terminal is in raw mode \
            until it ends (an interactive shell: plane exec web sh). With -T, or when plane's input or output is not a \
            terminal, there is no TTY: stdin is still forwarded (echo hi | plane exec -T web cat) and its end closes the \
            command's stdin; stdout and stderr stay apart. --no-interactive (or -d) attaches no stdin and needs no connection \
            upgrade. Through the stack's socket-proxy exec is refused (its deployer listener allows no exec and no upgrade): \
            point plane at the Docker socket for exec (docs/STACK.md).
            Exit codes: the command's own exit code; 1 the service has no running container; 2 unknown service; \
            3 engine unreachable or exec refused by a proxy; 128+N plane killed by signal N while a TTY session ran.
            """)

    @OptionGroup(title: "Project") var project: ProjectFlags
    @OptionGroup(title: "Engine") var engine: EngineFlags

    @Flag(name: [.customShort("T"), .customLong("no-TTY")], help: "Disable pseudo-TTY allocation (there is none either when stdin or stdout is not a terminal).")
    var noTTY = false
    @Flag(name: [.customShort("i"), .customLong("interactive")], inversion: .prefixedNo,
          help: "Keep stdin open and forward it to the command (the default, as compose's -i).")
    var interactive = true
    @Option(name: [.customShort("u"), .customLong("user")], help: "Run the command as this user.") var user: String?
    @Option(name: [.customShort("w"), .customLong("workdir")], help: "Working directory of the command.") var workdir: String?
    @Option(name: [.customShort("e"), .customLong("env")], help: "Environment variable KEY=VAL, or KEY to take its value from plane's environment (repeatable).")
    var env: [String] = []
    @Option(name: .customLong("index"), help: "Index of the container when the service has several (default 1).") var index = 1
    @Flag(name: .customLong("privileged"), help: "Give extended privileges to the command.") var privileged = false
    @Flag(name: [.customShort("d"), .customLong("detach")], help: "Run the command in the background.") var detach = false

    @Argument(help: ArgumentHelp("The service.", valueName: "service"), completion: .custom(Completion.services)) var service: String
    @Argument(parsing: .captureForPassthrough, help: "The command and its arguments.") var command: [String] = []

    func validate() throws {
        if command.isEmpty { throw ValidationError("missing the command to run: plane exec SERVICE COMMAND [ARGS...]") }
        if index < 1 { throw ValidationError("--index must be 1 or more, got \(index)") }
    }

    func run() async throws {
        let scope = try ServiceScope.resolve(project, services: [service])
        let client = try await engine.connect(quickly: true)
        let containers = try await ServiceScope.containers(of: scope.project.name, client: client, all: false)
            .filter { $0.service == service && !($0.name ?? "").hasSuffix("_plane-old") }
            .sorted { Int($0.labels?[ComposeLabel.containerNumber] ?? "") ?? 0 < Int($1.labels?[ComposeLabel.containerNumber] ?? "") ?? 0 }
        guard let container = containers.first(where: { $0.labels?[ComposeLabel.containerNumber] == String(index) }) ?? (index == 1 ? containers.first : nil) else {
            ErrorReporter.writeStderr("\(ErrorReporter.label(.error))[not-running]: service \"\(service)\" is not running\n")
            throw PlaneExit.failure
        }
        // KEY alone takes plane's own value, as docker does; values are never printed.
        let environment = env.map { entry in
            entry.contains("=") ? entry : Environment.current[entry].map { "\(entry)=\($0)" } ?? entry
        }
        let stdin = interactive && !detach
        // compose gives a TTY unless -T or its output is not a terminal; plane also needs a terminal to read from.
        let tty = !noTTY && !detach && stdin && isatty(0) == 1 && isatty(1) == 1
        let request = Engine.ExecCreateRequest(
            cmd: command, attachStdin: stdin, attachStdout: !detach, attachStderr: !detach, tty: tty, user: user, workingDir: workdir,
            env: environment.isEmpty ? nil : environment, privileged: privileged ? true : nil)
        let code: Int = try await ErrorReporter.exiting {
            do {
                let exec = try await client.createExec(container.id, request)
                if stdin {
                    try await attached(exec.id, tty: tty, client: client)
                } else {
                    // Nothing to write: a plain streamed request, which any proxy that allows exec passes.
                    for try await frame in try await client.startExec(exec.id, tty: false) {
                        if frame.stream == .stderr { ErrorReporter.writeStderrBytes(frame.payload) } else { ErrorReporter.writeStdoutBytes(frame.payload) }
                    }
                }
                if detach { return 0 }
                // The stream ends when the process does; its code may take a moment to be recorded.
                for _ in 0..<50 {
                    let state = try await client.inspectExec(exec.id)
                    if state.running != true, let code = state.exitCode { return code }
                    try await Task.sleep(for: .milliseconds(20))
                }
                return -1
            } catch let error as EngineError {
                if case .proxyDenied = error.code {
                    ErrorReporter.note("""
                        the stack's socket-proxy (core/socket-proxy/haproxy.cfg) allows no exec on its deployer listener: \
                        run plane exec against the Docker socket (-H unix:///var/run/docker.sock, as root or a member of the docker group); \
                        a proxy that allows it must pass POST /containers/{id}/exec, POST /exec/{id}/start with Upgrade: tcp, \
                        POST /exec/{id}/resize and GET /exec/{id}/json
                        """)
                }
                throw error
            }
        }
        if code == -1 {
            ErrorReporter.writeStderr("\(ErrorReporter.label(.error))[exec]: the command's exit code was not recorded by the engine\n")
            throw PlaneExit.failure
        }
        if code != 0 { throw ExitCode(Int32(truncatingIfNeeded: code)) }
    }

    /// Runs the exec to its end: stdin forwarded, output written, under a TTY the local
    /// terminal raw (restored however this ends) and its size followed.
    private func attached(_ id: String, tty: Bool, client: Engine.Client) async throws {
        let size = tty ? RawTerminal.size(of: 1) ?? RawTerminal.size(of: 0) : nil
        let attachment = try await client.attachExec(id, tty: tty, consoleSize: size)
        defer { attachment.close() }
        let terminal = tty ? RawTerminal.enter(0) : nil
        defer { terminal?.restore() }
        var resizing: (any DispatchSourceSignal)?
        defer { resizing?.cancel() }
        if tty {
            let resize: @Sendable () -> Void = {
                guard let size = RawTerminal.size(of: 1) ?? RawTerminal.size(of: 0) else { return }
                // A failed resize leaves the size as it was; not worth ending the session for.
                Task { try? await client.resizeExec(id, height: size.rows, width: size.columns) }
            }
            resize()
            _ = signal(SIGWINCH, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: SIGWINCH, queue: .global())
            source.setEventHandler(handler: resize)
            source.resume()
            resizing = source
        }
        attachment.forwardInput(from: 0)
        for try await frame in attachment.output {
            if frame.stream == .stderr { ErrorReporter.writeStderrBytes(frame.payload) } else { ErrorReporter.writeStdoutBytes(frame.payload) }
        }
    }
}
