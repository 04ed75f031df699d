/// Named, append-only schema migrations. Never edit or reorder an applied migration; add a new one.
enum LedgerMigrations {
    static let all: [(name: String, sql: String)] = [
        ("2026-11-01-initial", """
        CREATE TABLE sync_run(
            run_id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            streams TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            heartbeat_at INTEGER NOT NULL,
            finished_at INTEGER,
            status TEXT NOT NULL CHECK (status IN ('running','succeeded','failed','interrupted','abandoned')),
            pulled INTEGER NOT NULL DEFAULT 0,
            changed INTEGER NOT NULL DEFAULT 0,
            pushed INTEGER NOT NULL DEFAULT 0,
            failed INTEGER NOT NULL DEFAULT 0,
            quarantined INTEGER NOT NULL DEFAULT 0,
            mapping_version TEXT,
            gateway_version TEXT NOT NULL,
            message TEXT
        ) STRICT;
        CREATE TABLE stream_state(
            stream TEXT PRIMARY KEY,
            cursor TEXT,
            updated_at INTEGER NOT NULL,
            run_id INTEGER REFERENCES sync_run(run_id)
        ) STRICT;
        CREATE TABLE record(
            record_id INTEGER PRIMARY KEY,
            stream TEXT NOT NULL,
            source_key TEXT NOT NULL,
            parent_key TEXT,
            source_hash TEXT NOT NULL,
            mapped_hash TEXT NOT NULL,
            mapping_version TEXT NOT NULL,
            remote_hash TEXT,
            remote_status TEXT NOT NULL DEFAULT 'absent'
                CHECK (remote_status IN ('absent','pending','present','refused')),
            last_pushed_at INTEGER,
            updated_at INTEGER NOT NULL,
            UNIQUE (stream, source_key)
        ) STRICT;
        CREATE TABLE outbox(
            outbox_id INTEGER PRIMARY KEY,
            stream TEXT NOT NULL,
            source_key TEXT NOT NULL,
            order_key TEXT NOT NULL,
            sequence INTEGER NOT NULL DEFAULT 0,
            payload BLOB NOT NULL,
            mapped_hash TEXT NOT NULL,
            idempotency_key TEXT NOT NULL UNIQUE,
            state TEXT NOT NULL CHECK (state IN ('pending','leased','ambiguous')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL,
            lease_until INTEGER,
            last_error_code TEXT,
            last_error TEXT,
            created_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX outbox_due ON outbox(stream, state, next_attempt_at, outbox_id);
        CREATE INDEX outbox_key ON outbox(stream, source_key);
        CREATE INDEX outbox_order ON outbox(order_key);
        CREATE TABLE dead_letter(
            dead_letter_id INTEGER PRIMARY KEY,
            stream TEXT NOT NULL,
            source_key TEXT NOT NULL,
            order_key TEXT NOT NULL,
            sequence INTEGER NOT NULL,
            payload BLOB NOT NULL,
            mapped_hash TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            error_code TEXT NOT NULL,
            reason TEXT NOT NULL,
            created_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX dead_letter_key ON dead_letter(stream, source_key);
        CREATE TABLE quarantine(
            quarantine_id INTEGER PRIMARY KEY,
            stream TEXT NOT NULL,
            source_key TEXT NOT NULL,
            field TEXT NOT NULL,
            error_code TEXT NOT NULL,
            message TEXT NOT NULL,
            mapping_version TEXT NOT NULL,
            source_hash TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            UNIQUE (stream, source_key)
        ) STRICT;
        """),
        // Leasing walks the outbox in enqueue order and stops at the batch size.
        ("2026-11-25-outbox-order", """
        CREATE INDEX outbox_stream_order ON outbox(stream, outbox_id);
        """),
        // Every outbox write paid for six B-trees, four of them keyed by scattered text (source key, order key,
        // idempotency key). The outbox now points at its record by `record_id`, which grows with each new record,
        // so a page's inserts append at the right edge; `outbox_due` and `outbox_order` served no query. A row
        // whose idempotency key is its record's own (`stream|source_key|mapped_hash`) stores '' instead of the
        // key. See docs/ledger.md, "Write cost".
        ("2026-11-26-outbox-by-record", """
        INSERT OR IGNORE INTO record(stream, source_key, source_hash, mapped_hash, mapping_version, updated_at,
                                     remote_status)
        SELECT stream, source_key, '', mapped_hash, '', created_at, 'pending' FROM outbox;
        CREATE TABLE outbox_by_record(
            outbox_id INTEGER PRIMARY KEY,
            record_id INTEGER NOT NULL,
            stream TEXT NOT NULL,
            source_key TEXT NOT NULL,
            order_key TEXT NOT NULL,
            sequence INTEGER NOT NULL DEFAULT 0,
            payload BLOB NOT NULL,
            mapped_hash TEXT NOT NULL,
            idempotency_key TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('pending','leased','ambiguous')),
            attempts INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL,
            lease_until INTEGER,
            last_error_code TEXT,
            last_error TEXT,
            created_at INTEGER NOT NULL
        ) STRICT;
        INSERT INTO outbox_by_record(outbox_id, record_id, stream, source_key, order_key, sequence, payload,
                                     mapped_hash, idempotency_key, state, attempts, next_attempt_at, lease_until,
                                     last_error_code, last_error, created_at)
        SELECT o.outbox_id, r.record_id, o.stream, o.source_key, o.order_key, o.sequence, o.payload, o.mapped_hash,
               CASE WHEN o.idempotency_key = o.stream || '|' || o.source_key || '|' || o.mapped_hash THEN ''
                    ELSE o.idempotency_key END,
               o.state, o.attempts, o.next_attempt_at, o.lease_until, o.last_error_code, o.last_error, o.created_at
        FROM outbox o JOIN record r ON r.stream = o.stream AND r.source_key = o.source_key
        ORDER BY o.outbox_id;
        DROP TABLE outbox;
        ALTER TABLE outbox_by_record RENAME TO outbox;
        CREATE INDEX outbox_stream_order ON outbox(stream, outbox_id);
        CREATE UNIQUE INDEX outbox_record ON outbox(record_id, mapped_hash, idempotency_key);
        CREATE UNIQUE INDEX outbox_plain_key ON outbox(idempotency_key) WHERE idempotency_key <> '';
        """),
        // Child rows (steps: `order_key` names the parent dossier) by parent and time, for the lease's rule that a
        // dossier's steps go out in time order (parent rows, order_key = source_key, stay out of the index); and
        // the lease a row was handed out under, so a worker gives back only rows it still holds.
        ("2026-12-08-outbox-leases", """
        CREATE INDEX outbox_siblings ON outbox(order_key, sequence) WHERE order_key <> source_key;
        ALTER TABLE outbox ADD COLUMN lease_id INTEGER;
        """),
    ]

    static func migrate(_ db: SQLiteConnection, now: Int64) throws {
        try db.execute("""
            CREATE TABLE IF NOT EXISTS schema_migration(name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL) STRICT
            """)
        for migration in all {
            let done = try db.scalarInt("SELECT count(*) FROM schema_migration WHERE name = ?", .text(migration.name))
            if done == 1 { continue }
            try db.writeTransaction {
                try db.execute(migration.sql)
                try db.run("INSERT INTO schema_migration(name, applied_at) VALUES (?, ?)",
                           .text(migration.name), .integer(now))
            }
        }
    }
}
