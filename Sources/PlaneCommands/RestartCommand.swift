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

    @OptionGroup var arguments: LifecycleArguments

    func run() async throws {
        try await LifecycleRun.run(.restart, project: project, engine: engine, services: arguments.services, timeout: arguments.timeout)
    }
}
