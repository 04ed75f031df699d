extension Ledger {
    /// Per-stream state: cursor, record counts, outbox depth, dead letters, quarantine.
    public func streamStatus() throws -> [StreamStatus] {
        try withConnection { db in
            var byStream: [String: StreamStatus] = [:]
            func entry(_ name: String) -> StreamStatus { byStream[name] ?? StreamStatus(stream: name) }
            let cursors = try db.statement("SELECT stream, cursor, updated_at FROM stream_state")
            try cursors.bind([])
            while try cursors.step() {
                var status = entry(cursors.text(0))
                status.cursor = cursors.optionalText(1)
                status.cursorUpdatedAt = cursors.optionalInt(2)
                byStream[status.stream] = status
            }
            let records = try db.statement("""
                SELECT stream, count(*), sum(remote_hash IS NOT NULL AND remote_hash = mapped_hash)
                FROM record GROUP BY stream
                """)
            try records.bind([])
            while try records.step() {
                var status = entry(records.text(0))
                status.records = Int(records.int(1))
                status.onPortal = Int(records.int(2))
                byStream[status.stream] = status
            }
            let outbox = try db.statement("""
                SELECT stream, count(*), sum(state = 'ambiguous') FROM outbox GROUP BY stream
                """)
            try outbox.bind([])
            while try outbox.step() {
                var status = entry(outbox.text(0))
                status.outboxDepth = Int(outbox.int(1))
                status.ambiguous = Int(outbox.int(2))
                byStream[status.stream] = status
            }
            for (table, keyPath) in [("dead_letter", \StreamStatus.deadLetters), ("quarantine", \.quarantined)] {
                let statement = try db.statement("SELECT stream, count(*) FROM \(table) GROUP BY stream")
                try statement.bind([])
                while try statement.step() {
                    var status = entry(statement.text(0))
                    status[keyPath: keyPath] = Int(statement.int(1))
                    byStream[status.stream] = status
                }
            }
            return byStream.values.sorted { $0.stream < $1.stream }
        }
    }

    /// Number of rows in the outbox (optionally of one stream).
    public func outboxDepth(stream: String? = nil) throws -> Int {
        try withConnection { db in
            Int(try db.scalarInt("SELECT count(*) FROM outbox WHERE (?1 IS NULL OR stream = ?1)", .optional(stream))
                ?? 0)
        }
    }

    /// The earliest time (ms) a waiting row can be leased, or nil when none can: a leased row counts from the end of
    /// its lease, a newer version of a record waits for the older one, and a row of a child stream (steps) whose
    /// parent dossier is not yet on the portal or still has a row in the outbox, or that waits for an earlier step
    /// of its dossier, is not counted — it goes out after them, whose own time is counted.
    public func nextDueTime() throws -> Int64? {
        try withConnection { db in
            let statement = try db.statement("""
                SELECT min(CASE WHEN o.state = 'leased' THEN max(o.next_attempt_at, coalesce(o.lease_until, 0))
                                ELSE o.next_attempt_at END)
                FROM outbox o
                WHERE o.state IN ('pending', 'ambiguous', 'leased')
                  AND \(Self.firstOfRecordSQL(row: "o"))
                  AND (o.stream <> :child OR (\(Self.parentDeliveredSQL(row: "o"))
                                              AND \(Self.earliestSiblingSQL(row: "o"))))
                """)
            try statement.bind([.text(SyncStream.steps.rawValue), .text(SyncStream.dossiers.rawValue)])
            guard try statement.step() else { return nil }
            let due = statement.optionalInt(0)
            try statement.run()  // finish the read: an open one makes a checkpoint fail with SQLITE_LOCKED
            return due
        }
    }

    /// Dead letters, newest first.
    public func deadLetters(limit: Int = 1000) throws -> [DeadLetter] {
        try withConnection { db in
            let statement = try db.statement("""
                SELECT dead_letter_id, stream, source_key, attempts, error_code, reason, created_at
                FROM dead_letter ORDER BY dead_letter_id DESC LIMIT ?
                """)
            try statement.bind(.integer(Int64(limit)))
            var letters: [DeadLetter] = []
            while try statement.step() {
                letters.append(DeadLetter(
                    id: statement.int(0), stream: statement.text(1), sourceKey: statement.text(2),
                    attempts: Int(statement.int(3)), errorCode: statement.text(4), reason: statement.text(5),
                    createdAt: statement.int(6)))
            }
            return letters
        }
    }

    /// Quarantined records, newest first.
    public func quarantined(limit: Int = 1000) throws -> [QuarantineEntry] {
        try withConnection { db in
            let statement = try db.statement("""
                SELECT stream, source_key, field, error_code, message, mapping_version, source_hash, created_at
                FROM quarantine ORDER BY quarantine_id DESC LIMIT ?
                """)
            try statement.bind(.integer(Int64(limit)))
            var entries: [QuarantineEntry] = []
            while try statement.step() {
                entries.append(QuarantineEntry(
                    stream: statement.text(0), sourceKey: statement.text(1), field: statement.text(2),
                    errorCode: statement.text(3), message: statement.text(4), mappingVersion: statement.text(5),
                    sourceHash: statement.text(6), createdAt: statement.int(7)))
            }
            return entries
        }
    }

    /// Keys of `stream` waiting in the outbox.
    public func pendingKeys(stream: String) throws -> Set<String> {
        try keys("SELECT source_key FROM outbox WHERE stream = ?", stream)
    }

    /// Keys of `stream` in the dead letters.
    public func deadLetterKeys(stream: String) throws -> Set<String> {
        try keys("SELECT source_key FROM dead_letter WHERE stream = ?", stream)
    }

    /// Keys of `stream` in quarantine.
    public func quarantinedKeys(stream: String) throws -> Set<String> {
        try keys("SELECT source_key FROM quarantine WHERE stream = ?", stream)
    }

    private func keys(_ sql: String, _ stream: String) throws -> Set<String> {
        try withConnection { db in
            let statement = try db.statement(sql)
            try statement.bind(.text(stream))
            var keys = Set<String>()
            while try statement.step() { keys.insert(statement.text(0)) }
            return keys
        }
    }
}
