extension Ledger {
    /// Starts a run and returns its id.
    public func startRun(kind: String, streams: [String], mappingVersion: String?) throws -> Int64 {
        let now = nowMilliseconds
        return try write { db in
            try db.run("""
                INSERT INTO sync_run(kind, streams, started_at, heartbeat_at, status, mapping_version, gateway_version)
                VALUES (?, ?, ?, ?, 'running', ?, ?)
                """, .text(kind), .text(streams.joined(separator: ",")), .integer(now), .integer(now),
                .optional(mappingVersion), .text(DVCSyncInfo.version))
            return try db.scalarInt("SELECT last_insert_rowid()") ?? 0
        }
    }

    /// Records progress of a running run.
    public func heartbeat(run: Int64, counts: RunCounts) throws {
        let now = nowMilliseconds
        try write { db in
            try db.run("""
                UPDATE sync_run SET heartbeat_at = ?, pulled = ?, changed = ?, pushed = ?, failed = ?, quarantined = ?
                WHERE run_id = ?
                """, .integer(now), .integer(Int64(counts.pulled)), .integer(Int64(counts.changed)),
                .integer(Int64(counts.pushed)), .integer(Int64(counts.failed)), .integer(Int64(counts.quarantined)),
                .integer(run))
        }
    }

    /// Closes a run with its final status (`succeeded`, `failed`, `interrupted`).
    public func finishRun(_ run: Int64, status: String, counts: RunCounts, message: String? = nil) throws {
        let now = nowMilliseconds
        try write { db in
            try db.run("""
                UPDATE sync_run SET finished_at = ?, heartbeat_at = ?, status = ?, pulled = ?, changed = ?, pushed = ?,
                    failed = ?, quarantined = ?, message = ?
                WHERE run_id = ?
                """, .integer(now), .integer(now), .text(status), .integer(Int64(counts.pulled)),
                .integer(Int64(counts.changed)), .integer(Int64(counts.pushed)), .integer(Int64(counts.failed)),
                .integer(Int64(counts.quarantined)), .optional(message), .integer(run))
        }
    }

    /// Closes runs left `running` by a crash; returns how many.
    @discardableResult
    public func abandonStaleRuns() throws -> Int {
        let now = nowMilliseconds
        return try write { db in
            try db.run("""
                UPDATE sync_run SET status = 'abandoned', finished_at = ?,
                    message = 'closed at start: the previous process ended without finishing this run'
                WHERE status = 'running'
                """, .integer(now))
            return db.changes
        }
    }

    /// The latest runs, newest first.
    public func runs(limit: Int = 20) throws -> [RunRecord] {
        try withConnection { db in
            let statement = try db.statement("""
                SELECT run_id, kind, streams, started_at, finished_at, status, pulled, changed, pushed, failed,
                       quarantined, mapping_version, message
                FROM sync_run ORDER BY run_id DESC LIMIT ?
                """)
            try statement.bind(.integer(Int64(limit)))
            var runs: [RunRecord] = []
            while try statement.step() {
                var counts = RunCounts()
                counts.pulled = Int(statement.int(6))
                counts.changed = Int(statement.int(7))
                counts.pushed = Int(statement.int(8))
                counts.failed = Int(statement.int(9))
                counts.quarantined = Int(statement.int(10))
                runs.append(RunRecord(
                    id: statement.int(0), kind: statement.text(1), streams: statement.text(2),
                    startedAt: statement.int(3), finishedAt: statement.optionalInt(4), status: statement.text(5),
                    counts: counts, mappingVersion: statement.optionalText(11), message: statement.optionalText(12)))
            }
            return runs
        }
    }
}
