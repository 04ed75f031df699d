import CSQLite
import Foundation

/// One SQLite connection with a statement cache. Not thread-safe by itself; `Ledger` serialises all use under a lock.
public final class SQLiteConnection {
    let handle: OpaquePointer
    private var cache: [String: SQLiteStatement] = [:]

    /// Opens (creating if needed) the database at `path` with file mode 0600 for new files.
    public init(path: String) throws(SQLiteError) {
        let previous = umask(0o077)
        defer { umask(previous) }
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let detail = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError(resultCode: rc, detail: "\(detail) (\(path))", sql: nil)
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
    }

    deinit {
        cache.removeAll()
        sqlite3_close_v2(handle)
    }

    func error(_ rc: Int32, sql: String?) -> SQLiteError {
        SQLiteError(resultCode: sqlite3_extended_errcode(handle), detail: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }

    /// Runs one or more statements without parameters.
    public func execute(_ sql: String) throws(SQLiteError) {
        var message: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &message)
        if rc != SQLITE_OK {
            let detail = message.map { String(cString: $0) } ?? "error"
            sqlite3_free(message)
            throw SQLiteError(resultCode: rc, detail: detail, sql: sql)
        }
    }

    /// A cached prepared statement for `sql`.
    public func statement(_ sql: String) throws(SQLiteError) -> SQLiteStatement {
        if let cached = cache[sql] { return cached }
        let statement = try SQLiteStatement(connection: self, sql: sql)
        cache[sql] = statement
        return statement
    }

    /// Runs `sql` with `values` and returns nothing.
    public func run(_ sql: String, _ values: SQLiteValue...) throws(SQLiteError) {
        try statement(sql).bind(values).run()
    }

    /// First column of the first row as text, or nil.
    public func scalarText(_ sql: String, _ values: SQLiteValue...) throws(SQLiteError) -> String? {
        let statement = try statement(sql).bind(values)
        defer { sqlite3_reset(statement.handle) }
        return try statement.step() ? statement.optionalText(0) : nil
    }

    /// First column of the first row as an integer, or nil.
    public func scalarInt(_ sql: String, _ values: SQLiteValue...) throws(SQLiteError) -> Int64? {
        let statement = try statement(sql).bind(values)
        defer { sqlite3_reset(statement.handle) }
        return try statement.step() ? statement.optionalInt(0) : nil
    }

    /// Row id of the last row inserted on this connection.
    public var lastInsertRowId: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Resets every statement left part-way through its rows, so no read stays open (a checkpoint fails with
    /// SQLITE_LOCKED while one is).
    public func finishReads() {
        var next = sqlite3_next_stmt(handle, nil)
        while let statement = next {
            if sqlite3_stmt_busy(statement) != 0 { sqlite3_reset(statement) }
            next = sqlite3_next_stmt(handle, statement)
        }
    }

    /// Rows changed by the last statement.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`, rolling back if it throws.
    public func writeTransaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }
}
