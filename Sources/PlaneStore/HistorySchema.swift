import PlaneKit

/// The history's tables, versioned with `PRAGMA user_version`. Migration `n` takes the file from
/// version `n` to `n + 1`; all the pending ones run in one transaction. A file at version 0 is new. Append migrations, never
/// edit one that has shipped: a file written by this build is read by every later one, and a file
/// from a later build (higher version) is refused, never rewritten.
///
/// Times are integer microseconds since 1970 (`datetime(started_at / 1e6, 'unixepoch')` in the
/// sqlite3 shell); lists of names are newline-separated (no profile or service name has one).
enum HistorySchema {
    static let migrations: [String] = [
        // 1: runs and their write-ahead journal of steps.
        """
        CREATE TABLE runs (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            project       TEXT    NOT NULL,
            kind          TEXT    NOT NULL,
            started_at    INTEGER NOT NULL,
            user_name     TEXT    NOT NULL,
            pid           INTEGER NOT NULL,
            profiles      TEXT    NOT NULL,
            services      TEXT    NOT NULL,
            triggered_by  TEXT    NOT NULL,
            plane_version TEXT    NOT NULL,
            finished_at   INTEGER,
            outcome       TEXT,
            recovered_by  INTEGER REFERENCES runs(id)
        );
        CREATE INDEX runs_by_project ON runs(project, id);
        CREATE TABLE steps (
            run         INTEGER NOT NULL REFERENCES runs(id),
            step        INTEGER NOT NULL,
            action      TEXT    NOT NULL,
            target      TEXT    NOT NULL,
            service     TEXT,
            cause       TEXT    NOT NULL,
            cause_text  TEXT    NOT NULL,
            intent      TEXT,
            status      TEXT    NOT NULL,
            error       TEXT,
            started_at  INTEGER NOT NULL,
            finished_at INTEGER,
            PRIMARY KEY (run, step)
        ) WITHOUT ROWID;
        """,
        // 2: where each service ended (container, image, digest), and lookups by service.
        """
        CREATE TABLE service_results (
            run          INTEGER NOT NULL REFERENCES runs(id),
            service      TEXT    NOT NULL,
            container_id TEXT,
            image_id     TEXT,
            repo_digest  TEXT,
            status       TEXT    NOT NULL,
            PRIMARY KEY (run, service)
        ) WITHOUT ROWID;
        CREATE INDEX steps_by_service ON steps(service, run);
        CREATE INDEX service_results_by_service ON service_results(service, run);
        """,
        // 3: what each drift run found (plane drift): its status and one row per drifted item.
        """
        CREATE TABLE drift_checks (
            run         INTEGER PRIMARY KEY REFERENCES runs(id),
            status      TEXT    NOT NULL,
            items       INTEGER NOT NULL,
            duration_us INTEGER NOT NULL
        );
        CREATE TABLE drift_items (
            run        INTEGER NOT NULL REFERENCES runs(id),
            item       INTEGER NOT NULL,
            service    TEXT    NOT NULL,
            direction  TEXT    NOT NULL,
            cause      TEXT    NOT NULL,
            cause_text TEXT    NOT NULL,
            PRIMARY KEY (run, item)
        ) WITHOUT ROWID;
        """,
        // 4: upgrade and rollback runs: per service, the image it ran (its last-good when healthy),
        // the image it moved to, and the gate's verdict (ImageChange).
        """
        CREATE TABLE image_changes (
            run          INTEGER NOT NULL REFERENCES runs(id),
            service      TEXT    NOT NULL,
            profile      TEXT    NOT NULL,
            image        TEXT    NOT NULL,
            from_image   TEXT,
            from_digest  TEXT,
            from_healthy INTEGER NOT NULL,
            to_image     TEXT,
            to_digest    TEXT,
            status       TEXT    NOT NULL,
            gate         TEXT,
            PRIMARY KEY (run, service)
        ) WITHOUT ROWID;
        CREATE INDEX image_changes_by_service ON image_changes(service, run);
        """,
    ]

    /// The version this build writes.
    static var currentVersion: Int64 { Int64(migrations.count) }

    /// Reads the file's version without writing anything; refuses a newer one.
    static func version(of database: SQLiteDatabase) throws(HistoryError) -> Int64 {
        let version = try database.integer("PRAGMA user_version")
        guard version <= currentVersion else {
            throw HistoryError(.newerSchema,
                               "plane's history was written by a newer plane (schema version \(version); this plane knows up to \(currentVersion))",
                               path: database.path,
                               hint: "nothing was changed; use the newer plane, or move the file aside to start a new history")
        }
        guard version >= 0 else {
            throw HistoryError(.corrupt, "plane's history has an invalid schema version (\(version))", path: database.path,
                               hint: "nothing was changed; move the file aside (plane then starts a new history)")
        }
        return version
    }

    /// Applies every migration above the file's version, together or not at all. Another
    /// process migrating at the same time is waited for, and its work is not repeated.
    static func migrate(_ database: SQLiteDatabase, to target: Int64 = currentVersion) throws(HistoryError) {
        guard try version(of: database) < target else { return }
        try database.transaction { () throws(HistoryError) in
            var version = try self.version(of: database)  // re-read under the write lock
            while version < target {
                try database.execute(migrations[Int(version)])
                version += 1
                try database.execute("PRAGMA user_version = \(version)")
            }
        }
    }
}
