import CSQLite
import Foundation
import PlaneKit
import Testing
@testable import PlaneStore

/// The file itself: modes, schema versions and migrations, and files plane must refuse untouched.
@Suite struct HistoryFileTests {
    @Test("a new history is mode 0600 (and so are its WAL files) in a folder made 0700")
    func privateModes() throws {
        let path = try HistoryFixture.path()
        let history = try SQLiteHistory(path: path)
        _ = try history.begin(HistoryFixture.start())
        #expect(try HistoryFixture.mode(path) == 0o600)
        #expect(try HistoryFixture.mode((path as NSString).deletingLastPathComponent) == 0o700)
        #expect(try HistoryFixture.mode(path + "-wal") == 0o600)
        #expect(try HistoryFixture.mode(path + "-shm") == 0o600)
    }

    @Test("the file is in WAL mode at the current schema version")
    func walAndVersion() throws {
        let path = try HistoryFixture.path()
        _ = try SQLiteHistory(path: path)
        let database = try SQLiteDatabase(path: path, create: false)
        #expect(try database.integer("PRAGMA user_version") == HistorySchema.currentVersion)
        let statement = try database.prepare("PRAGMA journal_mode")
        #expect(try statement.step())
        #expect(statement.text(0) == "wal")
    }

    @Test("a file at schema version 1 is migrated forward and keeps its runs")
    func migrationFromVersion1() throws {
        let path = try HistoryFixture.path()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        do {
            let old = try SQLiteDatabase(path: path, create: true)
            try HistorySchema.migrate(old, to: 1)
            try old.execute("""
                INSERT INTO runs (project, kind, started_at, user_name, pid, profiles, services, triggered_by, plane_version)
                VALUES ('vm300', 'up', 1790000000000000, 'plane-admin', 7, 'core', 'traefik', 'timer', '0.8.0');
                INSERT INTO steps (run, step, action, target, service, cause, cause_text, intent, status, started_at)
                VALUES (1, 0, 'start', 'vm300-traefik-1', 'traefik', 'stopped', 'it is stopped', NULL, 'started', 1790000001000000);
                """)
            #expect(try old.integer("PRAGMA user_version") == 1)
            #expect(try old.integer("SELECT count(*) FROM sqlite_master WHERE name = 'service_results'") == 0)
        }
        let history = try SQLiteHistory(path: path)
        let open = try history.unfinishedRuns(project: "vm300")
        try #require(open.count == 1)
        #expect(open[0].start.trigger == "timer" && open[0].start.profiles == ["core"] && open[0].start.pid == 7)
        #expect(open[0].steps.map(\.record.target) == ["vm300-traefik-1"])
        try history.finish(open[0].id, outcome: .succeeded, services: [HistoryFixture.result("traefik")])
        #expect(try history.runs(project: "vm300", service: "traefik", limit: 0).first?.services == [HistoryFixture.result("traefik")])
        let database = try SQLiteDatabase(path: path, create: false)
        #expect(try database.integer("PRAGMA user_version") == HistorySchema.currentVersion)
    }

    @Test("a file written by a newer plane is refused and left byte for byte as it was")
    func newerSchema() throws {
        let path = try HistoryFixture.path()
        do {
            let history = try SQLiteHistory(path: path)
            _ = try history.begin(HistoryFixture.start())
        }
        do {
            let database = try SQLiteDatabase(path: path, create: false)
            try database.execute("PRAGMA user_version = \(HistorySchema.currentVersion + 1)")
        }
        let before = try HistoryFixture.bytes(path)
        do {
            _ = try SQLiteHistory(path: path)
            Issue.record("a newer schema was opened")
        } catch {
            #expect(error.code == .newerSchema)
            #expect(error.description.contains("newer plane") && error.description.contains(path))
            #expect(error.description.contains("nothing was changed"))
        }
        #expect(try HistoryFixture.bytes(path) == before)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test("a file that is not a database is refused and left as it was", arguments: [
        Data("this is not a database, it is a note someone left here\n".utf8),
        Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) }),
    ])
    func notADatabase(content: Data) throws {
        let path = try HistoryFixture.path()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try content.write(to: URL(fileURLWithPath: path))
        for create in [true, false] {
            do {
                _ = try SQLiteHistory(path: path, create: create)
                Issue.record("a corrupt file was opened")
            } catch {
                #expect(error.code == .corrupt, "\(error)")
                #expect(error.description.contains(path) && error.description.contains("nothing was changed"))
            }
        }
        #expect(try HistoryFixture.bytes(path) == content)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test("a database whose pages are damaged fails with a corrupt error on read, and is not rewritten")
    func damagedPages() throws {
        let path = try HistoryFixture.path()
        do {
            let history = try SQLiteHistory(path: path)
            for index in 0..<30 {
                let run = try history.begin(HistoryFixture.start(at: 1_790_000_000 + Double(index)))
                for step in 0..<20 { try history.willRun(HistoryFixture.step(step), in: run) }
            }
        }
        // Closing the last connection checkpointed the WAL into the file: damage everything after page 1.
        var bytes = try HistoryFixture.bytes(path)
        try #require(bytes.count > 8192)
        for offset in 4096..<bytes.count { bytes[offset] = UInt8(truncatingIfNeeded: offset &* 31) }
        try bytes.write(to: URL(fileURLWithPath: path))
        do {
            let history = try SQLiteHistory(path: path)
            _ = try history.runs(project: "vm300", service: nil, limit: 0)
            Issue.record("a damaged database was read")
        } catch {
            #expect(error.code == .corrupt, "\(error)")
        }
        #expect(try HistoryFixture.bytes(path) == bytes)
    }

    @Test("opening without create does not make a file")
    func noCreate() throws {
        let path = try HistoryFixture.path()
        #expect(throws: HistoryError.self) { _ = try SQLiteHistory(path: path, create: false) }
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
