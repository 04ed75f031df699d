/// A source record after mapping, as the engine hands it to the ledger.
public struct RecordChange: Sendable, Hashable {
    /// Key of the record in its stream (dossier number, dossier number + step id, procedure code).
    public var sourceKey: String
    /// Key that orders pushes: a dossier's own key, and the dossier's key for its steps.
    public var orderKey: String
    /// Position within `orderKey` (step time in ms; 0 for a dossier).
    public var sequence: Int64
    /// SHA-256 of the canonical source record.
    public var sourceHash: String
    /// SHA-256 of the canonical mapped record.
    public var mappedHash: String
    /// Canonical mapped JSON, the payload item sent to the portal.
    public var payload: [UInt8]

    public init(sourceKey: String, orderKey: String? = nil, sequence: Int64 = 0, sourceHash: String,
                mappedHash: String, payload: [UInt8]) {
        self.sourceKey = sourceKey
        self.orderKey = orderKey ?? sourceKey
        self.sequence = sequence
        self.sourceHash = sourceHash
        self.mappedHash = mappedHash
        self.payload = payload
    }
}

/// A record that could not be mapped: kept aside with the field and the reason; its page goes on.
public struct QuarantineEntry: Sendable, Hashable, Codable {
    public var stream: String
    public var sourceKey: String
    /// Target or source field path that failed.
    public var field: String
    public var errorCode: String
    public var message: String
    public var mappingVersion: String
    public var sourceHash: String
    public var createdAt: Int64

    public init(stream: String, sourceKey: String, field: String, errorCode: String, message: String,
                mappingVersion: String = "", sourceHash: String = "", createdAt: Int64 = 0) {
        self.stream = stream
        self.sourceKey = sourceKey
        self.field = field
        self.errorCode = errorCode
        self.message = message
        self.mappingVersion = mappingVersion
        self.sourceHash = sourceHash
        self.createdAt = createdAt
    }
}

/// What one page did to the ledger.
public struct PageResult: Sendable, Hashable {
    public var unchanged = 0
    public var changed = 0
    public var enqueued = 0
    public var quarantined = 0
    public init() {}
}

/// An outbox row leased for sending.
public struct OutboxItem: Sendable, Hashable {
    public var id: Int64
    public var stream: String
    public var sourceKey: String
    public var orderKey: String
    public var sequence: Int64
    public var payload: [UInt8]
    public var mappedHash: String
    public var idempotencyKey: String
    public var attempts: Int
    /// True when an earlier attempt may have reached the portal (ambiguous failure, or a lease lost in a crash).
    public var mayHaveLanded: Bool
    /// The mapped hash the portal is known to hold for this record, nil if the portal has never accepted it.
    public var remoteHash: String?
    /// The lease this item was handed out under (`lease_id`), nil for an item not leased.
    public var leaseId: Int64? = nil
}

/// What `Ledger.requeueDeadLetters` did.
public struct DeadLetterRequeue: Sendable, Hashable {
    /// Dead letters put back in the outbox (they held their record's current version).
    public var requeued: Int
    /// Dead letters dropped because their record has changed since (a newer version supersedes them).
    public var superseded: Int
    /// Dead letters cleared either way.
    public var cleared: Int { requeued + superseded }
}

/// A record refused for good, with the portal's reason.
public struct DeadLetter: Sendable, Hashable, Codable {
    public var id: Int64
    public var stream: String
    public var sourceKey: String
    public var attempts: Int
    public var errorCode: String
    public var reason: String
    public var createdAt: Int64
}

/// Counters of one run.
public struct RunCounts: Sendable, Hashable, Codable {
    public var pulled = 0
    public var changed = 0
    public var pushed = 0
    public var failed = 0
    public var quarantined = 0
    public init() {}

    /// Adds `other` to these counts.
    public mutating func add(_ other: RunCounts) {
        pulled += other.pulled
        changed += other.changed
        pushed += other.pushed
        failed += other.failed
        quarantined += other.quarantined
    }
}

/// One row of `sync_run`.
public struct RunRecord: Sendable, Hashable, Codable {
    public var id: Int64
    public var kind: String
    public var streams: String
    public var startedAt: Int64
    public var finishedAt: Int64?
    public var status: String
    public var counts: RunCounts
    public var mappingVersion: String?
    public var message: String?
}

/// Per-stream state for `ledger status`.
public struct StreamStatus: Sendable, Hashable, Codable {
    public var stream: String
    public var cursor: String?
    public var records = 0
    public var onPortal = 0
    public var outboxDepth = 0
    public var ambiguous = 0
    public var deadLetters = 0
    public var quarantined = 0
    public var cursorUpdatedAt: Int64?
}
