import ArgumentParser
import DockerEngine
import PlaneKit

/// `plane exec`: runs a command in a service's running container through the Engine API's exec
/// endpoints and exits with the command's exit code (compose's behaviour).
///
/// Weak: the Engine hijacks the connection for the command's streams, and libcurl gives plane the
/// reading half only: no stdin reaches the command and there is no interactive TTY. `-T` is
/// therefore the only mode; without it plane says so and runs the command the same way
/// (use `docker compose exec` for an interactive shell).
struct ExecCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exec",
        abstract: "Run a command in a running container of a service (no stdin, no TTY: as docker compose exec -T).",
        discussion: "Exit codes: the command's own exit code; 1 the service has no running container; 2 unknown service; 3 engine unreachable.")

    @OptionGroup(title: "Project") var project: ProjectFlags
    @OptionGroup(title: "Engine") var engine: EngineFlags

    @Flag(name: [.customShort("T"), .customLong("no-TTY")], help: "Disable pseudo-TTY allocation (plane always does; see the note above).")
    var noTTY = false
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
        if !noTTY && ErrorReporter.colorAllowed(on: 0) {
            ErrorReporter.note("plane exec has no interactive TTY and no stdin (the command runs as with -T); use docker compose exec for a shell")
        }
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
        let request = Engine.ExecCreateRequest(
            cmd: command, attachStdout: !detach, attachStderr: !detach, user: user, workingDir: workdir,
            env: environment.isEmpty ? nil : environment, privileged: privileged ? true : nil)
        let code: Int = try await ErrorReporter.exiting {
            let exec = try await client.createExec(container.id, request)
            for try await frame in try await client.startExec(exec.id, tty: false) {
                if frame.stream == .stderr { ErrorReporter.writeStderrBytes(frame.payload) } else { ErrorReporter.writeStdoutBytes(frame.payload) }
            }
            if detach { return 0 }
            // The stream ends when the process does; its code may take a moment to be recorded.
            for _ in 0..<50 {
                let state = try await client.inspectExec(exec.id)
                if state.running != true, let code = state.exitCode { return code }
                try await Task.sleep(for: .milliseconds(20))
            }
            return -1
        }
        if code == -1 {
            ErrorReporter.writeStderr("\(ErrorReporter.label(.error))[exec]: the command's exit code was not recorded by the engine\n")
            throw PlaneExit.failure
        }
        if code != 0 { throw ExitCode(Int32(truncatingIfNeeded: code)) }
    }
}
