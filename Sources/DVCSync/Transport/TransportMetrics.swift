/// Counters of a `RetryingTransport`, as a snapshot for metrics and reports.
public struct TransportMetrics: Sendable, Equatable {
    /// Calls made through `send`.
    public var calls = 0
    /// Attempts sent to the wrapped transport (first tries and retries).
    public var attempts = 0
    /// Retries, by the reason of the outcome that caused them (`http.503`, `transport.timeout`, …).
    public var retriesByReason: [String: Int] = [:]
    /// Calls that ended with a success (status below 400).
    public var successes = 0
    /// Calls whose retries stopped because the host's retry budget was spent.
    public var budgetExhausted = 0
    /// Calls refused because the host's circuit breaker was open.
    public var circuitRejections = 0
    /// Calls whose ambiguous outcome was handed to the caller instead of being retried (non-idempotent request).
    public var ambiguousSurfaced = 0

    /// Total retries.
    public var retries: Int { retriesByReason.values.reduce(0, +) }

    /// Empty counters.
    public init() {}
}
