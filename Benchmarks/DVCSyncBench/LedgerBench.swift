import ArgumentParser
import CSQLite
import DVCSync
import DVCSyncTestSupport
import Foundation

/// `dvcsync-bench ledger`: the ledger's real write pattern (record upserts + outbox inserts, one transaction per
/// page) against raw prepared `sqlite3` inserts of the same rows, at synchronous=FULL and NORMAL.
struct LedgerBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ledger",
                                                    abstract: "Ledger page writes vs raw prepared SQLite inserts.")
    @Option(help: "Records written.") var records = 200_000
    @Option(help: "Records per transaction (page).") var page = 1000

    func run() async throws {
        print("dvcsync-bench ledger: \(records) records, \(page) per transaction")
        let changes = Self.sampleChanges(records)
        for level in [Ledger.Configuration.Synchronous.full, .normal] {
            let ledgerRate = try measureLedger(changes, level: level)
            let sameRowsRate = try measureRawLedgerRows(changes, level: level)
            Figures.emit("ledger", "page writes at synchronous=\(level.rawValue)", ledgerRate, unit: "records/s",
                         baseline: sameRowsRate, baselineName: "raw prepared inserts of the same rows",
                         goal: .ratioAtLeast(0.5))
            print(String(format: "synchronous=%@: ledger %.0f records/s (upsert + outbox row each), raw prepared "
                + "inserts of the same record + outbox rows %.0f records/s, ratio %.2f", level.rawValue, ledgerRate,
                sameRowsRate, ledgerRate / sameRowsRate))
            // Extra line, not the goal's baseline: the same data as ONE row per record in a one-index table, i.e.
            // what the ledger's design (a second row per record, its indexes) costs on top of the statements.
            let oneRowRate = try measureRaw(changes, level: level)
            Figures.emit("ledger", "page writes at synchronous=\(level.rawValue), vs one row per record",
                         ledgerRate, unit: "records/s", baseline: oneRowRate,
                         baselineName: "raw inserts, one row per record")
            print(String(format: "synchronous=%@: raw prepared inserts of the same data as one row per record %.0f "
                + "rows/s, ledger ratio to that %.2f", level.rawValue, oneRowRate, ledgerRate / oneRowRate))
        }
        print("peak RSS \(Memory.value("VmHWM") / 1024) MB")
    }

    /// `count` new dossier records with realistic keys and small payloads.
    static func sampleChanges(_ count: Int) -> [RecordChange] {
        (0..<count).map { index -> RecordChange in
            let key = String(format: "000.00.%02d.H20-23%04d-%04d", index % 40, index / 10_000, index % 10_000)
            let payload = Array(#"{"MaHoSo":"\#(key)","TrangThaiHoSo":"4","TrichYeuHoSo":"Đăng ký khai sinh"}"#.utf8)
            return RecordChange(sourceKey: key, sourceHash: ContentHash.sha256Hex("s\(index)"),
                                mappedHash: ContentHash.sha256Hex(payload), payload: payload)
        }
    }

    func measureLedger(_ changes: [RecordChange], level: Ledger.Configuration.Synchronous) throws -> Double {
        let directory = try RepoPaths.makeTemporaryDirectory(prefix: "bench-ledger")
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = Ledger.Configuration()
        configuration.synchronous = level
        let ledger = try Ledger(path: directory.appendingPathComponent("l.sqlite").path, configuration: configuration)
        let start = Date()
        var offset = 0
        while offset < changes.count {
            let end = min(offset + page, changes.count)
            try ledger.applyPage(stream: "dossiers", mappingVersion: "v1", changes: Array(changes[offset..<end]),
                                 cursor: "\(end)")
            offset = end
        }
        return Double(changes.count) / Date().timeIntervalSince(start)
    }

    func measureRaw(_ changes: [RecordChange], level: Ledger.Configuration.Synchronous) throws -> Double {
        try Self.rawRate(changes, page: page, level: level, schema: """
            CREATE TABLE record(id INTEGER PRIMARY KEY, stream TEXT, source_key TEXT, source_hash TEXT,
                mapped_hash TEXT, payload BLOB, UNIQUE(stream, source_key)) STRICT;
            """, statements: ["INSERT INTO record(stream, source_key, source_hash, mapped_hash, payload) "
                + "VALUES ('dossiers', ?, ?, ?, ?)"]) { _, statements, change in
            let insert = statements[0]
            Self.bindText(insert, 1, change.sourceKey)
            Self.bindText(insert, 2, change.sourceHash)
            Self.bindText(insert, 3, change.mappedHash)
            Self.bindBlob(insert, 4, change.payload)
            Self.runStatement(insert)
        }
    }

    /// Raw prepared inserts of the rows the ledger writes for a new record, into a schema the ledger created.
    func measureRawLedgerRows(_ changes: [RecordChange], level: Ledger.Configuration.Synchronous) throws -> Double {
        try Self.rawRate(changes, page: page, level: level, schema: nil, statements: [
            "INSERT INTO record(stream, source_key, source_hash, mapped_hash, mapping_version, updated_at, "
                + "remote_status) VALUES ('dossiers', ?, ?, ?, 'v1', 0, 'pending')",
            "INSERT INTO outbox(record_id, stream, source_key, order_key, mapped_hash, payload, idempotency_key, "
                + "state, next_attempt_at, created_at) VALUES (?, 'dossiers', ?, ?, ?, ?, '', 'pending', 0, 0)",
        ]) { db, statements, change in
            let (record, outbox) = (statements[0], statements[1])
            Self.bindText(record, 1, change.sourceKey)
            Self.bindText(record, 2, change.sourceHash)
            Self.bindText(record, 3, change.mappedHash)
            Self.runStatement(record)
            sqlite3_bind_int64(outbox, 1, sqlite3_last_insert_rowid(db))
            Self.bindText(outbox, 2, change.sourceKey)
            Self.bindText(outbox, 3, change.orderKey)
            Self.bindText(outbox, 4, change.mappedHash)
            Self.bindBlob(outbox, 5, change.payload)
            Self.runStatement(outbox)
        }
    }

    /// Records per second of `body` run for each change, `page` changes per transaction, on a new database with
    /// `schema` (nil: the ledger's own, created by opening a `Ledger`).
    static func rawRate(
        _ changes: [RecordChange], page: Int, level: Ledger.Configuration.Synchronous, schema: String?,
        statements sql: [String], body: (OpaquePointer?, [OpaquePointer?], RecordChange) -> Void
    ) throws -> Double {
        let directory = try RepoPaths.makeTemporaryDirectory(prefix: "bench-raw")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("r.sqlite").path
        if schema == nil { _ = try Ledger(path: path) }
        var db: OpaquePointer?
        sqlite3_open(path, &db)
        defer { sqlite3_close(db) }
        sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=\(level.rawValue); PRAGMA cache_size=-65536;"
            + (schema ?? ""), nil, nil, nil)
        let statements = sql.map { text -> OpaquePointer? in
            var statement: OpaquePointer?
            sqlite3_prepare_v2(db, text, -1, &statement, nil)
            return statement
        }
        defer { statements.forEach { sqlite3_finalize($0) } }
        let start = Date()
        var offset = 0
        while offset < changes.count {
            let end = min(offset + page, changes.count)
            sqlite3_exec(db, "BEGIN IMMEDIATE", nil, nil, nil)
            for change in changes[offset..<end] { body(db, statements, change) }
            sqlite3_exec(db, "COMMIT", nil, nil, nil)
            offset = end
        }
        return Double(changes.count) / Date().timeIntervalSince(start)
    }

    static func bindText(_ statement: OpaquePointer?, _ index: Int32, _ text: String) {
        sqlite3_bind_text(statement, index, text, -1, dvc_sqlite_transient())
    }

    static func bindBlob(_ statement: OpaquePointer?, _ index: Int32, _ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            _ = sqlite3_bind_blob(statement, index, raw.baseAddress, Int32(raw.count), dvc_sqlite_transient())
        }
    }

    static func runStatement(_ statement: OpaquePointer?) {
        sqlite3_step(statement)
        sqlite3_reset(statement)
    }
}
