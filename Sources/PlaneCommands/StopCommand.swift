import ArgumentParser
import PlaneKit

/// `plane stop`: see `LifecycleRun` (scope, order, output).
struct StopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Stop the project's running containers (dependents first), without removing them.",
        discussion: "Exit codes: 0 done; 1 a container failed; 2 unknown service or profile; 3 engine unreachable.")

    @OptionGroup(title: "Project") var project: ProjectFlags
    @OptionGroup(title: "Engine") var engine: EngineFlags

    @OptionGroup var arguments: LifecycleArguments

    func run() async throws {
        try await LifecycleRun.run(.stop, project: project, engine: engine, services: arguments.services, timeout: arguments.timeout)
    }
}
