import Foundation
import Synchronization

/// Wraps any `HTTPTransport` with the retry policy, a per-host retry budget and a per-host circuit breaker.
///
/// Retryable outcomes are retried after the policy's delay (on the injected clock); an ambiguous one only when the
/// request is idempotent — otherwise it is handed back so the caller can look up whether it landed. Returns the final
/// response (any status) or throws the final error; `transport.circuit_open` and `transport.budget_exhausted` when
/// the host's breaker or budget stops the call.
public final class RetryingTransport: HTTPTransport {
    /// Settings of the retrying layer.
    public struct Configuration: Sendable {
        /// Back-off and attempt limits.
        public var policy = RetryPolicy.Configuration()
        /// Per-host retry budget.
        public var budget = RetryBudget.Configuration()
        /// Per-host circuit breaker.
        public var breaker = CircuitBreaker.Configuration()

        /// Configuration with the documented defaults.
        public init() {}
    }

    private struct HostState {
        var budget: RetryBudget
        var breaker: CircuitBreaker
        /// The failure that last opened the breaker (nil when slow answers did), named when a call is refused.
        var openedBy: TransportError?
    }

    private struct State {
        var hosts: [String: HostState] = [:]
        var metrics = TransportMetrics()
    }

    private let inner: any HTTPTransport
    private let configuration: Configuration
    private let policy: RetryPolicy
    private let clock: any SyncClock
    private let random: any RandomSource
    private let state = Mutex(State())

    /// Wraps `inner`; `clock` times back-off and the breaker, `random` draws the jitter.
    public init(wrapping inner: any HTTPTransport, configuration: Configuration = Configuration(),
                clock: any SyncClock = SystemClock(), random: any RandomSource = SystemRandom()) {
        self.inner = inner
        self.configuration = configuration
        self.policy = RetryPolicy(configuration: configuration.policy)
        self.clock = clock
        self.random = random
    }

    /// A snapshot of the counters.
    public var metrics: TransportMetrics { state.withLock { $0.metrics } }

    /// The circuit state of `host` (as in the URL, with `:port` when the URL has one).
    public func circuitState(host: String) -> CircuitBreaker.State {
        state.withLock { $0.hosts[host]?.breaker.state ?? .closed }
    }

    /// Tokens left in the retry budget of `host`.
    public func budgetTokens(host: String) -> Int {
        state.withLock { $0.hosts[host]?.budget.tokens ?? configuration.budget.capacity }
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let target = RequestTarget(url: request.url)
        let host = target.map { $0.host + ($0.port.map { ":\($0)" } ?? "") } ?? "<invalid>"
        let redacted = target?.redacted ?? "<invalid URL>"
        update(host) { _, metrics in metrics.calls += 1 }
        var attempt = 0
        var lastRetryCost: Int?
        while true {
            attempt += 1
            let now = clock.now
            let refusal = update(host) { host, metrics -> TransportError? in
                guard host.breaker.allowRequest(now: now) else {
                    metrics.circuitRejections += 1
                    return Self.circuitError(openedBy: host.openedBy, target: redacted)
                }
                metrics.attempts += 1
                return nil
            }
            if let refusal { throw refusal }
            let outcome: RetryPolicy.Outcome
            do {
                outcome = try await attemptOnce(request)
            } catch {
                update(host) { host, _ in host.breaker.release() }
                throw error
            }
            let finished = clock.now
            let failed = RetryPolicy.classify(outcome, request: request).map { $0 != .notRetryable } ?? false
            let duration = Duration.milliseconds(Int64(max(0, finished.timeIntervalSince(now)) * 1_000))
            update(host) { host, _ in
                let wasOpen = host.breaker.isOpen
                host.breaker.record(failed: failed, duration: duration, now: finished)
                if host.breaker.isOpen && !wasOpen {
                    host.openedBy = failed ? Self.failure(outcome, target: redacted) : nil
                }
            }
            let decision = policy.decide(outcome, request: request, attempt: attempt, now: finished,
                                         random: random.nextUnit())
            switch decision {
            case .stop(let reason):
                update(host) { host, metrics in
                    if reason == .success {
                        metrics.successes += 1
                        host.budget.recordSuccess(lastRetryCost: lastRetryCost)
                    }
                    if reason == .ambiguous { metrics.ambiguousSurfaced += 1 }
                }
                return try outcome.get()
            case .retry(let delay, let reason):
                let cost = reason == TransportError.Code.timeout.rawValue
                    ? configuration.budget.timeoutRetryCost : configuration.budget.retryCost
                let paid = update(host) { host, metrics in
                    guard host.budget.withdraw(afterTimeout: reason == TransportError.Code.timeout.rawValue) else {
                        metrics.budgetExhausted += 1
                        return false
                    }
                    metrics.retriesByReason[reason, default: 0] += 1
                    return true
                }
                guard paid else { throw Self.budgetError(after: outcome, target: redacted) }
                lastRetryCost = cost
                try await clock.sleep(for: delay)
            }
        }
    }

    private func attemptOnce(_ request: HTTPRequest) async throws -> RetryPolicy.Outcome {
        do {
            return .response(try await inner.send(request))
        } catch let error as TransportError {
            return .failure(error)
        }
    }

    private func update<T>(_ host: String, _ body: (inout HostState, inout TransportMetrics) -> T) -> T {
        state.withLock { state in
            var entry = state.hosts[host] ?? HostState(budget: RetryBudget(configuration: configuration.budget),
                                                       breaker: CircuitBreaker(configuration: configuration.breaker))
            let result = body(&entry, &state.metrics)
            state.hosts[host] = entry
            return result
        }
    }

    private static func budgetError(after outcome: RetryPolicy.Outcome, target: String) -> TransportError {
        var error = TransportError(.budgetExhausted, classification: .retryable, target: target,
                                   detail: "retry budget for the host is spent after \(RetryPolicy.reason(of: outcome))")
        let cause = failure(outcome, target: target)
        error.cause = cause.kind
        error.status = cause.status
        error.curlCode = cause.curlCode
        return error
    }

    /// The refusal of an open breaker, naming the failure that opened it (its code, detail, status or curl code;
    /// never a body).
    private static func circuitError(openedBy cause: TransportError?, target: String) -> TransportError {
        let why = cause.map { "after \($0.code): \($0.detail)" } ?? "after slow answers"
        var error = TransportError(.circuitOpen, classification: .retryable, target: target,
                                   detail: "circuit breaker for the host is open \(why); request not sent")
        error.cause = cause?.kind
        error.status = cause?.status
        error.curlCode = cause?.curlCode
        return error
    }

    /// A failed outcome as an error: the transport's own, or `http.status` for a response.
    private static func failure(_ outcome: RetryPolicy.Outcome, target: String) -> TransportError {
        switch outcome {
        case .failure(let error): return error
        case .response(let response):
            return TransportError(.httpStatus, classification: .retryable, target: target,
                                  detail: "server answered HTTP \(response.status)", status: response.status)
        }
    }
}

extension CircuitBreaker {
    /// True while calls are refused (until the open period ends).
    var isOpen: Bool {
        if case .open = state { return true }
        return false
    }
}

extension RetryPolicy.Outcome {
    /// The response, or the error thrown.
    func get() throws(TransportError) -> HTTPResponse {
        switch self {
        case .response(let response): return response
        case .failure(let error): throw error
        }
    }
}
