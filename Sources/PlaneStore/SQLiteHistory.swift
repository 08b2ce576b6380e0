import CSQLite
import Foundation
import PlaneKit
import Synchronization

/// `DeploymentHistory` in a SQLite file (`<state dir>/history.sqlite`): runs, their write-ahead
/// journal of steps, and where each service ended.
///
/// Durability: WAL with `synchronous=NORMAL`. Every `begin`/`willRun`/`didRun`/`finish` is its own
/// committed transaction before the call returns, written to the WAL with write(2), so it survives
/// a kill -9 of plane (the kernel holds it); only a power loss can drop the last few commits, and
/// the file stays consistent even then. `synchronous=FULL` would add an fsync per step (a 60-step
/// run would cost 60 disk flushes) for a guarantee the journal does not need: after a power loss
/// the Engine's own state is re-observed anyway.
///
/// Opening never repairs: a file that is not a database, or was written by a newer plane, is a
/// `HistoryError` and the file is left byte for byte as it was.
public final class SQLiteHistory: DeploymentHistory {
    /// How long a write waits for another plane's transaction before failing with `.busy`.
    public static let busyTimeoutMilliseconds: Int32 = 5000

    public let path: String
    private let database: Mutex<SQLiteDatabase>
    private let clock: @Sendable () -> Date

    /// Opens the history at `path`, creating it (mode 0600, its folder 0700) when `create` is set
    /// and it does not exist, and migrating an older schema forward.
    public init(path: String, create: Bool = true, clock: @escaping @Sendable () -> Date = { Date() }) throws(HistoryError) {
        self.path = path
        self.clock = clock
        if create { try Self.createPrivateFile(path) }
        let connection = try SQLiteDatabase(path: path, create: create)
        try connection.setBusyTimeout(milliseconds: Self.busyTimeoutMilliseconds)
        // The first read: a corrupt or newer file fails here, before anything is written.
        _ = try HistorySchema.version(of: connection)
        try connection.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON")
        try HistorySchema.migrate(connection)
        database = Mutex(connection)
    }

    /// The connection's `synchronous` level (1 = NORMAL: a commit in WAL mode does not fsync) and
    /// whether the journal is a write-ahead log: what makes a step cheap, tested directly because a
    /// timing bound alone cannot tell an fsync on tmpfs from none.
    var durability: (synchronous: Int64, writeAheadLog: Bool) {
        database.withLock { db in
            let level = (try? db.integer("PRAGMA synchronous")) ?? -1
            let wal = (try? db.integer("SELECT journal_mode = 'wal' FROM pragma_journal_mode")) ?? 0
            return (level, wal == 1)
        }
    }

    /// Creates an empty file with mode 0600 (SQLite would use 0644 and give its -wal and -shm files
    /// the same mode), in a folder created 0700; an existing file is left as it is.
    private static func createPrivateFile(_ path: String) throws(HistoryError) {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !FileSystem.makeDirectories(folder) {
            throw HistoryError(.io, "cannot create plane's state folder \(folder): \(String(cString: strerror(errno)))", path: path,
                               hint: "set PLANE_STATE_DIR to a folder this user can write")
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
        if fd >= 0 {
            close(fd)
        } else if errno != EEXIST {
            throw HistoryError(.io, "cannot create plane's history: \(String(cString: strerror(errno)))", path: path,
                               hint: "set PLANE_STATE_DIR to a folder this user can write")
        }
    }

    public func begin(_ run: RunStart) throws(HistoryError) -> RunID {
        try database.withLock { db throws(HistoryError) -> RunID in
            try db.prepare("""
                INSERT INTO runs (project, kind, started_at, user_name, pid, profiles, services, triggered_by, plane_version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
                .bind(.text(run.project), .text(run.kind.rawValue), .integer(Self.microseconds(run.startedAt)), .text(run.user),
                      .integer(Int64(run.pid)), .text(Self.list(run.profiles)), .text(Self.list(run.services)),
                      .text(run.trigger), .text(run.planeVersion))
                .run()
            return RunID(db.lastInsertRowID)
        }
    }

    /// Journals a step (committed before it returns). Journalling the same step again restarts it.
    public func willRun(_ step: StepRecord, in run: RunID) throws(HistoryError) {
        let now = Self.microseconds(clock())
        try database.withLock { db throws(HistoryError) in
            try db.prepare("""
                INSERT INTO steps (run, step, action, target, service, cause, cause_text, intent, status, error, started_at, finished_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'started', NULL, ?, NULL)
                ON CONFLICT (run, step) DO UPDATE SET action = excluded.action, target = excluded.target,
                    service = excluded.service, cause = excluded.cause, cause_text = excluded.cause_text,
                    intent = excluded.intent, status = 'started', error = NULL, started_at = excluded.started_at,
                    finished_at = NULL
                """)
                .bind(.integer(run.rawValue), .integer(Int64(step.index)), .text(step.action), .text(step.target),
                      .optional(step.service), .text(step.cause), .text(step.causeText), .optional(step.intent), .integer(now))
                .run()
        }
    }

    public func didRun(step: Int, in run: RunID, status: StepStatus, error: String?) throws(HistoryError) {
        let now = Self.microseconds(clock())
        try database.withLock { db throws(HistoryError) in
            try db.prepare("UPDATE steps SET status = ?, error = ?, finished_at = ? WHERE run = ? AND step = ?")
                .bind(.text(status.rawValue), .optional(error), .integer(now), .integer(run.rawValue), .integer(Int64(step)))
                .run()
            guard db.changes == 1 else {
                throw HistoryError(.unknownRun, "no step \(step) journalled in run \(run) of plane's history", path: path)
            }
        }
    }

    public func finish(_ run: RunID, outcome: RunOutcome, services: [ServiceResult]) throws(HistoryError) {
        let now = Self.microseconds(clock())
        try database.withLock { db throws(HistoryError) in
            try db.transaction { () throws(HistoryError) in
                try db.prepare("UPDATE runs SET finished_at = ?, outcome = ? WHERE id = ?")
                    .bind(.integer(now), .text(outcome.rawValue), .integer(run.rawValue))
                    .run()
                guard db.changes == 1 else { throw Self.unknown(run, path: path) }
                for result in services {
                    try db.prepare("""
                        INSERT OR REPLACE INTO service_results (run, service, container_id, image_id, repo_digest, status)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """)
                        .bind(.integer(run.rawValue), .text(result.service), .optional(result.containerID),
                              .optional(result.imageID), .optional(result.repoDigest), .text(result.status))
                        .run()
                }
            }
        }
    }

    public func unfinishedRuns(project: String) throws(HistoryError) -> [RunSummary] {
        try database.withLock { db throws(HistoryError) -> [RunSummary] in
            let statement = try db.prepare("SELECT \(Self.runColumns) FROM runs WHERE project = ? AND outcome IS NULL ORDER BY id")
            try statement.bind(.text(project))
            return try Self.summaries(statement, in: db)
        }
    }

    /// Marks a run that never finished as recovered by `later`. A run that already has an outcome
    /// keeps it.
    public func markRecovered(_ run: RunID, by later: RunID) throws(HistoryError) {
        try database.withLock { db throws(HistoryError) in
            try db.transaction { () throws(HistoryError) in
                for id in [run, later] {
                    guard try db.prepare("SELECT count(*) FROM runs WHERE id = ?").bind(.integer(id.rawValue)).count() == 1 else {
                        throw Self.unknown(id, path: path)
                    }
                }
                try db.prepare("UPDATE runs SET outcome = ?, recovered_by = ? WHERE id = ? AND outcome IS NULL")
                    .bind(.text(RunOutcome.recovered.rawValue), .integer(later.rawValue), .integer(run.rawValue))
                    .run()
            }
        }
    }

    /// The newest runs first. With `service`, the runs with a step on it or a result for it.
    /// `limit` of 0 or less means all of them.
    public func runs(project: String, service: String?, limit: Int) throws(HistoryError) -> [RunSummary] {
        try database.withLock { db throws(HistoryError) -> [RunSummary] in
            let statement = try db.prepare("""
                SELECT \(Self.runColumns) FROM runs
                WHERE project = ?1 AND (?2 IS NULL OR id IN (
                    SELECT run FROM steps WHERE service = ?2 UNION SELECT run FROM service_results WHERE service = ?2
                    UNION SELECT run FROM image_changes WHERE service = ?2))
                ORDER BY id DESC LIMIT ?3
                """)
            try statement.bind(.text(project), .optional(service), .integer(limit > 0 ? Int64(limit) : -1))
            return try Self.summaries(statement, in: db)
        }
    }

    // MARK: - Drift

    public func recordDrift(_ record: DriftRecord, in run: RunID) throws(HistoryError) {
        try database.withLock { db throws(HistoryError) in
            try db.transaction { () throws(HistoryError) in
                guard try db.prepare("SELECT count(*) FROM runs WHERE id = ?").bind(.integer(run.rawValue)).count() == 1 else {
                    throw Self.unknown(run, path: path)
                }
                try db.prepare("INSERT OR REPLACE INTO drift_checks (run, status, items, duration_us) VALUES (?, ?, ?, ?)")
                    .bind(.integer(run.rawValue), .text(record.status), .integer(Int64(record.items.count)),
                          .integer(Int64((record.seconds * 1_000_000).rounded())))
                    .run()
                try db.prepare("DELETE FROM drift_items WHERE run = ?").bind(.integer(run.rawValue)).run()
                for (index, item) in record.items.enumerated() {
                    try db.prepare("""
                        INSERT INTO drift_items (run, item, service, direction, cause, cause_text) VALUES (?, ?, ?, ?, ?, ?)
                        """)
                        .bind(.integer(run.rawValue), .integer(Int64(index + 1)), .text(item.service), .text(item.direction),
                              .text(item.cause), .text(item.causeText))
                        .run()
                }
            }
        }
    }

    public func lastDriftCheck(project: String, trigger: String?) throws(HistoryError) -> DriftCheckSummary? {
        try database.withLock { db throws(HistoryError) -> DriftCheckSummary? in
            let statement = try db.prepare("""
                SELECT runs.id, runs.started_at, runs.triggered_by, drift_checks.status FROM runs JOIN drift_checks ON drift_checks.run = runs.id
                WHERE runs.project = ?1 AND runs.kind = 'drift' AND (?2 IS NULL OR runs.triggered_by = ?2)
                    AND drift_checks.status IN ('clean', 'drift', 'fixed')
                ORDER BY runs.id DESC LIMIT 1
                """)
            defer { statement.reset() }
            try statement.bind(.text(project), .optional(trigger))
            guard try statement.step() else { return nil }
            return DriftCheckSummary(run: RunID(statement.int64(0)), startedAt: Self.date(statement.int64(1)),
                                     trigger: statement.text(2), status: statement.text(3))
        }
    }

    /// What a drift run recorded (status and items), nil for other runs.
    public func driftRecord(of run: RunID) throws(HistoryError) -> DriftRecord? {
        try database.withLock { db throws(HistoryError) -> DriftRecord? in
            let check = try db.prepare("SELECT status, duration_us FROM drift_checks WHERE run = ?")
            defer { check.reset() }
            try check.bind(.integer(run.rawValue))
            guard try check.step() else { return nil }
            var record = DriftRecord(status: check.text(0), items: [], seconds: Double(check.int64(1)) / 1_000_000)
            let items = try db.prepare("SELECT service, direction, cause, cause_text FROM drift_items WHERE run = ? ORDER BY item")
            defer { items.reset() }
            try items.bind(.integer(run.rawValue))
            while try items.step() {
                record.items.append(.init(service: items.text(0), direction: items.text(1), cause: items.text(2), causeText: items.text(3)))
            }
            return record
        }
    }

    /// Upserts one service's image change of an upgrade or rollback run (its own commit).
    public func recordImageChange(_ change: ImageChange, in run: RunID) throws(HistoryError) {
        try database.withLock { db throws(HistoryError) in
            try db.prepare("""
                INSERT OR REPLACE INTO image_changes
                    (run, service, profile, image, from_image, from_digest, from_healthy, to_image, to_digest, status, gate)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
                .bind(.integer(run.rawValue), .text(change.service), .text(change.profile), .text(change.image),
                      .optional(change.fromImage), .optional(change.fromDigest), .integer(change.fromHealthy ? 1 : 0),
                      .optional(change.toImage), .optional(change.toDigest), .text(change.status.rawValue), .optional(change.gate))
                .run()
        }
    }

    // MARK: - Reading rows

    private static let runColumns =
        "id, project, kind, started_at, user_name, pid, profiles, services, triggered_by, plane_version, finished_at, outcome, recovered_by"

    /// Reads every row of a `runColumns` query, then each run's steps and results.
    private static func summaries(_ statement: SQLiteStatement, in db: SQLiteDatabase) throws(HistoryError) -> [RunSummary] {
        var runs: [RunSummary] = []
        defer { statement.reset() }
        while try statement.step() {
            let start = RunStart(
                project: statement.text(1), kind: try decode(RunKind.self, statement.text(2), db),
                startedAt: date(statement.int64(3)), user: statement.text(4), pid: Int32(truncatingIfNeeded: statement.int64(5)),
                profiles: names(statement.text(6)), services: names(statement.text(7)), trigger: statement.text(8),
                planeVersion: statement.text(9))
            runs.append(RunSummary(
                id: RunID(statement.int64(0)), start: start, finishedAt: statement.optionalInt64(10).map(date),
                outcome: try statement.optionalText(11).map { (raw: String) throws(HistoryError) in try decode(RunOutcome.self, raw, db) },
                recoveredBy: statement.optionalInt64(12).map(RunID.init), steps: [], services: []))
        }
        statement.reset()
        for index in runs.indices {
            runs[index].steps = try steps(of: runs[index].id, in: db)
            runs[index].services = try results(of: runs[index].id, in: db)
            runs[index].imageChanges = try imageChanges(of: runs[index].id, in: db)
        }
        return runs
    }

    private static func steps(of run: RunID, in db: SQLiteDatabase) throws(HistoryError) -> [StepEntry] {
        let statement = try db.prepare("""
            SELECT step, action, target, service, cause, cause_text, intent, status, error, started_at, finished_at
            FROM steps WHERE run = ? ORDER BY step
            """)
        defer { statement.reset() }
        try statement.bind(.integer(run.rawValue))
        var steps: [StepEntry] = []
        while try statement.step() {
            let record = StepRecord(index: Int(statement.int64(0)), action: statement.text(1), target: statement.text(2),
                                    service: statement.optionalText(3), cause: statement.text(4), causeText: statement.text(5),
                                    intent: statement.optionalText(6))
            steps.append(StepEntry(record: record, status: try decode(StepStatus.self, statement.text(7), db),
                                   error: statement.optionalText(8), startedAt: date(statement.int64(9)),
                                   finishedAt: statement.optionalInt64(10).map(date)))
        }
        return steps
    }

    private static func results(of run: RunID, in db: SQLiteDatabase) throws(HistoryError) -> [ServiceResult] {
        let statement = try db.prepare("""
            SELECT service, container_id, image_id, repo_digest, status FROM service_results WHERE run = ? ORDER BY service
            """)
        defer { statement.reset() }
        try statement.bind(.integer(run.rawValue))
        var results: [ServiceResult] = []
        while try statement.step() {
            results.append(ServiceResult(service: statement.text(0), containerID: statement.optionalText(1),
                                         imageID: statement.optionalText(2), repoDigest: statement.optionalText(3),
                                         status: statement.text(4)))
        }
        return results
    }

    private static func imageChanges(of run: RunID, in db: SQLiteDatabase) throws(HistoryError) -> [ImageChange] {
        let statement = try db.prepare("""
            SELECT service, profile, image, from_image, from_digest, from_healthy, to_image, to_digest, status, gate
            FROM image_changes WHERE run = ? ORDER BY service
            """)
        defer { statement.reset() }
        try statement.bind(.integer(run.rawValue))
        var changes: [ImageChange] = []
        while try statement.step() {
            changes.append(ImageChange(
                service: statement.text(0), profile: statement.text(1), image: statement.text(2), fromImage: statement.optionalText(3),
                fromDigest: statement.optionalText(4), fromHealthy: statement.int64(5) != 0, toImage: statement.optionalText(6),
                toDigest: statement.optionalText(7), status: try decode(ImageChange.Status.self, statement.text(8), db),
                gate: statement.optionalText(9)))
        }
        return changes
    }

    private static func decode<Value: RawRepresentable>(_ type: Value.Type, _ raw: String, _ db: SQLiteDatabase) throws(HistoryError) -> Value
    where Value.RawValue == String {
        guard let value = Value(rawValue: raw) else {
            throw HistoryError(.corrupt, "plane's history holds an unknown \(String(describing: type)) value \"\(raw)\"", path: db.path,
                               hint: "nothing was changed; was it written by another program?")
        }
        return value
    }

    private static func unknown(_ run: RunID, path: String) -> HistoryError {
        return HistoryError(.unknownRun, "no run \(run) in plane's history", path: path)
    }

    static func microseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1_000_000).rounded()) }
    static func date(_ microseconds: Int64) -> Date { Date(timeIntervalSince1970: Double(microseconds) / 1_000_000) }
    private static func list(_ names: [String]) -> String { names.joined(separator: "\n") }
    private static func names(_ text: String) -> [String] { text.isEmpty ? [] : text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
}

extension SQLiteStatement {
    /// The single integer of a `count(*)` query.
    fileprivate func count() throws(HistoryError) -> Int {
        defer { reset() }
        return try step() ? Int(int64(0)) : 0
    }
}
