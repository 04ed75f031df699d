/// A per-host token bucket that pays for retries, so an outage does not turn into a retry storm. Only successes
/// refill it (AWS SDK "standard" retry quota): with the defaults, 100 retries can be spent before the host must
/// answer again, and each clean first-try success earns back one token.
public struct RetryBudget: Sendable, Equatable {
    /// Bucket sizes; defaults per docs/transport.md ("Retry budget").
    public struct Configuration: Sendable, Equatable {
        /// Tokens when full. Default 500.
        public var capacity = 500
        /// Cost of one retry. Default 5.
        public var retryCost = 5
        /// Cost of retrying after a timeout (a slow host is hurt most by retries). Default 10.
        public var timeoutRetryCost = 10
        /// Tokens returned by a success on the first attempt. Default 1.
        public var successRefund = 1

        /// Configuration with the documented defaults.
        public init() {}
    }

    /// The settings in use.
    public let configuration: Configuration
    /// Tokens left.
    public private(set) var tokens: Int

    /// A full bucket.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        self.tokens = configuration.capacity
    }

    /// Takes the cost of one retry; false (and nothing taken) when the bucket cannot pay it.
    public mutating func withdraw(afterTimeout: Bool) -> Bool {
        let cost = afterTimeout ? configuration.timeoutRetryCost : configuration.retryCost
        guard tokens >= cost else { return false }
        tokens -= cost
        return true
    }

    /// Credits a successful call: a first-try success earns `successRefund`, a success after retries gets the cost of
    /// its last retry back.
    public mutating func recordSuccess(lastRetryCost: Int?) {
        tokens = min(configuration.capacity, tokens + (lastRetryCost ?? configuration.successRefund))
    }
}
