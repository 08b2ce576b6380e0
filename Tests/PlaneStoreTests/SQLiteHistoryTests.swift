import Foundation
import PlaneKit
import Testing
@testable import PlaneStore

/// Round trips of every record through the SQLite file, and the journal's queries.
@Suite struct SQLiteHistoryTests {
    @Test("a run, its journalled steps and its service results read back as written")
    func roundTrip() throws {
        let path = try HistoryFixture.path()
        let clock = HistoryFixture.Clock()
        let history = try SQLiteHistory(path: path, clock: { clock.tick() })
        let start = HistoryFixture.start()
        let run = try history.begin(start)
        let records = [HistoryFixture.step(0, action: "rename"), HistoryFixture.step(1),
                       StepRecord(index: 2, action: "create", target: "vm300_default", service: nil, cause: "missing-network",
                                  causeText: "it does not exist", intent: nil)]
        for record in records { try history.willRun(record, in: run) }
        try history.didRun(step: 0, in: run, status: .succeeded, error: nil)
        try history.didRun(step: 1, in: run, status: .failed, error: "create vm300-radarr-1: 409 Conflict: name in use")
        try history.finish(run, outcome: .restored, services: [HistoryFixture.result("traefik"), HistoryFixture.result("radarr"),
                                                             ServiceResult(service: "gone", containerID: nil, imageID: nil, repoDigest: nil, status: "removed")])

        let summaries = try history.runs(project: "vm300", service: nil, limit: 10)
        try #require(summaries.count == 1)
        let summary = summaries[0]
        #expect(summary.id == run)
        #expect(summary.start == start)
        #expect(summary.outcome == .restored)
        #expect(summary.recoveredBy == nil)
        // Clock readings: willRun 1-3, didRun 4-5, finish 6.
        let t0 = Date(timeIntervalSince1970: 1_790_000_000)
        #expect(summary.finishedAt == t0 + 6)
        #expect(summary.steps == [
            StepEntry(record: records[0], status: .succeeded, error: nil, startedAt: t0 + 1, finishedAt: t0 + 4),
            StepEntry(record: records[1], status: .failed, error: "create vm300-radarr-1: 409 Conflict: name in use", startedAt: t0 + 2, finishedAt: t0 + 5),
            StepEntry(record: records[2], status: .started, error: nil, startedAt: t0 + 3, finishedAt: nil),
        ])
        // Results come back sorted by service.
        #expect(summary.services == [ServiceResult(service: "gone", containerID: nil, imageID: nil, repoDigest: nil, status: "removed"),
                                     HistoryFixture.result("radarr"), HistoryFixture.result("traefik")])
    }

    @Test("every kind, outcome and step status survives the file", arguments: RunKind.allCases)
    func everyValue(kind: RunKind) throws {
        let history = try SQLiteHistory(path: try HistoryFixture.path())
        for (offset, outcome) in RunOutcome.allCases.enumerated() {
            let start = HistoryFixture.start(kind: kind, at: 1_790_000_000 + Double(offset), profiles: [], services: [])
            let run = try history.begin(start)
            for (index, status) in StepStatus.allCases.enumerated() {
                try history.willRun(HistoryFixture.step(index), in: run)
                try history.didRun(step: index, in: run, status: status, error: status == .failed ? "boom" : nil)
            }
            try history.finish(run, outcome: outcome, services: [])
        }
        let runs = try history.runs(project: "vm300", service: nil, limit: 0)
        #expect(runs.map(\.outcome) == RunOutcome.allCases.reversed().map { $0 })
        #expect(runs.allSatisfy { $0.start.kind == kind && $0.start.profiles.isEmpty && $0.start.services.isEmpty })
        #expect(runs.allSatisfy { $0.steps.map(\.status) == StepStatus.allCases })
    }

    @Test("a run left open (plane killed) is unfinished, also for a new connection; finished ones and other projects are not")
    func unfinishedAfterKill() throws {
        let path = try HistoryFixture.path()
        do {
            let history = try SQLiteHistory(path: path)
            let done = try history.begin(HistoryFixture.start())
            try history.finish(done, outcome: .succeeded, services: [])
            _ = try history.begin(HistoryFixture.start(project: "other"))
            let killed = try history.begin(HistoryFixture.start(at: 1_790_000_100))
            try history.willRun(HistoryFixture.step(0, action: "rename"), in: killed)
            try history.didRun(step: 0, in: killed, status: .succeeded, error: nil)
            try history.willRun(HistoryFixture.step(1), in: killed)
            // No didRun, no finish: the process "dies" here.
        }
        let next = try SQLiteHistory(path: path)
        let open = try next.unfinishedRuns(project: "vm300")
        try #require(open.count == 1)
        #expect(open[0].outcome == nil && open[0].finishedAt == nil)
        #expect(open[0].steps.map(\.status) == [.succeeded, .started])
        #expect(open[0].steps.last?.record == HistoryFixture.step(1))
        #expect(try next.unfinishedRuns(project: "other").count == 1)
        #expect(try next.unfinishedRuns(project: "nobody").isEmpty)
    }

    @Test("willRun is committed before it returns: another connection sees the step at once")
    func writeAhead() throws {
        let path = try HistoryFixture.path()
        let writer = try SQLiteHistory(path: path)
        let reader = try SQLiteHistory(path: path)
        let run = try writer.begin(HistoryFixture.start())
        try writer.willRun(HistoryFixture.step(7), in: run)
        let seen = try reader.unfinishedRuns(project: "vm300")
        #expect(seen.first?.steps.map(\.record.index) == [7])
        #expect(seen.first?.steps.first?.status == .started)
    }

    @Test("markRecovered closes an unfinished run and names the run that converged it")
    func recovered() throws {
        let history = try SQLiteHistory(path: try HistoryFixture.path())
        let killed = try history.begin(HistoryFixture.start())
        let finished = try history.begin(HistoryFixture.start(at: 1_790_000_050))
        try history.finish(finished, outcome: .failed, services: [])
        let later = try history.begin(HistoryFixture.start(at: 1_790_000_100))
        try history.markRecovered(killed, by: later)
        try history.markRecovered(finished, by: later)  // has an outcome already: kept
        #expect(try history.unfinishedRuns(project: "vm300").map(\.id) == [later])
        let byID = Dictionary(uniqueKeysWithValues: try history.runs(project: "vm300", service: nil, limit: 0).map { ($0.id, $0) })
        #expect(byID[killed]?.outcome == .recovered)
        #expect(byID[killed]?.recoveredBy == later)
        #expect(byID[finished]?.outcome == .failed)
        #expect(byID[finished]?.recoveredBy == nil)
        #expect(throws: HistoryError.self) { try history.markRecovered(RunID(999), by: later) }
        #expect(throws: HistoryError.self) { try history.markRecovered(killed, by: RunID(999)) }
    }

    @Test("unknown runs and steps are errors, not silent no-ops")
    func unknownIDs() throws {
        let history = try SQLiteHistory(path: try HistoryFixture.path())
        let run = try history.begin(HistoryFixture.start())
        for attempt in [
            { try history.willRun(HistoryFixture.step(0), in: RunID(42)) },
            { try history.didRun(step: 3, in: run, status: .succeeded, error: nil) },
            { try history.finish(RunID(42), outcome: .succeeded, services: []) },
        ] as [() throws -> Void] {
            do {
                try attempt()
                Issue.record("expected unknown-run")
            } catch let error as HistoryError {
                #expect(error.code == .unknownRun, "\(error)")
            }
        }
    }

    @Test("runs(service:) keeps the runs with a step on or a result for the service; newest first; limit")
    func serviceFilterAndLimit() throws {
        let history = try SQLiteHistory(path: try HistoryFixture.path())
        var ids: [RunID] = []
        for index in 0..<5 {
            let run = try history.begin(HistoryFixture.start(at: 1_790_000_000 + Double(index)))
            ids.append(run)
            let service = index.isMultiple(of: 2) ? "radarr" : "sonarr"
            try history.willRun(HistoryFixture.step(0, service: service), in: run)
            try history.finish(run, outcome: .succeeded, services: index == 3 ? [HistoryFixture.result("radarr")] : [])
        }
        _ = try history.begin(HistoryFixture.start(project: "other"))
        #expect(try history.runs(project: "vm300", service: nil, limit: 0).map(\.id) == ids.reversed())
        #expect(try history.runs(project: "vm300", service: nil, limit: 2).map(\.id) == [ids[4], ids[3]])
        #expect(try history.runs(project: "vm300", service: "radarr", limit: 0).map(\.id) == [ids[4], ids[3], ids[2], ids[0]])
        #expect(try history.runs(project: "vm300", service: "radarr", limit: 3).map(\.id) == [ids[4], ids[3], ids[2]])
        #expect(try history.runs(project: "vm300", service: "sonarr", limit: 0).map(\.id) == [ids[3], ids[1]])
        #expect(try history.runs(project: "vm300", service: "lidarr", limit: 0).isEmpty)
        #expect(try history.runs(project: "other", service: nil, limit: 0).count == 1)
    }

    @Test("two connections writing at once both land, with distinct run ids")
    func concurrentWriters() async throws {
        let path = try HistoryFixture.path()
        _ = try SQLiteHistory(path: path)  // created once, so both writers open an existing file
        let runs = try await withThrowingTaskGroup(of: RunID.self) { group in
            for writer in 0..<2 {
                group.addTask {
                    let history = try SQLiteHistory(path: path)
                    let run = try history.begin(HistoryFixture.start(at: 1_790_000_000 + Double(writer)))
                    for index in 0..<100 {
                        try history.willRun(HistoryFixture.step(index, service: "s\(writer)"), in: run)
                        try history.didRun(step: index, in: run, status: .succeeded, error: nil)
                    }
                    try history.finish(run, outcome: .succeeded, services: (0..<10).map { HistoryFixture.result("s\(writer)-\($0)") })
                    return run
                }
            }
            return try await group.reduce(into: [RunID]()) { $0.append($1) }
        }
        #expect(Set(runs).count == 2)
        let written = try SQLiteHistory(path: path).runs(project: "vm300", service: nil, limit: 0)
        #expect(written.count == 2)
        #expect(written.allSatisfy { $0.steps.count == 100 && $0.steps.allSatisfy { $0.status == .succeeded } && $0.services.count == 10 })
    }
}
