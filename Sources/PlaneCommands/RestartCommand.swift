import ArgumentParser
import PlaneKit

/// `plane restart`: see `LifecycleRun` (scope, order, output).
struct RestartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restart",
        abstract: "Restart the project's containers (dependencies first).",
        discussion: "Exit codes: 0 done; 1 a container failed; 2 unknown service or profile; 3 engine unreachable.")

    @OptionGroup(title: "Project") var project: ProjectFlags
    @OptionGroup(title: "Engine") var engine: EngineFlags

    @Argument(help: ArgumentHelp("Only these services.", valueName: "service"), completion: .custom(Completion.services))
    var services: [String] = []
    @Option(name: [.customShort("t"), .customLong("timeout")], parsing: .unconditional,
            help: "Seconds to wait for each container to stop before it is killed (default: its stop_grace_period).")
    var timeout: Int?

    func validate() throws { try LifecycleRun.validate(timeout: timeout) }

    func run() async throws {
        try await LifecycleRun.run(.restart, project: project, engine: engine, services: services, timeout: timeout)
    }
}
