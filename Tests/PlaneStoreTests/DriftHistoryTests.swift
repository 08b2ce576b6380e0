import Foundation
import PlaneKit
import Testing
@testable import PlaneStore

/// Migration 3 (drift_checks, drift_items) and the drift runs it keeps: what `plane drift` records
/// and what `plane drift --max-age` reads back.
@Suite("drift runs in the history")
struct DriftHistoryTests {
    @Test("a file at schema version 2 is migrated to 3, keeps its runs, and takes drift records")
    func migrationFromVersion2() throws {
        let path = try HistoryFixture.path()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        do {
            let old = try SQLiteDatabase(path: path, create: true)
            try HistorySchema.migrate(old, to: 2)
            try old.execute("""
                INSERT INTO runs (project, kind, started_at, user_name, pid, profiles, services, triggered_by, plane_version, finished_at, outcome)
                VALUES ('vm300', 'up', 1790000000000000, 'plane-admin', 7, 'core', '', 'interactive', '0.8.0', 1790000001000000, 'succeeded');
                """)
            #expect(try old.integer("PRAGMA user_version") == 2)
            #expect(try old.integer("SELECT count(*) FROM sqlite_master WHERE name = 'drift_checks'") == 0)
        }
        let history = try SQLiteHistory(path: path)
        #expect(try history.runs(project: "vm300", service: nil, limit: 0).count == 1)
        #expect(HistorySchema.currentVersion >= 3)
        let run = try history.begin(HistoryFixture.start(kind: .drift))
        try history.finish(run, outcome: .succeeded, services: [])
        let record = DriftRecord(status: "drift", items: [
            .init(service: "radarr", direction: "files->engine", cause: "secret-changed", causeText: "secret transmission_pass changed"),
            .init(service: "sonarr", direction: "engine->files", cause: "live-edited", causeText: "restart policy was changed on the engine"),
        ], seconds: 0.125)
        try history.recordDrift(record, in: run)
        #expect(try history.driftRecord(of: run) == record)
        #expect(throws: HistoryError.self) { try history.recordDrift(record, in: RunID(999)) }
    }

    @Test("the last completed drift check, by trigger: errors, held and locked runs do not count")
    func lastDriftCheck() throws {
        let history = try SQLiteHistory(path: try HistoryFixture.path())
        #expect(try history.lastDriftCheck(project: "vm300", trigger: "timer") == nil)
        func drift(_ seconds: TimeInterval, trigger: String, status: String) throws -> RunID {
            var start = HistoryFixture.start(kind: .drift, at: seconds)
            start.trigger = trigger
            let run = try history.begin(start)
            try history.finish(run, outcome: .succeeded, services: [])
            try history.recordDrift(DriftRecord(status: status, items: [], seconds: 0.1), in: run)
            return run
        }
        let timerClean = try drift(1_790_000_000, trigger: "timer", status: "clean")
        _ = try drift(1_790_000_100, trigger: "interactive", status: "drift")
        _ = try drift(1_790_000_200, trigger: "timer", status: "error")
        _ = try drift(1_790_000_300, trigger: "timer", status: "held")
        let last = try #require(try history.lastDriftCheck(project: "vm300", trigger: "timer"))
        #expect(last.run == timerClean && last.status == "clean")
        #expect(last.startedAt == Date(timeIntervalSince1970: 1_790_000_000))
        #expect(try history.lastDriftCheck(project: "vm300", trigger: nil)?.status == "drift")
        #expect(try history.lastDriftCheck(project: "other", trigger: nil) == nil)
    }
}
