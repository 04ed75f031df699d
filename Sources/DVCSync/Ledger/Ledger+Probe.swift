import CSQLite
import Foundation

extension Ledger {
    /// Checks, without writing a byte, that the existing file at `path` is a dvcsync ledger (it has the
    /// `schema_migration` table), before a command that only inspects or repairs a ledger opens it: opening runs the
    /// migrations, which would write dvcsync's tables into another application's database or an empty file.
    /// Throws `ledger.not_a_ledger` for an SQLite database without that table (or an empty file), `ledger.corrupt`
    /// for a file that is not a database, `ledger.cannot_open` for a folder or an unreadable file.
    public static func probe(_ path: String) throws {
        var db: OpaquePointer?
        defer { if let db { sqlite3_close_v2(db) } }
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK, let db else {
            throw LedgerError(code: "ledger.cannot_open", message: cannotOpen(path))
        }
        var statement: OpaquePointer?
        defer { sqlite3_finalize(statement) }
        let sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migration'"
        var rc = sqlite3_prepare_v2(db, sql, -1, &statement, nil)
        if rc == SQLITE_OK { rc = sqlite3_step(statement) }
        switch rc {
        case SQLITE_ROW:
            return
        case SQLITE_DONE:
            let what = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) == 0
                ? "an empty file" : "an SQLite database without dvcsync's tables"
            throw LedgerError(code: "ledger.not_a_ledger", message: "\(path) is not a dvcsync ledger (\(what)); "
                + "it was left untouched. Fix: check ledger.path / --ledger; `dvcsync sync` creates a ledger where no "
                + "file exists yet")
        case let code where code & 0xFF == SQLITE_CANTOPEN:
            throw LedgerError(code: "ledger.cannot_open", message: cannotOpen(path))
        case let code where code & 0xFF == SQLITE_NOTADB || code & 0xFF == SQLITE_CORRUPT:
            throw LedgerError(code: "ledger.corrupt", message: "\(path) is not a dvcsync ledger "
                + "(\(String(cString: sqlite3_errmsg(db)))). Fix: check ledger.path / --ledger; `dvcsync ledger "
                + "verify` on the right file checks a damaged one")
        default:
            throw SQLiteError(resultCode: sqlite3_extended_errcode(db), detail: String(cString: sqlite3_errmsg(db)),
                              sql: sql)
        }
    }
}
