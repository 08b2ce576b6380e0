import ArgumentParser
import PlaneKit

/// `plane plan`: the exact operations `plane up` would make, each with its cause, computed from
/// what the engine has without changing it.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Print what `plane up` would do and why, without changing anything.")

    @OptionGroup(title: "Project") var project: ProjectFlags
    @OptionGroup(title: "Engine") var engine: EngineFlags

    @Argument(help: "Services (default: the profiles' services).") var services: [String] = []
    @Flag(help: "Include the --wait checks.") var wait = false
    @Flag(name: .customLong("no-deps"), help: "Leave the services' dependencies out.") var noDeps = false
    @Option(help: "Pull policy to plan with: missing (default), always, never.") var pull: PullPolicy = .missing
    @Flag(name: .customLong("remove-orphans"), help: "Plan the removal of orphan containers.") var removeOrphans = false

    func run() async throws {
        let resolved = try ProjectLoading.load(project.allProfiles)
        for warning in resolved.warnings { ErrorReporter.warn(warning) }
        let environment = Environment.current
        let request = ConvergenceSetup.request(project: project, services: services, noDeps: noDeps, pull: pull,
                                               removeOrphans: removeOrphans, wait: wait, environment: environment)
        let key = try await ConvergenceSetup.labelKey(environment: environment)
        let client = try await engine.connect()
        let preparation = try await ErrorReporter.exiting {
            try await Convergence.prepare(project: resolved, request: request, engine: client, key: key)
        }
        ErrorReporter.writeStdout(preparation.plan.text)
    }
}
