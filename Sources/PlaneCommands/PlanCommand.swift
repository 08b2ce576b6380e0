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

    @Option(help: "text (default), or json: one versioned document (docs/JSON.md).") var format: ProgressFormat = .text

    func run() async throws {
        guard format == .json else {
            let (_, plan) = try await compute()
            ErrorReporter.writeStdout(plan.text)
            try Self.exit(plan)
            return
        }
        // JSON: one document whatever happens; the errors reported on the way are its `errors` (and on stderr).
        let errors = ErrorEvents()
        var computed: (project: String, plan: Plan)?
        var exit = ExitCode.success
        do {
            computed = try await ErrorReporter.withSink(errors.sink) { try await compute() }
            try Self.exit(computed!.plan)
        } catch let code as ExitCode {
            exit = code
        }
        ErrorReporter.writeStdout(PlanView.json(project: computed?.project, plan: computed?.plan, errors: errors.all, exitCode: exit.rawValue))
        if exit != .success { throw exit }
    }

    /// terraform's -detailed-exitcode: 0 nothing to do, 2 changes pending, 1 blocked.
    static func exit(_ plan: Plan) throws {
        if !plan.blockers.isEmpty { throw PlaneExit.failure }
        if !plan.writes.isEmpty { throw PlaneExit.changesPending }
    }

    /// The plan `up` would run, or an exit (1: refused, blocked or failed; the reason reported).
    func compute() async throws -> (project: String, plan: Plan) {
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
            return (resolved.name, preparation.plan)
        }
    }
}
