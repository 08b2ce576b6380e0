#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Synchronization

/// `plane drift` whole: check; with `fix`, converge through the deploy use case (`Deployment.up`:
/// the same lint gate, lock, journal and restore as `plane up`) unless the freeze file holds it, then
/// check again; record the run in the history (a `drift` run with its items and status).
public struct DriftRun: Sendable {
    public var check: DriftCheck
    public var fix: Bool
    public var freeze: FreezeFile
    public var skipLint: Bool = false

    public init(check: DriftCheck, fix: Bool, freeze: FreezeFile, skipLint: Bool = false) {
        self.check = check
        self.fix = fix
        self.freeze = freeze
        self.skipLint = skipLint
    }

    public struct Outcome: Sendable {
        public var status: DriftStatus
        /// What the check found (before a fix).
        public var report: DriftCheck.Report
        /// Why nothing was fixed (held: the freeze file's reason; locked: the holder), or what failed.
        public var detail: String?
        /// Engine writes of the fix (0 when held, locked or clean).
        public var writes: Int
        public var seconds: Double
        public var run: RunID?

        public init(status: DriftStatus, report: DriftCheck.Report, detail: String?, writes: Int, seconds: Double, run: RunID?) {
            self.status = status
            self.report = report
            self.detail = detail
            self.writes = writes
            self.seconds = seconds
            self.run = run
        }
    }

    public func run(_ options: Deployment.RunOptions) async throws -> Outcome {
        let clock = ContinuousClock()
        let started = clock.now
        let startedAt = Date()
        let history = options.history
        let report = try await check.run(history: history)
        var status = report.status
        var detail: String?
        var writes = 0
        let capture = CapturingHistory(history)

        if fix && !report.items.isEmpty && report.problems.isEmpty {
            if let reason = freeze.reason() {
                status = .held
                detail = "held by the freeze file \(freeze.path): \(reason)"
            } else {
                var request = check.request
                request.reconcile.removeOrphans = true
                request.reconcile.replaceForeign = true
                request.reconcile.liveChanges = report.liveChanges
                let deployment = Deployment(project: check.project, request: request, engine: check.engine, key: check.key, skipLint: skipLint)
                var runOptions = options
                runOptions.history = capture
                runOptions.kind = .drift
                let outcome = try await deployment.up(runOptions)
                switch outcome {
                case .locked(let holder):
                    status = .locked
                    detail = "skipped: \(holder)"
                case .refused(let verdict):
                    status = .error
                    detail = "the fix was refused by lint: \(verdict.blocking.count) error(s) (plane lint)"
                case .blocked(let plan):
                    status = .error
                    detail = "the fix is blocked: " + plan.blockers.joined(separator: "; ")
                case .failed(let plan, let error, _), .interrupted(let plan, let error, _):
                    status = .error
                    writes = plan.writes.count
                    detail = "the fix failed: \(error.description)"
                case .upToDate, .applied:
                    if case .applied(let plan, _) = outcome { writes = plan.writes.count }
                    let again = try await check.run(history: history)
                    status = again.status == .clean ? .fixed : again.status
                    if status != .fixed { detail = "after the fix: " + again.items.map(\.line).joined(separator: "; ") }
                }
            }
        }
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18

        // One run per invocation: the fix's run when it wrote something, else one of its own.
        var run = capture.captured
        if run == nil {
            run = try history.begin(RunStart(
                project: check.project.name, kind: .drift, startedAt: startedAt, user: Deployment.user(), pid: getpid(),
                profiles: check.request.profiles, services: check.request.services, trigger: options.trigger, planeVersion: Deployment.version))
            let outcome: RunOutcome = switch status {
            case .clean, .drift, .fixed: .succeeded
            case .error: .failed
            case .held, .locked: .refused
            }
            try history.finish(run!, outcome: outcome, services: [])
        }
        try history.recordDrift(DriftRecord(status: status.rawValue, items: report.items.map {
            DriftRecord.Item(service: $0.service, direction: $0.direction.rawValue, cause: $0.code, causeText: $0.text)
        }, seconds: seconds), in: run!)
        return Outcome(status: status, report: report, detail: detail, writes: writes, seconds: seconds, run: run)
    }
}

/// Forwards to a history and keeps the id of the run `Deployment.up` begins (if it writes anything),
/// so the drift items are recorded on that same run.
final class CapturingHistory: DeploymentHistory {
    let base: any DeploymentHistory
    private let id = Mutex<RunID?>(nil)
    init(_ base: any DeploymentHistory) { self.base = base }
    var captured: RunID? { id.withLock { $0 } }

    func begin(_ run: RunStart) throws(HistoryError) -> RunID {
        let id = try base.begin(run)
        self.id.withLock { $0 = id }
        return id
    }
    func willRun(_ step: StepRecord, in run: RunID) throws(HistoryError) { try base.willRun(step, in: run) }
    func didRun(step: Int, in run: RunID, status: StepStatus, error: String?) throws(HistoryError) {
        try base.didRun(step: step, in: run, status: status, error: error)
    }
    func finish(_ run: RunID, outcome: RunOutcome, services: [ServiceResult]) throws(HistoryError) {
        try base.finish(run, outcome: outcome, services: services)
    }
    func unfinishedRuns(project: String) throws(HistoryError) -> [RunSummary] { try base.unfinishedRuns(project: project) }
    func markRecovered(_ run: RunID, by later: RunID) throws(HistoryError) { try base.markRecovered(run, by: later) }
    func runs(project: String, service: String?, limit: Int) throws(HistoryError) -> [RunSummary] {
        try base.runs(project: project, service: service, limit: limit)
    }
    func recordImageChange(_ change: ImageChange, in run: RunID) throws(HistoryError) { try base.recordImageChange(change, in: run) }
    func recordDrift(_ record: DriftRecord, in run: RunID) throws(HistoryError) { try base.recordDrift(record, in: run) }
    func lastDriftCheck(project: String, trigger: String?) throws(HistoryError) -> DriftCheckSummary? {
        try base.lastDriftCheck(project: project, trigger: trigger)
    }
}
