#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import DockerEngine
import Foundation

/// The deploy use case, whole: `plane up`, `plane plan` and `up --dry-run` are thin commands over
/// it (and the coming `health`, `upgrade` and `drift` will be). The project is loaded once (by the
/// caller, every profile enabled), selected once (profiles in order and what they pull in), and
/// exactly the selected services are linted; then it plans, refuses a blocked plan, takes the
/// project's run lock, says what an interrupted earlier run left, executes with every write
/// journalled before its Engine call, restores what a failure or an interruption set aside (and
/// reports a restore that failed), and records the outcome.
public struct Deployment: Sendable {
    public var project: ResolvedProject
    public var request: UpRequest
    public var engine: any ContainerEngine
    public var key: LabelKey
    /// Skip the lint gate (`--skip-lint`).
    public var skipLint: Bool = false
    public var strictLint: Bool = false

    public init(project: ResolvedProject, request: UpRequest, engine: any ContainerEngine, key: LabelKey,
                skipLint: Bool = false, strictLint: Bool = false) {
        self.project = project
        self.request = request
        self.engine = engine
        self.key = key
        self.skipLint = skipLint
        self.strictLint = strictLint
    }

    /// How a run is carried out.
    public struct RunOptions: Sendable {
        public var state: StateDirectory
        public var history: any DeploymentHistory
        public var lockTimeout: Duration = .zero
        public var waitTimeout: Duration = .seconds(300)
        public var pollInterval: Duration = .milliseconds(500)
        public var proofWindow: Duration = .seconds(3)
        public var onEvent: @Sendable (ProgressEvent) -> Void = { _ in }
        /// Notes for people (recovery of an interrupted run, restored containers).
        public var onNote: @Sendable (String) -> Void = { _ in }
        /// Who runs it ("interactive", or "timer" for the systemd units).
        public var trigger: String = "interactive"
        /// The history's kind for the run (`drift` for `plane drift --fix`).
        public var kind: RunKind = .up
        /// Traefik, when `x-plane.health.traefik` configures it: start-first replacements wait until
        /// the new container is routed and drain the old one from Traefik before its stop.
        public var routes: (any RouteWatching)?

        public init(state: StateDirectory, history: any DeploymentHistory) {
            self.state = state
            self.history = history
        }
    }

    /// What planning found.
    public enum Planned: Sendable {
        /// Lint errors in the selected services: nothing planned, nothing changed.
        case refused(LintGate.Verdict)
        case planned(Convergence.Preparation, LintGate.Verdict?)
    }

    public enum Outcome: Sendable {
        case refused(LintGate.Verdict)
        case blocked(Plan)
        case locked(RunLock.Holder)
        case upToDate(Plan)
        case applied(Plan, seconds: Double)
        case failed(Plan, ExecutionError, Restoration.Report)
        case interrupted(Plan, ExecutionError, Restoration.Report)

        /// The history's outcome for it.
        var recorded: RunOutcome {
            switch self {
            case .refused, .blocked, .locked: .refused
            case .upToDate, .applied: .succeeded
            case .failed(_, _, let report): report.failures.isEmpty ? (report.restored.isEmpty ? .failed : .restored) : .restoreFailed
            case .interrupted: .interrupted
            }
        }
    }

    /// The selection and its lint verdict (nil with `skipLint`). No engine call.
    public func select() throws -> (ServiceSelection, LintGate.Verdict?) {
        try Self.gate(project: project, request: request, skipLint: skipLint, strictLint: strictLint)
    }

    /// The gate alone, before any engine is reached: select once (profiles in order and what they
    /// pull in), lint exactly the selected services.
    public static func gate(project: ResolvedProject, request: UpRequest, skipLint: Bool = false, strictLint: Bool = false) throws
        -> (ServiceSelection, LintGate.Verdict?) {
        let selection = try Convergence.select(project: project, request: request)
        guard !skipLint else { return (selection, nil) }
        return (selection, LintGate.check(project: project, services: selection.services, strict: strictLint))
    }

    /// `plane plan` and `up --dry-run`: the same gate as `up`, then the plan. GET requests only; no lock.
    public func plan() async throws -> Planned {
        let (selection, verdict) = try select()
        if let verdict, !verdict.allowsDeploy { return .refused(verdict) }
        return .planned(try await Convergence.prepare(project: project, selection: selection, request: request, engine: engine, key: key), verdict)
    }

    /// `plane up`. Throws what makes planning impossible (`LoadError`, `PlanError`, `EngineError`,
    /// `HistoryError`); everything else is an `Outcome`.
    public func up(_ options: RunOptions) async throws -> Outcome {
        let (selection, verdict) = try select()
        if let verdict, !verdict.allowsDeploy { return .refused(verdict) }

        let lock: RunLock
        switch try await options.takeLock(project: project.name) {
        case .acquired(let acquired): lock = acquired
        case .held(let holder): return .locked(holder)
        }
        defer { lock.release() }

        let history = options.history
        let unfinished = try history.unfinishedRuns(project: project.name)
        for run in unfinished {
            let done = run.steps.filter { $0.status == .succeeded }.count
            options.onNote("previous run \(run.id) (\(run.start.kind.rawValue), PID \(run.start.pid)) was interrupted after \(done) of its journalled steps; converging what it left")
        }
        // An upgrade or rollback killed before its gate held: its services go back to their last-good image.
        for note in await UpgradeRecovery.restoreTags(of: unfinished, history: history, engine: engine) { options.onNote(note) }

        var executor = Executor(engine: engine, waitTimeout: options.waitTimeout, pollInterval: options.pollInterval,
                                proofWindow: options.proofWindow, onEvent: options.onEvent)
        executor.routes = options.routes
        let preparation = try await Convergence.pullThenPrepare(
            project: project, selection: selection, request: request, engine: engine, key: key, executor: executor)
        let plan = preparation.plan
        let aside = preparation.observed.containers.filter(\.isReplaced)
        if !aside.isEmpty && unfinished.isEmpty {
            options.onNote("an interrupted earlier run left \(aside.map(\.name).sorted().joined(separator: ", ")) aside; converging")
        }
        if !plan.blockers.isEmpty { return .blocked(plan) }
        let start = RunStart(
            project: project.name, kind: options.kind, startedAt: Date(), user: Self.user(), pid: getpid(),
            profiles: request.profiles, services: request.services, trigger: options.trigger, planeVersion: Self.version)
        guard !plan.operations.isEmpty else {
            // Nothing to do: no run is recorded (a no-op up stays cheap), unless it closes an interrupted one.
            if !unfinished.isEmpty {
                let run = try history.begin(start)
                try? history.finish(run, outcome: .succeeded, services: [])
                for old in unfinished { try? history.markRecovered(old.id, by: run) }
            }
            return .upToDate(plan)
        }

        let run = try history.begin(start)
        var journalled = executor
        journalled.observer = HistoryJournal(history: history, run: run, redaction: EnvironmentRedaction(project: project))

        let clock = ContinuousClock()
        let started = clock.now
        let outcome: Outcome
        do {
            try await journalled.run(plan)
            let elapsed = clock.now - started
            outcome = .applied(plan, seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        } catch {
            // Set aside containers come back even when the run itself was cancelled (SIGINT/SIGTERM):
            // the restore runs in a task of its own, which the interruption does not cancel.
            let engine = self.engine
            let report = await Task { await Restoration.restore(after: error, of: plan, engine: engine) }.value
            for item in report.restored {
                options.onNote("restored \(item.container): the previous container runs again (its replacement did not come up)")
            }
            outcome = error.interrupted || Task.isCancelled ? .interrupted(plan, error, report) : .failed(plan, error, report)
        }
        let services = await Self.results(plan: plan, engine: engine, preparation: preparation)
        try? history.finish(run, outcome: outcome.recorded, services: services)
        if case .applied = outcome {
            for old in unfinished { try? history.markRecovered(old.id, by: run) }
        }
        return outcome
    }

    /// Where each planned service ended (container and image IDs), read back after the run.
    static func results(plan: Plan, engine: any ContainerEngine, preparation: Convergence.Preparation) async -> [ServiceResult] {
        var results: [ServiceResult] = []
        for service in preparation.desired.services where plan.operations.contains(where: { $0.service == service.name }) {
            let inspect = try? await engine.inspectContainer(service.containerName)
            let status = inspect.map { $0.state?.health?.status ?? $0.state?.status ?? "unknown" } ?? "missing"
            results.append(ServiceResult(service: service.name, containerID: inspect?.id, imageID: inspect?.image, repoDigest: nil, status: status))
        }
        return results
    }

    /// Recorded with each run (plane has no release number yet).
    public static let version = PlaneVersion.version

    public static func user() -> String {
        if let name = ProcessInfo.processInfo.environment["USER"], !name.isEmpty { return name }
        return "uid \(getuid())"
    }
}

/// The write-ahead journal: each write step recorded before its Engine call, its end after.
struct HistoryJournal: ExecutionObserver {
    let history: any DeploymentHistory
    let run: RunID
    /// Engine errors may echo an environment value back: the journal keeps the key, never the value.
    let redaction: EnvironmentRedaction
    /// Added to each step's id: a run that executes several plans (an upgrade, profile by profile)
    /// journals them one after the other.
    var offset = 0

    func willRun(_ step: PlanStep) throws {
        try history.willRun(StepRecord(
            index: step.id + offset, action: step.action.verb, target: Executor.object(of: step.action), service: step.service,
            cause: step.cause.code, causeText: step.cause.text, intent: step.intent?.text), in: run)
    }

    func didRun(_ step: PlanStep, error: ExecutionError?) {
        let status: StepStatus = error == nil ? .succeeded : (error?.reason.hasPrefix("cancelled") == true ? .skipped : .failed)
        try? history.didRun(step: step.id + offset, in: run, status: status,
                            error: error.map { redaction.redact($0.reason, service: $0.service) })
    }
}

extension Deployment.RunOptions {
    /// What asking for the project's run lock gave: the lock, or who holds it past `lockTimeout`.
    public enum LockAttempt {
        case acquired(RunLock)
        case held(RunLock.Holder)
    }

    /// The project's run lock, as every mutating run (up, upgrade, rollback) takes it; a state folder
    /// where no lock can be made is an error that says which variable moves it.
    func takeLock(project: String) async throws(PlanError) -> LockAttempt {
        do {
            return .acquired(try await state.lock(project: project, timeout: lockTimeout))
        } catch {
            switch error {
            case .held(let holder): return .held(holder)
            case .unusable(let message): throw PlanError(.labelKey, message, hint: "set PLANE_STATE_DIR to a writable folder")
            }
        }
    }
}
