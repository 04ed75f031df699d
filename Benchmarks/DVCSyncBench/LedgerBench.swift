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
            let rawRate = try measureRaw(changes, level: level)
            Figures.emit("ledger", "page writes at synchronous=\(level.rawValue)", ledgerRate, unit: "records/s",
                         baseline: rawRate, baselineName: "raw prepared inserts", goal: .ratioAtLeast(0.5))
            print(String(format: "synchronous=%@: ledger %.0f records/s (upsert + outbox row each), raw prepared "
                + "inserts %.0f rows/s, ratio %.2f", level.rawValue, ledgerRate, rawRate, ledgerRate / rawRate))
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
        let directory = try RepoPaths.makeTemporaryDirectory(prefix: "bench-raw")
        defer { try? FileManager.default.removeItem(at: directory) }
        var db: OpaquePointer?
        sqlite3_open(directory.appendingPathComponent("r.sqlite").path, &db)
        defer { sqlite3_close(db) }
        sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=\(level.rawValue); PRAGMA cache_size=-65536;"
            + "CREATE TABLE record(id INTEGER PRIMARY KEY, stream TEXT, source_key TEXT, source_hash TEXT,"
            + " mapped_hash TEXT, payload BLOB, UNIQUE(stream, source_key)) STRICT;", nil, nil, nil)
        var statement: OpaquePointer?
        sqlite3_prepare_v2(db, "INSERT INTO record(stream, source_key, source_hash, mapped_hash, payload) "
            + "VALUES ('dossiers', ?, ?, ?, ?)", -1, &statement, nil)
        defer { sqlite3_finalize(statement) }
        let start = Date()
        var offset = 0
        while offset < changes.count {
            let end = min(offset + page, changes.count)
            sqlite3_exec(db, "BEGIN IMMEDIATE", nil, nil, nil)
            for change in changes[offset..<end] {
                sqlite3_bind_text(statement, 1, change.sourceKey, -1, dvc_sqlite_transient())
                sqlite3_bind_text(statement, 2, change.sourceHash, -1, dvc_sqlite_transient())
                sqlite3_bind_text(statement, 3, change.mappedHash, -1, dvc_sqlite_transient())
                change.payload.withUnsafeBytes { raw in
                    _ = sqlite3_bind_blob(statement, 4, raw.baseAddress, Int32(raw.count), dvc_sqlite_transient())
                }
                sqlite3_step(statement)
                sqlite3_reset(statement)
            }
            sqlite3_exec(db, "COMMIT", nil, nil, nil)
            offset = end
        }
        return Double(changes.count) / Date().timeIntervalSince(start)
    }
}
