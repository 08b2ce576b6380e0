import Foundation
import PlaneKit
import Synchronization

/// `DeploymentHistory` in memory, for tests: the same write-ahead contract as the SQLite store.
public final class MemoryHistory: DeploymentHistory {
    private struct State {
        var runs: [RunSummary] = []
    }

    private let state = Mutex(State())
    /// When set and killed, writes are dropped (the process that would make them is gone).
    private let killSwitch: KillSwitch?

    public init(killSwitch: KillSwitch? = nil) { self.killSwitch = killSwitch }

    public var all: [RunSummary] { state.withLock { $0.runs } }

    public func begin(_ run: RunStart) throws(HistoryError) -> RunID {
        state.withLock { s in
            let id = RunID(Int64(s.runs.count + 1))
            s.runs.append(RunSummary(id: id, start: run, finishedAt: nil, outcome: nil, recoveredBy: nil, steps: [], services: []))
            return id
        }
    }

    private func update(_ run: RunID, _ body: (inout RunSummary) -> Void) throws(HistoryError) {
        if killSwitch?.killed == true { return }
        let found = state.withLock { s -> Bool in
            guard let i = s.runs.firstIndex(where: { $0.id == run }) else { return false }
            body(&s.runs[i])
            return true
        }
        if !found { throw HistoryError(.unknownRun, "no run \(run)") }
    }

    public func willRun(_ step: StepRecord, in run: RunID) throws(HistoryError) {
        try update(run) { $0.steps.append(StepEntry(record: step, status: .started, error: nil, startedAt: Date(), finishedAt: nil)) }
    }

    public func didRun(step: Int, in run: RunID, status: StepStatus, error: String?) throws(HistoryError) {
        try update(run) { summary in
            if let i = summary.steps.lastIndex(where: { $0.record.index == step }) {
                summary.steps[i].status = status
                summary.steps[i].error = error
                summary.steps[i].finishedAt = Date()
            }
        }
    }

    public func finish(_ run: RunID, outcome: RunOutcome, services: [ServiceResult]) throws(HistoryError) {
        try update(run) { $0.outcome = outcome; $0.finishedAt = Date(); $0.services = services }
    }

    public func unfinishedRuns(project: String) throws(HistoryError) -> [RunSummary] {
        state.withLock { $0.runs.filter { $0.start.project == project && $0.outcome == nil } }
    }

    public func markRecovered(_ run: RunID, by later: RunID) throws(HistoryError) {
        try update(run) { $0.outcome = .recovered; $0.recoveredBy = later; $0.finishedAt = Date() }
    }

    public func runs(project: String, service: String?, limit: Int) throws(HistoryError) -> [RunSummary] {
        state.withLock { s in
            let matching = s.runs.filter { run in
                run.start.project == project && (service == nil || run.steps.contains { $0.record.service == service }
                    || run.imageChanges.contains { $0.service == service })
            }
            return Array(matching.reversed().prefix(limit > 0 ? limit : Int.max))
        }
    }

    public func recordImageChange(_ change: ImageChange, in run: RunID) throws(HistoryError) {
        try update(run) { summary in
            if let i = summary.imageChanges.firstIndex(where: { $0.service == change.service }) {
                summary.imageChanges[i] = change
            } else {
                summary.imageChanges.append(change)
            }
        }
    }
}
