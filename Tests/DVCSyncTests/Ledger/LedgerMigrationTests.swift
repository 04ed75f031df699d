import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// A ledger written by an earlier release (outbox keyed by stream and source key) upgrades in place when opened.
@Suite struct LedgerMigrationTests {
    /// The schema as the migrations `2026-11-01-initial` and `2026-11-25-outbox-order` left it (outbox part; the
    /// other tables are unchanged since).
    static let oldSchema = """
        CREATE TABLE schema_migration(name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL) STRICT;
        INSERT INTO schema_migration VALUES ('2026-11-01-initial', 1), ('2026-11-25-outbox-order', 2);
        CREATE TABLE sync_run(run_id INTEGER PRIMARY KEY, kind TEXT NOT NULL, streams TEXT NOT NULL,
            started_at INTEGER NOT NULL, heartbeat_at INTEGER NOT NULL, finished_at INTEGER,
            status TEXT NOT NULL CHECK (status IN ('running','succeeded','failed','interrupted','abandoned')),
            pulled INTEGER NOT NULL DEFAULT 0, changed INTEGER NOT NULL DEFAULT 0, pushed INTEGER NOT NULL DEFAULT 0,
            failed INTEGER NOT NULL DEFAULT 0, quarantined INTEGER NOT NULL DEFAULT 0, mapping_version TEXT,
            gateway_version TEXT NOT NULL, message TEXT) STRICT;
        CREATE TABLE stream_state(stream TEXT PRIMARY KEY, cursor TEXT, updated_at INTEGER NOT NULL,
            run_id INTEGER REFERENCES sync_run(run_id)) STRICT;
        CREATE TABLE record(record_id INTEGER PRIMARY KEY, stream TEXT NOT NULL, source_key TEXT NOT NULL,
            parent_key TEXT, source_hash TEXT NOT NULL, mapped_hash TEXT NOT NULL, mapping_version TEXT NOT NULL,
            remote_hash TEXT, remote_status TEXT NOT NULL DEFAULT 'absent'
                CHECK (remote_status IN ('absent','pending','present','refused')),
            last_pushed_at INTEGER, updated_at INTEGER NOT NULL, UNIQUE (stream, source_key)) STRICT;
        CREATE TABLE outbox(outbox_id INTEGER PRIMARY KEY, stream TEXT NOT NULL, source_key TEXT NOT NULL,
            order_key TEXT NOT NULL, sequence INTEGER NOT NULL DEFAULT 0, payload BLOB NOT NULL,
            mapped_hash TEXT NOT NULL, idempotency_key TEXT NOT NULL UNIQUE,
            state TEXT NOT NULL CHECK (state IN ('pending','leased','ambiguous')), attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL, lease_until INTEGER, last_error_code TEXT, last_error TEXT,
            created_at INTEGER NOT NULL) STRICT;
        CREATE INDEX outbox_due ON outbox(stream, state, next_attempt_at, outbox_id);
        CREATE INDEX outbox_key ON outbox(stream, source_key);
        CREATE INDEX outbox_order ON outbox(order_key);
        CREATE TABLE dead_letter(dead_letter_id INTEGER PRIMARY KEY, stream TEXT NOT NULL, source_key TEXT NOT NULL,
            order_key TEXT NOT NULL, sequence INTEGER NOT NULL, payload BLOB NOT NULL, mapped_hash TEXT NOT NULL,
            attempts INTEGER NOT NULL, error_code TEXT NOT NULL, reason TEXT NOT NULL, created_at INTEGER NOT NULL)
            STRICT;
        CREATE INDEX dead_letter_key ON dead_letter(stream, source_key);
        CREATE TABLE quarantine(quarantine_id INTEGER PRIMARY KEY, stream TEXT NOT NULL, source_key TEXT NOT NULL,
            field TEXT NOT NULL, error_code TEXT NOT NULL, message TEXT NOT NULL, mapping_version TEXT NOT NULL,
            source_hash TEXT NOT NULL, created_at INTEGER NOT NULL, UNIQUE (stream, source_key)) STRICT;
        CREATE INDEX outbox_stream_order ON outbox(stream, outbox_id);
        """

    /// Writes an old-schema ledger: records A (on the portal), B and D1 (waiting), step D1#1 behind D1, C refused
    /// (dead letter), a requeued row for A, and an outbox row whose record row is missing (Z).
    static func writeOldLedger(at path: String) throws {
        let db = try SQLiteConnection(path: path)
        try db.execute("PRAGMA journal_mode = WAL")
        try db.execute(oldSchema)
        func record(_ stream: String, _ change: RecordChange, remote: String?, status: String) throws {
            try db.run("""
                INSERT INTO record(stream, source_key, source_hash, mapped_hash, mapping_version, remote_hash,
                                   remote_status, updated_at) VALUES (?, ?, ?, ?, 'm1', ?, ?, 10)
                """, .text(stream), .text(change.sourceKey), .text(change.sourceHash), .text(change.mappedHash),
                .optional(remote), .text(status))
        }
        func outbox(_ id: Int64, _ stream: String, _ change: RecordChange, key: String? = nil, state: String)
            throws
        {
            try db.run("""
                INSERT INTO outbox(outbox_id, stream, source_key, order_key, sequence, payload, mapped_hash,
                                   idempotency_key, state, attempts, next_attempt_at, lease_until, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 2, 0, ?, 5)
                """, .integer(id), .text(stream), .text(change.sourceKey), .text(change.orderKey),
                .integer(change.sequence), .blob(change.payload), .text(change.mappedHash),
                .text(key ?? "\(stream)|\(change.sourceKey)|\(change.mappedHash)"), .text(state),
                state == "leased" ? .integer(1) : .null)
        }
        let a = RecordChange.make("A"), b = RecordChange.make("B"), c = RecordChange.make("C")
        let d1 = RecordChange.make("D1"), step = RecordChange.make("D1#1", orderKey: "D1", sequence: 1)
        try record("dossiers", a, remote: a.mappedHash, status: "present")
        try record("dossiers", b, remote: nil, status: "pending")
        try record("dossiers", c, remote: nil, status: "refused")
        try record("dossiers", d1, remote: nil, status: "pending")
        try record("steps", step, remote: nil, status: "pending")
        try outbox(11, "dossiers", b, state: "pending")
        try outbox(12, "dossiers", d1, state: "leased")
        try outbox(13, "steps", step, state: "pending")
        try outbox(14, "dossiers", a, key: "requeue-3-99", state: "ambiguous")
        try outbox(15, "dossiers", .make("Z"), state: "pending")
        try db.run("""
            INSERT INTO dead_letter(stream, source_key, order_key, sequence, payload, mapped_hash, attempts, error_code,
                                    reason, created_at)
            VALUES ('dossiers', 'C', 'C', 0, ?, ?, 1, 'portal.refused', 'no', 7)
            """, .blob(c.payload), .text(c.mappedHash))
        try db.run("INSERT INTO stream_state(stream, cursor, updated_at) VALUES ('dossiers', 'c-old', 9)")
    }

    @Test func oldLedgerUpgradesWithItsRowsAndOutbox() throws {
        let directory = try RepoPaths.makeTemporaryDirectory(prefix: "ledger-migrate")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("ledger.sqlite").path
        try Self.writeOldLedger(at: path)

        let ledger = try Ledger(path: path)
        #expect(try ledger.appliedMigrations() == LedgerTests.allMigrations)
        #expect(try ledger.integrityCheck() == ["ok"])
        #expect(try ledger.cursor(stream: "dossiers") == "c-old")
        #expect(try ledger.outboxDepth() == 5)
        #expect(try ledger.pendingKeys(stream: "dossiers") == ["A", "B", "D1", "Z"])
        #expect(try ledger.sourceHashes(stream: "dossiers", keys: ["A", "B", "C"])
            == ["A": RecordChange.make("A").sourceHash, "B": RecordChange.make("B").sourceHash,
                "C": RecordChange.make("C").sourceHash])

        // The leased row of D1 became ambiguous and keeps its key: a page that brings back the same version adds
        // no second row with that key (a newer version waiting in between is replaced).
        #expect(try ledger.releaseLeases() == 1)
        try ledger.applyPage(stream: "dossiers", mappingVersion: "m1", changes: [.make("D1", version: 2)])
        #expect(try ledger.outboxDepth(stream: "dossiers") == 5)
        try ledger.applyPage(stream: "dossiers", mappingVersion: "m1", changes: [.make("D1")])
        #expect(try ledger.outboxDepth(stream: "dossiers") == 4)

        // Rows keep their ids, keys, payloads and attempts.
        let dossiers = try ledger.lease(stream: "dossiers", limit: 10)
        #expect(dossiers.map(\.id) == [11, 12, 14, 15])
        #expect(dossiers.map(\.idempotencyKey) == ["dossiers|B|\(RecordChange.make("B").mappedHash)",
                                                   "dossiers|D1|\(RecordChange.make("D1").mappedHash)",
                                                   "requeue-3-99",
                                                   "dossiers|Z|\(RecordChange.make("Z").mappedHash)"])
        #expect(dossiers.map(\.mayHaveLanded) == [false, true, true, false])
        #expect(dossiers.map(\.attempts) == [2, 2, 2, 2])
        #expect(dossiers[0].payload == RecordChange.make("B").payload)
        #expect(dossiers[2].remoteHash == RecordChange.make("A").mappedHash)

        // The step still waits for its dossier, then goes.
        #expect(try ledger.lease(stream: "steps", limit: 10, parentStream: "dossiers").isEmpty)
        try ledger.markDelivered(dossiers)
        #expect(try ledger.lease(stream: "steps", limit: 10, parentStream: "dossiers").map(\.id) == [13])

        // Migrated records keep their link to the outbox: a newer B replaces nothing in flight and queues once.
        let page = try ledger.applyPage(stream: "dossiers", mappingVersion: "m1", changes: [.make("B", version: 2)])
        #expect(page.enqueued == 1)
        #expect(try ledger.requeueDeadLetters().requeued == 1)
        #expect(try ledger.pendingKeys(stream: "dossiers") == ["B", "C"])
        #expect(try ledger.integrityCheck() == ["ok"])
    }

    @Test func aKeyTwiceInOnePageLeavesOnlyItsLatestVersionWaiting() throws {
        let temp = try TemporaryLedger()
        defer { temp.remove() }
        try temp.ledger.applyPage(stream: "dossiers", mappingVersion: "m1", changes: [.make("A")])
        let page = try temp.ledger.applyPage(stream: "dossiers", mappingVersion: "m1", changes: [
            .make("N", version: 1), .make("N", version: 2), .make("A", version: 2),
        ])
        #expect(page.changed == 3)
        let items = try temp.ledger.lease(stream: "dossiers", limit: 10)
        #expect(items.map(\.sourceKey) == ["N", "A"])
        #expect(items.map(\.mappedHash) == [RecordChange.make("N", version: 2).mappedHash,
                                            RecordChange.make("A", version: 2).mappedHash])
    }
}
