import ArgumentParser
import CSQLite
import DVCSync
import DVCSyncTestSupport
import Foundation
import GRDB

/// `dvcsync-bench ledger-libraries`: the ledger's own statements for a new record (look-up, upsert, outbox insert)
/// issued three ways on the same schema: through `Ledger.applyPage` (our thin wrapper over the system
/// sqlite3), through GRDB.swift's cached statements, and through raw prepared sqlite3 statements. This is the
/// measurement behind the choice of SQLite access (docs/architecture.md, "Ledger").
struct LedgerLibraryBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger-libraries",
        abstract: "The ledger's write statements through our wrapper, GRDB.swift and raw sqlite3, same schema.")
    @Option(help: "Records written.") var records = 100_000
    @Option(help: "Records per transaction (page).") var page = 1000

    // The statements `Ledger.applyPage` runs for a record it has not seen: look it up, insert it, queue it (the
    // outbox row names its record by id; its idempotency key is the record's own, stored as '').
    static let select = "SELECT record_id, source_hash, mapped_hash, mapping_version, remote_hash FROM record "
        + "WHERE stream = ? AND source_key = ?"
    static let upsert = """
        INSERT INTO record(stream, source_key, parent_key, source_hash, mapped_hash, mapping_version, updated_at,
                           remote_status)
        VALUES (?, ?, NULL, ?, ?, ?, ?, 'pending')
        """
    static let outbox = """
        INSERT INTO outbox(record_id, stream, source_key, order_key, sequence, payload, mapped_hash, idempotency_key,
                           state, next_attempt_at, created_at)
        VALUES (?, ?, ?, ?, 0, ?, ?, '', 'pending', ?, ?)
        ON CONFLICT DO NOTHING
        """

    func run() throws {
        print("dvcsync-bench ledger-libraries: \(records) new records, \(page) per transaction, synchronous=FULL")
        let changes = LedgerBench.sampleChanges(records)
        let ours = try measure { path in
            let ledger = try Ledger(path: path)
            try pages(changes) { slice in
                try ledger.applyPage(stream: "dossiers", mappingVersion: "v1", changes: Array(slice))
            }
        }
        let grdb = try measure { path in try writeWithGRDB(changes, path: path) }
        let raw = try measure { path in try writeRaw(changes, path: path) }
        for (name, rate) in [("dvcsync Ledger (thin wrapper)", ours), ("GRDB.swift cached statements", grdb)] {
            print(String(format: "%@: %.0f records/s, ratio to raw sqlite3 %.2f", name, rate, rate / raw))
        }
        print(String(format: "raw prepared sqlite3, same statements: %.0f records/s", raw))
        Figures.emit("ledger-libraries", "dvcsync Ledger, the ledger's own statements", ours, unit: "records/s",
                     baseline: raw, baselineName: "raw sqlite3, same statements")
        Figures.emit("ledger-libraries", "GRDB.swift 7.10 cached statements, same statements", grdb,
                     unit: "records/s", baseline: raw, baselineName: "raw sqlite3, same statements")
    }

    /// Runs `body` on a fresh ledger file (schema made by `Ledger`'s migrations) and returns records/s.
    private func measure(_ body: (String) throws -> Void) throws -> Double {
        let directory = try RepoPaths.makeTemporaryDirectory(prefix: "bench-ledger-lib")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("l.sqlite").path
        _ = try Ledger(path: path)
        let start = Date()
        try body(path)
        return Double(records) / Date().timeIntervalSince(start)
    }

    private func pages(_ changes: [RecordChange], _ body: (ArraySlice<RecordChange>) throws -> Void) throws {
        var offset = 0
        while offset < changes.count {
            let end = min(offset + page, changes.count)
            try body(changes[offset..<end])
            offset = end
        }
    }

    private func writeWithGRDB(_ changes: [RecordChange], path: String) throws {
        var configuration = GRDB.Configuration()
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON")
        }
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        try pages(changes) { slice in
            try queue.inTransaction(.immediate) { db in
                let select = try db.cachedStatement(sql: Self.select)
                let upsert = try db.cachedStatement(sql: Self.upsert)
                let outbox = try db.cachedStatement(sql: Self.outbox)
                for c in slice {
                    _ = try Row.fetchOne(select, arguments: ["dossiers", c.sourceKey])
                    try upsert.execute(arguments: ["dossiers", c.sourceKey, c.sourceHash, c.mappedHash, "v1", now])
                    try outbox.execute(arguments: [db.lastInsertedRowID, "dossiers", c.sourceKey, c.orderKey,
                                                   Data(c.payload), c.mappedHash, now, now])
                }
                return .commit
            }
        }
    }

    private func writeRaw(_ changes: [RecordChange], path: String) throws {
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK else { throw ValidationError("cannot open \(path)") }
        defer { sqlite3_close(db) }
        sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON", nil, nil, nil)
        let statements = try [Self.select, Self.upsert, Self.outbox].map { sql -> OpaquePointer? in
            var statement: OpaquePointer?
            guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else {
                throw ValidationError(String(cString: sqlite3_errmsg(db)))
            }
            return statement
        }
        defer { statements.forEach { sqlite3_finalize($0) } }
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        func text(_ s: OpaquePointer?, _ i: Int32, _ value: String) {
            sqlite3_bind_text(s, i, value, -1, dvc_sqlite_transient())
        }
        func step(_ s: OpaquePointer?) {
            while sqlite3_step(s) == SQLITE_ROW {}
            sqlite3_reset(s)
        }
        try pages(changes) { slice in
            sqlite3_exec(db, "BEGIN IMMEDIATE", nil, nil, nil)
            for c in slice {
                let (select, upsert, outbox) = (statements[0], statements[1], statements[2])
                text(select, 1, "dossiers"); text(select, 2, c.sourceKey); step(select)
                text(upsert, 1, "dossiers"); text(upsert, 2, c.sourceKey); text(upsert, 3, c.sourceHash)
                text(upsert, 4, c.mappedHash); text(upsert, 5, "v1"); sqlite3_bind_int64(upsert, 6, now); step(upsert)
                sqlite3_bind_int64(outbox, 1, sqlite3_last_insert_rowid(db))
                text(outbox, 2, "dossiers"); text(outbox, 3, c.sourceKey); text(outbox, 4, c.orderKey)
                c.payload.withUnsafeBytes { raw in
                    _ = sqlite3_bind_blob(outbox, 5, raw.baseAddress, Int32(raw.count), dvc_sqlite_transient())
                }
                text(outbox, 6, c.mappedHash)
                sqlite3_bind_int64(outbox, 7, now); sqlite3_bind_int64(outbox, 8, now); step(outbox)
            }
            guard sqlite3_exec(db, "COMMIT", nil, nil, nil) == SQLITE_OK else {
                throw ValidationError(String(cString: sqlite3_errmsg(db)))
            }
        }
    }
}
