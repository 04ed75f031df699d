/// Something the mock HTTP server can host: the national portal, the provincial source, or a test double.
public protocol MockService: Sendable {
    /// Answers one request. Runs off the event loop; must not block for long.
    func handle(_ request: MockHTTPRequest) async -> MockHTTPResponse
    /// Forgets all state (called on `POST /_mock/reset`, after the server cleared its journal and fault counters).
    func reset() async
    /// Business keys a request carries, for the journal of a request the service never saw (a fault answered it).
    func journalKeys(of request: MockHTTPRequest) -> [String]
}

extension MockService {
    public func reset() async {}
    public func journalKeys(of request: MockHTTPRequest) -> [String] { [] }
}

/// Scenario instructions the server passes to the service with a request.
public struct MockDirectives: Sendable, Hashable {
    /// Invalidate every session before answering (scenario fault `expireSession`).
    public var expireSessions = false
    /// Share in [0, 1] of the records in this request to accept but silently drop (scenario fault `lossy`).
    public var dropShare = 0.0
    /// Seed for choosing which records to drop; the same seed and key always give the same choice.
    public var dropSeed: UInt64 = 0

    public init(expireSessions: Bool = false, dropShare: Double = 0, dropSeed: UInt64 = 0) {
        self.expireSessions = expireSessions
        self.dropShare = dropShare
        self.dropSeed = dropSeed
    }

    /// Whether the record with `key` is to be dropped: a pure function of the seed and the key.
    public func drops(_ key: String) -> Bool {
        guard dropShare > 0 else { return false }
        var hash = SplitMix64.mix(dropSeed ^ 0x9E37_79B9_7F4A_7C15)
        for byte in key.utf8 { hash = SplitMix64.mix(hash ^ UInt64(byte)) }
        return Double(hash >> 11) / Double(1 << 53) < dropShare
    }
}

/// What a service asks the server to record in the request journal.
public struct MockJournalNote: Sendable, Hashable {
    /// Logical operation, e.g. the portal's `service` (`DongBoHoSoMC`) or the source's endpoint name.
    public var operation: String?
    /// Business keys touched (dossier numbers, procedure codes).
    public var keys: [String]
    /// Outcome in a word or code, e.g. `"0"`, `"2"`, `"3"`, `"-1"`.
    public var outcome: String
    /// Short safe detail (never a password, token or payload).
    public var detail: String?

    public init(operation: String? = nil, keys: [String] = [], outcome: String, detail: String? = nil) {
        self.operation = operation
        self.keys = keys
        self.outcome = outcome
        self.detail = detail
    }
}
