/// An outbox row put back after a transient failure (portal unreachable, 5xx, rate limit, refused login), waiting
/// for its next attempt. Its message is the stored, already redacted error text; the payload is never read.
public struct WaitingRecord: Sendable, Hashable, Codable {
    public var stream: String
    public var sourceKey: String
    /// Attempts made so far.
    public var attempts: Int
    /// Stable dotted code of the last failure (`transport.connect`, `http.status`, …).
    public var errorCode: String
    /// Text of the last failure.
    public var message: String
    /// Earliest time (ms) of the next attempt.
    public var nextAttemptAt: Int64
    /// `pending`, `ambiguous` (an attempt may have reached the portal) or `leased` (being sent again now).
    public var state: String
    /// End (ms) of the lease while `state` is `leased`.
    public var leaseUntil: Int64?
    /// True when an earlier attempt may have reached the portal: the next attempt first asks the portal.
    public var mayHaveLanded: Bool
    /// When the row entered the outbox (ms): the record has waited since then.
    public var enqueuedAt: Int64

    public init(stream: String, sourceKey: String, attempts: Int, errorCode: String, message: String,
                nextAttemptAt: Int64, state: String, leaseUntil: Int64?, mayHaveLanded: Bool, enqueuedAt: Int64) {
        self.stream = stream
        self.sourceKey = sourceKey
        self.attempts = attempts
        self.errorCode = errorCode
        self.message = message
        self.nextAttemptAt = nextAttemptAt
        self.state = state
        self.leaseUntil = leaseUntil
        self.mayHaveLanded = mayHaveLanded
        self.enqueuedAt = enqueuedAt
    }
}

/// The records of one stream waiting for a retry for one reason (`errorCode`).
public struct WaitingReason: Sendable, Hashable, Codable {
    public var stream: String
    public var errorCode: String
    /// How many outbox rows of the stream last failed with this code.
    public var count: Int
    /// How many of them may have reached the portal.
    public var mayHaveLanded: Int
    /// Enqueue time (ms) of the oldest of them: the reason has held records back at least since then.
    public var waitingSince: Int64
    /// Earliest next attempt (ms) among them.
    public var nextAttemptAt: Int64
    /// Last error text of the most recently enqueued of them.
    public var latestMessage: String

    public init(stream: String, errorCode: String, count: Int, mayHaveLanded: Int, waitingSince: Int64,
                nextAttemptAt: Int64, latestMessage: String) {
        self.stream = stream
        self.errorCode = errorCode
        self.count = count
        self.mayHaveLanded = mayHaveLanded
        self.waitingSince = waitingSince
        self.nextAttemptAt = nextAttemptAt
        self.latestMessage = latestMessage
    }
}

extension Ledger {
    /// Outbox rows (optionally of one stream) that carry a last error, i.e. wait for a retry after a failure: by
    /// stream, then oldest first. Rows that have never been tried (or wait behind their parent) are not listed.
    public func waitingRecords(stream: String? = nil, limit: Int = 1000) throws -> [WaitingRecord] {
        try withConnection { db in
            let statement = try db.statement("""
                SELECT stream, source_key, attempts, last_error_code, coalesce(last_error, ''), next_attempt_at,
                       state, lease_until, created_at
                FROM outbox
                WHERE last_error_code IS NOT NULL AND (?1 IS NULL OR stream = ?1)
                ORDER BY stream, outbox_id
                LIMIT ?2
                """)
            try statement.bind(.optional(stream), .integer(Int64(limit)))
            var rows: [WaitingRecord] = []
            while try statement.step() {
                let state = statement.text(6)
                rows.append(WaitingRecord(
                    stream: statement.text(0), sourceKey: statement.text(1), attempts: Int(statement.int(2)),
                    errorCode: statement.text(3), message: statement.text(4), nextAttemptAt: statement.int(5),
                    state: state, leaseUntil: statement.optionalInt(7), mayHaveLanded: state != "pending",
                    enqueuedAt: statement.int(8)))
            }
            return rows
        }
    }

    /// The waiting rows (optionally of one stream) counted by stream and last error code: by stream, the most
    /// frequent reason first.
    public func waitingReasons(stream: String? = nil) throws -> [WaitingReason] {
        try withConnection { db in
            let statement = try db.statement("""
                SELECT g.stream, g.code, g.rows, g.landed, g.since, g.next,
                       (SELECT coalesce(x.last_error, '') FROM outbox x
                        WHERE x.stream = g.stream AND x.last_error_code = g.code
                        ORDER BY x.outbox_id DESC LIMIT 1)
                FROM (SELECT stream, last_error_code AS code, count(*) AS rows, sum(state <> 'pending') AS landed,
                             min(created_at) AS since, min(next_attempt_at) AS next
                      FROM outbox
                      WHERE last_error_code IS NOT NULL AND (?1 IS NULL OR stream = ?1)
                      GROUP BY stream, last_error_code) g
                ORDER BY g.stream, g.rows DESC, g.code
                """)
            try statement.bind(.optional(stream))
            var reasons: [WaitingReason] = []
            while try statement.step() {
                reasons.append(WaitingReason(
                    stream: statement.text(0), errorCode: statement.text(1), count: Int(statement.int(2)),
                    mayHaveLanded: Int(statement.int(3)), waitingSince: statement.int(4),
                    nextAttemptAt: statement.int(5), latestMessage: statement.text(6)))
            }
            return reasons
        }
    }
}
