import ArgumentParser
import PlaneKit

/// `plane plan`: the exact operations `plane up` would make, each with its cause, computed from
/// what the engine has without changing it.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Print what `plane up` would do and why, without changing anything.",
        discussion: """
            Runs the same lint gate as `up`. Exit codes (terraform's -detailed-exitcode): 0 nothing to do, \
            2 changes pending, 1 blocked, refused by lint, or the project could not be planned.
            """)

    @OptionGroup(title: "Project") var project: ProjectFlags
    @OptionGroup(title: "Engine") var engine: EngineFlags

    @Argument(help: "Services (default: the profiles' services).") var services: [String] = []
    @Flag(help: "Include the --wait checks.") var wait = false
    @Flag(name: .customLong("no-deps"), help: "Leave the services' dependencies out.") var noDeps = false
    @Option(help: "Pull policy to plan with: missing (default), always, never.") var pull: PullPolicy = .missing
    @Flag(name: .customLong("remove-orphans"), help: "Plan the removal of orphan containers.") var removeOrphans = false
    @Flag(name: .customLong("skip-lint"), help: "Plan without the lint gate `up` applies (not recommended).") var skipLint = false

    func run() async throws {
        // terraform's -detailed-exitcode: 0 nothing to do, 2 changes pending, 1 blocked, refused or failed.
        let resolved: ResolvedProject
        do { resolved = try ProjectLoading.load(project.allProfiles) } catch { throw PlaneExit.failure }
        for warning in resolved.warnings { ErrorReporter.warn(warning) }
        let environment = Environment.current
        let request = ConvergenceSetup.request(project: project, services: services, noDeps: noDeps, pull: pull,
                                               removeOrphans: removeOrphans, wait: wait, environment: environment)
        // The lint gate needs no engine: a refused deploy is refused before one is reached.
        let verdict: LintGate.Verdict?
        do {
            (_, verdict) = try await ErrorReporter.exiting { try Deployment.gate(project: resolved, request: request, skipLint: skipLint) }
        } catch let exit as ExitCode where exit == PlaneExit.invalidProject {
            throw PlaneExit.failure
        }
        if let verdict, !verdict.allowsDeploy { try UpCommand.refuse(verdict) }
        let key = try await ConvergenceSetup.labelKey(environment: environment)
        let client = try await engine.connect()
        let deployment = Deployment(project: resolved, request: request, engine: client, key: key, skipLint: skipLint)
        let planned: Deployment.Planned
        do {
            planned = try await ErrorReporter.exiting { try await deployment.plan() }
        } catch let exit as ExitCode where exit == PlaneExit.invalidProject {
            throw PlaneExit.failure
        }
        switch planned {
        case .refused(let verdict):
            try UpCommand.refuse(verdict)
        case .planned(let preparation, _):
            let plan = preparation.plan
            ErrorReporter.writeStdout(plan.text)
            if !plan.blockers.isEmpty { throw PlaneExit.failure }
            if !plan.writes.isEmpty { throw PlaneExit.changesPending }
        }
    }
}
