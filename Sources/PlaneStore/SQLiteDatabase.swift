import CSQLite
import PlaneKit

/// One connection to a SQLite file: owns the `sqlite3*`, closes it in deinit, checks every return
/// code and turns a failure into a `HistoryError` carrying SQLite's own message (which names
/// tables and columns, never a bound value: values only ever travel as bound parameters).
/// Not thread-safe on its own: `SQLiteHistory` serialises every use behind a lock.
final class SQLiteDatabase {
    fileprivate let handle: OpaquePointer
    let path: String
    /// Prepared statements by SQL text: the journal runs the same few statements hundreds of times.
    private var statements: [String: SQLiteStatement] = [:]

    /// Opens `path` read-write; creates it only when `create` is set. Nothing is read or written yet.
    init(path: String, create: Bool) throws(HistoryError) {
        self.path = path
        var pointer: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_FULLMUTEX | SQLITE_OPEN_NOFOLLOW
        let code = sqlite3_open_v2(path, &pointer, flags, nil)
        guard let pointer else {
            // No handle: libsqlite3 could not be loaded (it is opened on first use), or no memory.
            let reason = String(cString: csqlite_load_error())
            throw HistoryError(.io, "cannot open plane's history: \(reason.isEmpty ? "out of memory" : reason)", path: path)
        }
        guard code == SQLITE_OK else {
            let error = Self.error(code: code, message: String(cString: sqlite3_errmsg(pointer)), path: path)
            sqlite3_close_v2(pointer)
            throw error
        }
        handle = pointer
        sqlite3_extended_result_codes(handle, 1)
    }

    deinit {
        statements.removeAll()  // statements are finalized before the connection closes
        sqlite3_close_v2(handle)
    }

    /// Waits up to `milliseconds` for another connection's lock instead of failing at once.
    func setBusyTimeout(milliseconds: Int32) throws(HistoryError) {
        try check(sqlite3_busy_timeout(handle, milliseconds))
    }

    /// Runs SQL that returns no rows (schema, pragmas, transactions), possibly several statements.
    func execute(_ sql: String) throws(HistoryError) {
        try check(sqlite3_exec(handle, sql, nil, nil, nil))
    }

    /// The single integer a pragma or query returns (`PRAGMA user_version`).
    func integer(_ sql: String) throws(HistoryError) -> Int64 {
        let statement = try prepare(sql)
        defer { statement.reset() }
        guard try statement.step() else { return 0 }
        return statement.int64(0)
    }

    /// A cached prepared statement, reset and with its bindings cleared.
    func prepare(_ sql: String) throws(HistoryError) -> SQLiteStatement {
        if let cached = statements[sql] {
            cached.reset()
            return cached
        }
        var pointer: OpaquePointer?
        try check(sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &pointer, nil))
        guard let pointer else { throw HistoryError(.io, "cannot prepare a history query: empty statement", path: path) }
        let statement = SQLiteStatement(pointer, database: self)
        statements[sql] = statement
        return statement
    }

    /// The rowid of the last INSERT on this connection.
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    /// Rows changed by the last INSERT/UPDATE/DELETE on this connection.
    var changes: Int32 { sqlite3_changes(handle) }

    /// Runs `body` inside `BEGIN IMMEDIATE ... COMMIT` (the write lock is taken up front, so two
    /// writers wait for each other instead of failing on a lock upgrade); rolls back on error.
    func transaction<T>(_ body: () throws(HistoryError) -> T) throws(HistoryError) -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            sqlite3_exec(handle, "ROLLBACK", nil, nil, nil)
            throw error
        }
    }

    func check(_ code: Int32) throws(HistoryError) {
        guard code == SQLITE_OK || code == SQLITE_DONE || code == SQLITE_ROW else {
            throw Self.error(code: code, message: String(cString: sqlite3_errmsg(handle)), path: path)
        }
    }

    /// Maps a SQLite result code to the history's error kinds; the message is SQLite's own.
    static func error(code: Int32, message: String, path: String) -> HistoryError {
        let primary = code & 0xff
        let detail = "\(message) (sqlite code \(code))"
        switch primary {
        case SQLITE_NOTADB, SQLITE_CORRUPT:
            return HistoryError(.corrupt, "plane's history is not a readable SQLite database: \(detail)", path: path,
                                hint: "nothing was changed; move the file aside (plane then starts a new history) or restore it from a backup")
        case SQLITE_BUSY, SQLITE_LOCKED:
            return HistoryError(.busy, "plane's history is locked by another process: \(detail)", path: path,
                                hint: "another plane run is writing it; retry when it has finished")
        case SQLITE_CONSTRAINT where code == SQLITE_CONSTRAINT | (3 << 8):  // SQLITE_CONSTRAINT_FOREIGNKEY (not imported)
            return HistoryError(.unknownRun, "no such run in plane's history: \(detail)", path: path)
        default:
            return HistoryError(.io, "cannot use plane's history: \(detail)", path: path,
                                hint: "check that this user can read and write the file and its folder (PLANE_STATE_DIR)")
        }
    }
}

/// A prepared statement owned by its `SQLiteDatabase` (finalized when the cache drops it).
final class SQLiteStatement {
    private let handle: OpaquePointer
    private unowned let database: SQLiteDatabase

    fileprivate init(_ handle: OpaquePointer, database: SQLiteDatabase) {
        self.handle = handle
        self.database = database
    }

    deinit { sqlite3_finalize(handle) }

    func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    /// Binds parameters 1...n in order.
    @discardableResult
    func bind(_ values: SQLiteValue...) throws(HistoryError) -> SQLiteStatement {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value {
            case .null: code = sqlite3_bind_null(handle, index)
            case .integer(let number): code = sqlite3_bind_int64(handle, index, number)
            case .text(let text):
                code = text.utf8CString.withUnsafeBufferPointer { buffer in
                    csqlite_bind_text(handle, index, buffer.baseAddress, Int32(buffer.count - 1))
                }
            }
            try database.check(code)
        }
        return self
    }

    /// Steps once: true when a row is available, false when done.
    func step() throws(HistoryError) -> Bool {
        let code = sqlite3_step(handle)
        if code == SQLITE_ROW { return true }
        if code == SQLITE_DONE { return false }
        // The statement's own error, then reset so the cached statement can be used again.
        let error = SQLiteDatabase.error(code: code, message: String(cString: sqlite3_errmsg(database.handle)), path: database.path)
        sqlite3_reset(handle)
        throw error
    }

    /// Steps to the end of a statement that returns no rows.
    func run() throws(HistoryError) {
        defer { reset() }
        while try step() {}
    }

    func int64(_ column: Int32) -> Int64 { sqlite3_column_int64(handle, column) }
    func optionalInt64(_ column: Int32) -> Int64? {
        sqlite3_column_type(handle, column) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, column)
    }
    func text(_ column: Int32) -> String { optionalText(column) ?? "" }
    func optionalText(_ column: Int32) -> String? {
        guard let pointer = sqlite3_column_text(handle, column) else { return nil }
        return String(cString: pointer)
    }
}

/// A value bound to a statement parameter.
enum SQLiteValue {
    case null
    case integer(Int64)
    case text(String)

    static func optional(_ text: String?) -> SQLiteValue { text.map(SQLiteValue.text) ?? .null }
    static func optional(_ number: Int64?) -> SQLiteValue { number.map(SQLiteValue.integer) ?? .null }
}
