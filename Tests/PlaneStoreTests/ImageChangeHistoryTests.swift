import Foundation
import PlaneKit
import Testing
@testable import PlaneStore

/// Schema version 3: the image changes of upgrade and rollback runs.
@Suite("History of image changes (upgrade, rollback)")
struct ImageChangeHistoryTests {
    static func change(_ service: String, status: ImageChange.Status) -> ImageChange {
        ImageChange(service: service, profile: "medias", image: "127.0.0.1:5000/app:stable",
                    fromImage: "sha256:" + String(repeating: "1", count: 64), fromDigest: "127.0.0.1:5000/app@sha256:aa", fromHealthy: true,
                    toImage: "sha256:" + String(repeating: "2", count: 64), toDigest: "127.0.0.1:5000/app@sha256:bb",
                    status: status, gate: status == .rolledBack ? "failed: vm300-radarr-1 unhealthy" : nil)
    }

    @Test("a file at schema version 2 is migrated to 3, keeps its runs, and records image changes")
    func migrationFromVersion2() throws {
        let path = try HistoryFixture.path()
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        do {
            let old = try SQLiteDatabase(path: path, create: true)
            try HistorySchema.migrate(old, to: 2)
            try old.execute("""
                INSERT INTO runs (project, kind, started_at, user_name, pid, profiles, services, triggered_by, plane_version)
                VALUES ('vm300', 'up', 1790000000000000, 'plane-admin', 7, 'core', 'traefik', 'timer', '0.8.0');
                """)
            #expect(try old.integer("SELECT count(*) FROM sqlite_master WHERE name = 'image_changes'") == 0)
        }
        let history = try SQLiteHistory(path: path)
        #expect(try history.unfinishedRuns(project: "vm300").count == 1)
        let database = try SQLiteDatabase(path: path, create: false)
        #expect(try database.integer("PRAGMA user_version") == HistorySchema.currentVersion)
        #expect(try database.integer("SELECT count(*) FROM sqlite_master WHERE name = 'image_changes'") == 1)

        let run = try history.begin(HistoryFixture.start(kind: .upgrade))
        try history.recordImageChange(Self.change("radarr", status: .replacing), in: run)
        try history.recordImageChange(Self.change("sonarr", status: .replacing), in: run)
        // The same service again updates its row (status moves on as the run goes).
        try history.recordImageChange(Self.change("radarr", status: .rolledBack), in: run)
        let unfinished = try history.unfinishedRuns(project: "vm300").first { $0.id == run }
        #expect(unfinished?.imageChanges == [Self.change("radarr", status: .rolledBack), Self.change("sonarr", status: .replacing)])
        try history.finish(run, outcome: .restored, services: [])
        // runs(service:) finds a run by its image changes alone.
        #expect(try history.runs(project: "vm300", service: "sonarr", limit: 0).map(\.id) == [run])
    }
}
