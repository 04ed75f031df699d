extension Ledger {
    /// Leases up to `limit` due outbox rows of `stream`, oldest first, at most one per record (a newer version waits
    /// for the one in flight). With `parentStream`, a row is due only once its parent (`order_key`) is on the portal
    /// and has nothing left in the outbox, so a dossier always goes before its steps; and only once every earlier
    /// row of the same parent is ready to go before it (`earlierSiblingsReadySQL`), so a dossier's steps reach the
    /// portal in time order.
    ///
    /// A leased row stays with its worker until the worker settles it (delivered, rescheduled, dead-lettered) or
    /// gives it back (`releaseLeases(_:)`): it is never taken over while the process lives, however long its request
    /// takes, since a second sender could create the record twice. A process that dies leaves its rows leased; the
    /// next start (`releaseLeases()`, under the instance lock) marks them as possibly landed. `lease_until` only
    /// tells operators and the daemon's wake-up estimate how long the batch was expected to take; `lease_id` tells
    /// one lease from another.
    public func lease(stream: String, limit: Int, leaseMilliseconds: Int64 = 300_000,
                      parentStream: String? = nil) throws -> [OutboxItem] {
        let now = nowMilliseconds
        return try write { db in
            let parentClause = parentStream == nil ? "" : """
                AND \(Self.parentDeliveredSQL(row: "o"))
                AND \(Self.earlierSiblingsReadySQL(row: "o"))
                """
            let statement = try db.statement("""
                SELECT o.outbox_id, o.source_key, o.order_key, o.sequence, o.payload, o.mapped_hash,
                       o.idempotency_key, o.attempts, o.state, r.remote_hash
                FROM outbox o LEFT JOIN record r ON r.record_id = o.record_id
                WHERE o.stream = :stream AND o.next_attempt_at <= :now
                  AND o.state IN ('pending', 'ambiguous')
                  AND \(Self.firstOfRecordSQL(row: "o"))
                  \(parentClause)
                ORDER BY o.outbox_id
                LIMIT :limit
                """)
            var values: [SQLiteValue] = [.text(stream), .integer(now)]
            if let parentStream { values.append(.text(parentStream)) }
            values.append(.integer(Int64(limit)))
            try statement.bind(values)
            var items: [OutboxItem] = []
            while try statement.step() {
                let state = statement.text(8)
                let sourceKey = statement.text(1), mappedHash = statement.text(5)
                items.append(OutboxItem(
                    id: statement.int(0), stream: stream, sourceKey: sourceKey, orderKey: statement.text(2),
                    sequence: statement.int(3), payload: statement.blob(4), mappedHash: mappedHash,
                    idempotencyKey: Self.idempotencyKey(stored: statement.text(6), stream: stream,
                                                        sourceKey: sourceKey, mappedHash: mappedHash),
                    attempts: Int(statement.int(7)),
                    mayHaveLanded: state != "pending", remoteHash: statement.optionalText(9)))
            }
            guard !items.isEmpty else { return items }
            let until = now + leaseMilliseconds, leaseId = try nextLeaseId(db)
            let mark = try db.statement("""
                UPDATE outbox SET state = 'leased', lease_until = ?, lease_id = ? WHERE outbox_id = ?
                """)
            for item in items { try mark.bind(.integer(until), .integer(leaseId), .integer(item.id)).run() }
            return items.map { item in
                var leased = item
                leased.leaseId = leaseId
                return leased
            }
        }
    }

    /// Records that the portal accepted these items: removes them from the outbox and remembers what the portal holds.
    public func markDelivered(_ items: [OutboxItem]) throws {
        let now = nowMilliseconds
        try write { db in
            // The deleted row names its record, which is then updated by row id (no look-up by text key).
            let delete = try db.statement("DELETE FROM outbox WHERE outbox_id = ? RETURNING record_id")
            let update = try db.statement("""
                UPDATE record SET remote_hash = ?1, last_pushed_at = ?2,
                    remote_status = CASE WHEN mapped_hash = ?1 THEN 'present' ELSE 'pending' END
                WHERE record_id = ?3
                """)
            for item in items {
                try delete.bind(.integer(item.id))
                let recordId = try delete.step() ? delete.int(0) : nil
                try delete.run()
                guard let recordId else { continue }
                try update.bind(.text(item.mappedHash), .integer(now), .integer(recordId)).run()
            }
        }
    }

    /// Puts items back for a later attempt after a transient failure. `mayHaveLanded` marks an ambiguous failure, so
    /// the next attempt first asks the portal what it holds.
    public func reschedule(_ items: [OutboxItem], notBefore: Int64, errorCode: String, message: String,
                           mayHaveLanded: Bool, countAttempt: Bool = true) throws {
        try write { db in
            for item in items {
                try db.run("""
                    UPDATE outbox SET state = ?, attempts = attempts + ?, next_attempt_at = ?, lease_until = NULL,
                        last_error_code = ?, last_error = ?
                    WHERE outbox_id = ?
                    """, .text(mayHaveLanded || item.mayHaveLanded ? "ambiguous" : "pending"),
                    .integer(countAttempt ? 1 : 0), .integer(notBefore), .text(errorCode), .text(message),
                    .integer(item.id))
            }
        }
    }

    /// Marks that the portal is known to hold (or not hold) a record, without delivering an outbox row: used after a
    /// lookup resolved an ambiguous attempt.
    public func setRemote(stream: String, sourceKey: String, remoteHash: String?) throws {
        try write { db in
            try db.run("UPDATE record SET remote_hash = ? WHERE stream = ? AND source_key = ?",
                       .optional(remoteHash), .text(stream), .text(sourceKey))
        }
    }

    /// Moves an item the portal refused for good to the dead letters, with the portal's reason.
    public func deadLetter(_ item: OutboxItem, errorCode: String, reason: String) throws {
        let now = nowMilliseconds
        try write { db in
            try db.run("""
                INSERT INTO dead_letter(stream, source_key, order_key, sequence, payload, mapped_hash, attempts,
                                        error_code, reason, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, .text(item.stream), .text(item.sourceKey), .text(item.orderKey), .integer(item.sequence),
                .blob(item.payload), .text(item.mappedHash), .integer(Int64(item.attempts + 1)), .text(errorCode),
                .text(reason), .integer(now))
            try db.run("DELETE FROM outbox WHERE outbox_id = ?", .integer(item.id))
            try db.run("UPDATE record SET remote_status = 'refused' WHERE stream = ? AND source_key = ?",
                       .text(item.stream), .text(item.sourceKey))
        }
    }

    /// After a crash, rows that were leased may or may not have reached the portal: mark them ambiguous and due now.
    @discardableResult
    public func releaseLeases() throws -> Int {
        let now = nowMilliseconds
        return try write { db in
            try db.run("""
                UPDATE outbox SET state = 'ambiguous', lease_until = NULL, next_attempt_at = ? WHERE state = 'leased'
                """, .integer(now))
            return db.changes
        }
    }

    /// Gives back rows a worker leased and did not settle (its work failed or was interrupted): they become
    /// `ambiguous` and due now, so the next attempt asks the portal first. A row settled meanwhile, or leased again
    /// by another worker, is left alone (matched by the lease's id). Returns how many were given back.
    @discardableResult
    public func releaseLeases(_ items: [OutboxItem]) throws -> Int {
        let now = nowMilliseconds
        return try write { db in
            let release = try db.statement("""
                UPDATE outbox SET state = 'ambiguous', lease_until = NULL, next_attempt_at = ?
                WHERE outbox_id = ? AND state = 'leased' AND lease_id = ?
                """)
            var released = 0
            for item in items {
                guard let token = item.leaseId else { continue }
                try release.bind(.integer(now), .integer(item.id), .integer(token)).run()
                released += db.changes
            }
            return released
        }
    }

    /// Moves dead letters (all, or of one stream / key) back to the outbox. Only a dead letter holding its record's
    /// current version goes back; an older one (the record changed since, and its newer version is on the portal, in
    /// the outbox or a dead letter of its own) is dropped, since sending it would put an outdated version back on
    /// the portal.
    public func requeueDeadLetters(stream: String? = nil, sourceKey: String? = nil) throws -> DeadLetterRequeue {
        let now = nowMilliseconds
        return try write { db in
            let filter = "WHERE (?1 IS NULL OR d.stream = ?1) AND (?2 IS NULL OR d.source_key = ?2)"
            // A dead letter's record row always exists (it was enqueued through one); the join finds its id and its
            // current version.
            try db.run("""
                INSERT INTO outbox(record_id, stream, source_key, order_key, sequence, payload, mapped_hash,
                                   idempotency_key, state, next_attempt_at, created_at)
                SELECT r.record_id, d.stream, d.source_key, d.order_key, d.sequence, d.payload, d.mapped_hash,
                       'requeue-' || d.dead_letter_id || '-' || ?3, 'pending', ?3, ?3
                FROM dead_letter d JOIN record r ON r.stream = d.stream AND r.source_key = d.source_key
                \(filter) AND d.mapped_hash = r.mapped_hash
                """, .optional(stream), .optional(sourceKey), .integer(now))
            let requeued = db.changes
            try db.run("""
                DELETE FROM dead_letter AS d \(filter)
                  AND EXISTS (SELECT 1 FROM record r WHERE r.stream = d.stream AND r.source_key = d.source_key)
                """, .optional(stream), .optional(sourceKey))
            return DeadLetterRequeue(requeued: requeued, superseded: db.changes - requeued)
        }
    }

    /// Makes every waiting outbox row (optionally of one stream) due now; returns how many.
    public func retryNow(stream: String? = nil) throws -> Int {
        let now = nowMilliseconds
        return try write { db in
            try db.run("UPDATE outbox SET next_attempt_at = ? WHERE (?2 IS NULL OR stream = ?2)",
                       .integer(now), .optional(stream))
            return db.changes
        }
    }

    /// SQL condition: outbox row `row` is the oldest of its record (a newer version waits for the one in flight).
    static func firstOfRecordSQL(row: String) -> String {
        "NOT EXISTS (SELECT 1 FROM outbox x WHERE x.record_id = \(row).record_id AND x.outbox_id < \(row).outbox_id)"
    }

    /// SQL condition (with `:now`) for leasing child row `row`: every earlier row of its parent (lower `sequence`,
    /// the step's time, or the same and a lower key) is due, not in flight, and queued before `row` in time order
    /// (no earlier row has a higher `outbox_id` than a later one). Those rows are then leasable too and come before
    /// `row` by `outbox_id`: a dossier's steps go out in time order, in one batch or in successive ones. A step
    /// waiting for a retry holds back the later steps of its dossier. Both look-ups go through the partial index
    /// `outbox_siblings` (named, so that SQLite never walks the stream by `outbox_id` instead: that plan, which it
    /// picked on its own, made a lease cost a scan of every later row).
    static func earlierSiblingsReadySQL(row: String) -> String {
        """
        NOT EXISTS (SELECT 1 FROM outbox s INDEXED BY outbox_siblings WHERE \(earlierSiblingSQL(of: row, as: "s"))
                    AND (s.state = 'leased' OR s.next_attempt_at > :now OR s.outbox_id > \(row).outbox_id
                         OR EXISTS (SELECT 1 FROM outbox a INDEXED BY outbox_siblings
                                    WHERE \(earlierSiblingSQL(of: "s", as: "a"))
                                    AND a.outbox_id > s.outbox_id)))
        """
    }

    /// SQL condition: child row `row` is the earliest row of its parent in the outbox (no time needed: for the
    /// daemon's wake-up estimate, a later step never goes before it).
    static func earliestSiblingSQL(row: String) -> String {
        "NOT EXISTS (SELECT 1 FROM outbox s INDEXED BY outbox_siblings WHERE \(earlierSiblingSQL(of: row, as: "s")))"
    }

    /// SQL terms: `alias` is a row of the same parent and stream as child row `row`, earlier in time (then key).
    private static func earlierSiblingSQL(of row: String, as alias: String) -> String {
        """
        \(alias).order_key = \(row).order_key AND \(alias).order_key <> \(alias).source_key \
        AND \(alias).stream = \(row).stream \
        AND (\(alias).sequence < \(row).sequence \
             OR (\(alias).sequence = \(row).sequence AND \(alias).source_key < \(row).source_key))
        """
    }

    /// SQL condition: the parent (`order_key` in stream `:parent`) of outbox row `row` is on the portal and has
    /// nothing left in the outbox.
    static func parentDeliveredSQL(row: String) -> String {
        """
        EXISTS (SELECT 1 FROM record pr WHERE pr.stream = :parent AND pr.source_key = \(row).order_key
                AND pr.remote_hash IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.record_id = pr.record_id))
        """
    }
}

extension Ledger {
    /// Ids of the outbox rows of `stream` that a drain would lease now: due, not leased, and the oldest
    /// row of their record (the conditions of `lease`, for a stream without a parent).
    func dueOutboxIDs(stream: String) throws -> Set<Int64> {
        let now = nowMilliseconds
        return try withConnection { db in
            let statement = try db.statement("""
                SELECT o.outbox_id FROM outbox o
                WHERE o.stream = :stream AND o.next_attempt_at <= :now AND o.state IN ('pending', 'ambiguous')
                  AND \(Self.firstOfRecordSQL(row: "o"))
                """)
            try statement.bind([.text(stream), .integer(now)])
            var ids = Set<Int64>()
            while try statement.step() { ids.insert(statement.int(0)) }
            return ids
        }
    }
}
