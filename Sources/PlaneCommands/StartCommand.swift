import ArgumentParser
import PlaneKit

/// `plane start`: see `LifecycleRun` (scope, order, output).
struct StartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start the project's existing containers (dependencies first).",
        discussion: "Exit codes: 0 done; 1 a container failed; 2 unknown service or profile; 3 engine unreachable.")

    @OptionGroup(title: "Project") var project: ProjectFlags
    @OptionGroup(title: "Engine") var engine: EngineFlags

    @Argument(help: ArgumentHelp("Only these services.", valueName: "service"), completion: .custom(Completion.services))
    var services: [String] = []

    func run() async throws {
        try await LifecycleRun.run(.start, project: project, engine: engine, services: services, timeout: nil)
    }
}
