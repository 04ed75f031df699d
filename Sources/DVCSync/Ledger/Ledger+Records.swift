extension Ledger {
    /// Applies one pulled page in ONE transaction: upserts ledger rows, enqueues records whose mapped output differs
    /// from what the portal holds, records quarantined records, and advances the stream cursor.
    @discardableResult
    public func applyPage(
        stream: String, mappingVersion: String, changes: [RecordChange],
        quarantined: [QuarantineEntry] = [], cursor: String?? = .none
    ) throws -> PageResult {
        let now = nowMilliseconds
        return try write { db in
            var result = try apply(
                db, stream: stream, mappingVersion: mappingVersion, changes: changes, now: now)
            result.quarantined = try quarantine(
                db, stream: stream, mappingVersion: mappingVersion,
                entries: quarantined, now: now)
            if case .some(let value) = cursor {
                try setCursor(db, stream: stream, cursor: value, now: now)
            }
            return result
        }
    }

    /// Applies changes of several streams (a dossier page and its steps) and the cursor of `cursorStream` in ONE
    /// transaction. Quarantine entries carry their own stream.
    @discardableResult
    public func applyPage(
        _ batches: [(stream: String, changes: [RecordChange])], mappingVersion: String,
        quarantined: [QuarantineEntry], cursorStream: String, cursor: String?
    ) throws
        -> [String: PageResult]
    {
        let now = nowMilliseconds
        return try write { db in
            var results: [String: PageResult] = [:]
            for batch in batches {
                results[batch.stream] = try apply(
                    db, stream: batch.stream, mappingVersion: mappingVersion,
                    changes: batch.changes, now: now)
            }
            for (stream, entries) in Dictionary(grouping: quarantined, by: \.stream) {
                results[stream, default: PageResult()].quarantined =
                    try quarantine(
                        db, stream: stream, mappingVersion: mappingVersion, entries: entries, now: now)
            }
            if let cursor { try setCursor(db, stream: cursorStream, cursor: cursor, now: now) }
            return results
        }
    }

    func apply(_ db: SQLiteConnection, stream: String, mappingVersion: String, changes: [RecordChange], now: Int64)
        throws -> PageResult
    {
        var result = PageResult()
        // A look-up, then a plain insert or an update by row id. (One `INSERT … ON CONFLICT DO UPDATE … RETURNING`
        // was slower: SQLite builds a temporary B-tree for every RETURNING statement it runs.)
        let select = try db.statement("""
            SELECT record_id, source_hash, mapped_hash, mapping_version, remote_hash FROM record
            WHERE stream = ? AND source_key = ?
            """)
        let insertRecord = try db.statement("""
            INSERT INTO record(stream, source_key, parent_key, source_hash, mapped_hash, mapping_version,
                               updated_at, remote_status)
            VALUES (?, ?, ?, ?, ?, ?, ?, 'pending')
            """)
        // Marks the record pending when the portal does not hold its new output.
        let updateRecord = try db.statement("""
            UPDATE record SET source_hash = ?, mapped_hash = ?, mapping_version = ?, updated_at = ?,
                remote_status = CASE WHEN ? THEN 'pending' ELSE remote_status END
            WHERE record_id = ?
            """)
        let anyQuarantined = try db.scalarInt("SELECT EXISTS(SELECT 1 FROM quarantine WHERE stream = ?)",
                                              .text(stream)) == 1
        let unquarantine = try db.statement("DELETE FROM quarantine WHERE stream = ? AND source_key = ?")
        let replacePending = try db.statement("DELETE FROM outbox WHERE record_id = ? AND state = 'pending'")
        let insert = try db.statement(Self.insertOutboxSQL)
        let inFlight = try db.statement("SELECT EXISTS(SELECT 1 FROM outbox WHERE record_id = ? AND state <> 'pending')")
        for change in changes {
            try select.bind(.text(stream), .text(change.sourceKey))
            let recordId: Int64
            let existed = try select.step()
            var enqueue: Bool
            if existed {
                recordId = select.int(0)
                let same = select.text(1) == change.sourceHash && select.text(2) == change.mappedHash
                    && select.text(3) == mappingVersion
                enqueue = select.optionalText(4) != change.mappedHash
                try select.run()
                if same {
                    result.unchanged += 1
                    continue
                }
                if !enqueue {
                    // Back to what the portal held, while another version may be on its way (in flight or
                    // possibly landed): this one must follow it, or the portal would keep the other.
                    try inFlight.bind(.integer(recordId))
                    enqueue = try inFlight.step() && inFlight.int(0) == 1
                    try inFlight.run()
                }
                try updateRecord.bind(.text(change.sourceHash), .text(change.mappedHash), .text(mappingVersion),
                                      .integer(now), .integer(enqueue ? 1 : 0), .integer(recordId)).run()
            } else {
                enqueue = true
                try insertRecord.bind(.text(stream), .text(change.sourceKey),
                                      change.orderKey == change.sourceKey ? .null : .text(change.orderKey),
                                      .text(change.sourceHash), .text(change.mappedHash), .text(mappingVersion),
                                      .integer(now)).run()
                recordId = db.lastInsertRowId
            }
            result.changed += 1
            if anyQuarantined {
                try unquarantine.bind(.text(stream), .text(change.sourceKey)).run()
            }
            if existed {
                // A newer version replaces any version still waiting; one being sent stays and goes first.
                try replacePending.bind(.integer(recordId)).run()
            }
            if !enqueue { continue }
            try insert.bind(Self.outboxValues(recordId: recordId, stream: stream, change: change, now: now)).run()
            result.enqueued += 1
        }
        return result
    }

    func quarantine(
        _ db: SQLiteConnection, stream: String, mappingVersion: String, entries: [QuarantineEntry],
        now: Int64
    ) throws -> Int {
        for entry in entries {
            try db.run(
                """
                INSERT INTO quarantine(stream, source_key, field, error_code, message, mapping_version,
                                       source_hash, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(stream, source_key) DO UPDATE SET field = excluded.field,
                    error_code = excluded.error_code, message = excluded.message,
                    mapping_version = excluded.mapping_version, source_hash = excluded.source_hash,
                    created_at = excluded.created_at
                """, .text(stream), .text(entry.sourceKey), .text(entry.field), .text(entry.errorCode),
                .text(entry.message), .text(mappingVersion), .text(entry.sourceHash), .integer(now))
        }
        return entries.count
    }

    /// Removes the quarantine entries of `sourceKeys` in `stream` (records that map again); returns how many.
    public func clearQuarantine(stream: String, sourceKeys: [String]) throws -> Int {
        guard !sourceKeys.isEmpty else { return 0 }
        return try write { db in
            let delete = try db.statement("DELETE FROM quarantine WHERE stream = ? AND source_key = ?")
            var removed = 0
            for key in sourceKeys {
                try delete.bind(.text(stream), .text(key)).run()
                removed += db.changes
            }
            return removed
        }
    }

    /// Idempotency key of one version of a record: unique per (stream, key, mapped hash), reused by every retry.
    static func idempotencyKey(stream: String, sourceKey: String, mappedHash: String) -> String {
        "\(stream)|\(sourceKey)|\(mappedHash)"
    }

    func enqueue(_ db: SQLiteConnection, recordId: Int64, stream: String, change: RecordChange, now: Int64) throws {
        try db.statement(Self.insertOutboxSQL)
            .bind(Self.outboxValues(recordId: recordId, stream: stream, change: change, now: now)).run()
        try db.run("UPDATE record SET remote_status = 'pending' WHERE record_id = ?", .integer(recordId))
    }

    /// Inserts one outbox row whose idempotency key is the record's own, stored as '' (see `storedKey`); a row of
    /// the same version already waiting is kept as it is.
    static let insertOutboxSQL = """
        INSERT INTO outbox(record_id, stream, source_key, order_key, sequence, payload, mapped_hash, idempotency_key,
                           state, next_attempt_at, created_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, '', 'pending', ?, ?)
        ON CONFLICT DO NOTHING
        """

    static func outboxValues(recordId: Int64, stream: String, change: RecordChange, now: Int64) -> [SQLiteValue] {
        [.integer(recordId), .text(stream), .text(change.sourceKey), .text(change.orderKey), .integer(change.sequence),
         .blob(change.payload), .text(change.mappedHash), .integer(now), .integer(now)]
    }

    /// The idempotency key of an outbox row from its stored `idempotency_key` column. Keys are unique: '' stands
    /// for the record's own key (`idempotencyKey(stream:sourceKey:mappedHash:)`), unique through `outbox_record
    /// (record_id, mapped_hash, idempotency_key)`; any other key (requeued dead letters, which never contain '|')
    /// is stored as it is and unique through `outbox_plain_key`.
    static func idempotencyKey(stored: String, stream: String, sourceKey: String, mappedHash: String) -> String {
        stored.isEmpty ? idempotencyKey(stream: stream, sourceKey: sourceKey, mappedHash: mappedHash) : stored
    }

    func setCursor(_ db: SQLiteConnection, stream: String, cursor: String?, now: Int64) throws {
        try db.run(
            """
            INSERT INTO stream_state(stream, cursor, updated_at) VALUES (?, ?, ?)
            ON CONFLICT(stream) DO UPDATE SET cursor = excluded.cursor, updated_at = excluded.updated_at
            """, .text(stream), .optional(cursor), .integer(now))
    }

    /// The stream's saved cursor, nil before the first page.
    public func cursor(stream: String) throws -> String? {
        try withConnection { db in
            try db.scalarText("SELECT cursor FROM stream_state WHERE stream = ?", .text(stream))
        }
    }

    /// Saves the stream's cursor on its own (the engine normally saves it with a page).
    public func saveCursor(stream: String, cursor: String?) throws {
        let now = nowMilliseconds
        try write { db in try setCursor(db, stream: stream, cursor: cursor, now: now) }
    }

    /// Forgets what the portal holds for these records and enqueues their current version again (repair).
    public func forceRepublish(
        stream: String, mappingVersion: String, changes: [RecordChange],
        portalHasThem: Bool
    ) throws -> Int {
        let now = nowMilliseconds
        return try write { db in
            let upsert = try db.statement("""
                INSERT INTO record(stream, source_key, parent_key, source_hash, mapped_hash, mapping_version,
                                   updated_at, remote_hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, NULL)
                ON CONFLICT(stream, source_key) DO UPDATE SET source_hash = excluded.source_hash,
                    mapped_hash = excluded.mapped_hash, mapping_version = excluded.mapping_version,
                    updated_at = excluded.updated_at,
                    remote_hash = CASE WHEN ? THEN 'repair' ELSE NULL END
                RETURNING record_id
                """)
            for change in changes {
                try upsert.bind(.text(stream), .text(change.sourceKey),
                                change.orderKey == change.sourceKey ? .null : .text(change.orderKey),
                                .text(change.sourceHash), .text(change.mappedHash), .text(mappingVersion),
                                .integer(now), .integer(portalHasThem ? 1 : 0))
                guard try upsert.step() else {
                    throw LedgerError(code: "ledger.upsert", message: "record upsert returned no row")
                }
                let recordId = upsert.int(0)
                try upsert.run()
                try db.run("""
                    DELETE FROM outbox WHERE record_id = ?
                      AND (state = 'pending' OR (mapped_hash = ? AND idempotency_key = ''))
                    """, .integer(recordId), .text(change.mappedHash))
                try enqueue(db, recordId: recordId, stream: stream, change: change, now: now)
            }
            return changes.count
        }
    }

    /// (source key, mapped hash, remote hash) of every record of `stream`, ordered by key.
    public func recordHashes(stream: String) throws -> [(
        key: String, mappedHash: String, remoteHash: String?
    )] {
        try withConnection { db in
            let statement = try db.statement(
                """
                SELECT source_key, mapped_hash, remote_hash FROM record WHERE stream = ? ORDER BY source_key
                """)
            try statement.bind(.text(stream))
            var rows: [(String, String, String?)] = []
            while try statement.step() {
                rows.append((statement.text(0), statement.text(1), statement.optionalText(2)))
            }
            return rows
        }
    }

    /// When each record of `stream` was last accepted by the portal (ms since 1970), by source key; records never
    /// pushed are left out.
    public func lastPushTimes(stream: String) throws -> [String: Int64] {
        try withConnection { db in
            let statement = try db.statement("""
                SELECT source_key, last_pushed_at FROM record WHERE stream = ? AND last_pushed_at IS NOT NULL
                """)
            try statement.bind(.text(stream))
            var times: [String: Int64] = [:]
            while try statement.step() { times[statement.text(0)] = statement.int(1) }
            return times
        }
    }
}
