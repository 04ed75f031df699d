import CSQLite

/// An error reported by SQLite, with its extended result code. The SQL text is kept, bound values never are.
public struct SQLiteError: CodedError {
    /// Extended SQLite result code.
    public var resultCode: Int32
    /// SQLite's message.
    public var detail: String
    /// The statement that failed (no bound values).
    public var sql: String?

    public var code: String {
        switch resultCode & 0xFF {
        case SQLITE_BUSY: return "ledger.busy"
        case SQLITE_LOCKED: return "ledger.locked"
        case SQLITE_CORRUPT, SQLITE_NOTADB: return "ledger.corrupt"
        case SQLITE_FULL: return "ledger.disk_full"
        case SQLITE_CANTOPEN: return "ledger.cannot_open"
        case SQLITE_READONLY: return "ledger.read_only"
        case SQLITE_CONSTRAINT: return "ledger.constraint"
        default: return "ledger.sqlite"
        }
    }

    public var message: String {
        let statement = sql.map { " in `\($0.prefix(120))`" } ?? ""
        return "SQLite error \(resultCode): \(detail)\(statement)"
    }
}
