import Foundation

/// A per-host circuit breaker over a count-based window of recent calls. Closed: calls flow and are recorded. Open:
/// calls are refused until `openDuration` has passed. Half-open: `halfOpenProbes` calls are let through; all must
/// succeed to close it, any failure opens it again. Pure: the time is passed in.
///
/// Sized for a province (hundreds to a few thousand portal calls an hour, bursts of a few per second): 20 calls
/// reach a verdict within seconds of an outage, where resilience4j's 100-call default would take minutes.
public struct CircuitBreaker: Sendable {
    /// Breaker settings; defaults per docs/transport.md ("Circuit breaker").
    public struct Configuration: Sendable {
        /// Calls remembered. Default 20.
        public var windowSize = 20
        /// Calls needed in the window before the breaker may open. Default 10.
        public var minimumCalls = 10
        /// Fraction of failed calls in the window that opens the breaker. Default 0.5.
        public var failureRateThreshold = 0.5
        /// A call slower than this counts as slow. Default 10 s.
        public var slowCallDuration: Duration = .seconds(10)
        /// Fraction of slow calls in the window that opens the breaker. Default 0.5.
        public var slowCallRateThreshold = 0.5
        /// Time the breaker stays open before probing. Default 60 s.
        public var openDuration: Duration = .seconds(60)
        /// Probe calls allowed (and needed to close) in half-open state. Default 3.
        public var halfOpenProbes = 3

        /// Configuration with the documented defaults.
        public init() {}
    }

    /// Where the breaker stands.
    public enum State: Sendable, Equatable {
        /// Calls flow.
        case closed
        /// Calls are refused until the date.
        case open(until: Date)
        /// A few probe calls are allowed.
        case halfOpen
    }

    /// The settings in use.
    public let configuration: Configuration
    /// Current state (an open breaker whose time has passed turns half-open on the next `allowRequest`).
    public private(set) var state: State = .closed
    private var window: [(failed: Bool, slow: Bool)] = []
    private var probesAdmitted = 0
    private var probesSucceeded = 0

    /// A closed breaker.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// True when a call may go out now; admits a probe in half-open state.
    public mutating func allowRequest(now: Date) -> Bool {
        if case .open(let until) = state {
            guard now >= until else { return false }
            state = .halfOpen
            probesAdmitted = 0
            probesSucceeded = 0
        }
        if state == .halfOpen {
            guard probesAdmitted < configuration.halfOpenProbes else { return false }
            probesAdmitted += 1
        }
        return true
    }

    /// Records a finished call: `failed` for retryable or ambiguous outcomes, `duration` for the slow-call rate.
    public mutating func record(failed: Bool, duration: Duration, now: Date) {
        let slow = duration > configuration.slowCallDuration
        switch state {
        case .open:
            return
        case .halfOpen:
            if failed || slow {
                trip(now: now)
            } else {
                probesSucceeded += 1
                if probesSucceeded >= configuration.halfOpenProbes {
                    state = .closed
                    window = []
                }
            }
        case .closed:
            window.append((failed, slow))
            if window.count > configuration.windowSize { window.removeFirst(window.count - configuration.windowSize) }
            guard window.count >= configuration.minimumCalls else { return }
            let count = Double(window.count)
            let failureRate = Double(window.count(where: \.failed)) / count
            let slowRate = Double(window.count(where: \.slow)) / count
            if failureRate >= configuration.failureRateThreshold || slowRate >= configuration.slowCallRateThreshold {
                trip(now: now)
            }
        }
    }

    /// Gives back an admitted call that ended without an outcome (cancelled), freeing its half-open probe slot.
    public mutating func release() {
        if state == .halfOpen, probesAdmitted > probesSucceeded { probesAdmitted -= 1 }
    }

    private mutating func trip(now: Date) {
        state = .open(until: now.addingTimeInterval(configuration.openDuration.timeInterval))
        window = []
    }
}
