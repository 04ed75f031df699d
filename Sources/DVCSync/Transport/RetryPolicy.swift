import Foundation

/// Decides, for each outcome of an attempt, whether to retry and after how long: full-jitter exponential back-off
/// with a cap, `Retry-After` honoured up to a maximum. Pure: time and randomness are passed in.
public struct RetryPolicy: Sendable {
    /// Retry settings; defaults follow docs/transport.md ("Retry policy").
    public struct Configuration: Sendable {
        /// Attempts per call, the first included. Default 5.
        public var maxAttempts = 5
        /// Back-off base for transient failures: the n-th retry waits random(0, min(cap, base·2ⁿ)). Default 0.5 s.
        public var baseDelay: Duration = .milliseconds(500)
        /// Back-off base after 429 and 503 (the server is shedding load). Default 2 s.
        public var throttledBaseDelay: Duration = .seconds(2)
        /// Cap of the computed back-off. Default 30 s.
        public var maxDelay: Duration = .seconds(30)
        /// Largest `Retry-After` honoured; longer requests are clamped to it. Default 300 s.
        public var maxRetryAfter: Duration = .seconds(300)

        /// Configuration with the documented defaults.
        public init() {}
    }

    /// What one attempt produced.
    public enum Outcome: Sendable {
        /// An HTTP response (any status).
        case response(HTTPResponse)
        /// A failure below HTTP, or a refusal by the transport.
        case failure(TransportError)
    }

    /// Why the policy stops retrying.
    public enum StopReason: String, Sendable, Hashable {
        /// The attempt succeeded (status below 400).
        case success
        /// The outcome will not change by repeating (4xx, certificate, configuration).
        case notRetryable
        /// The request may have reached the server and is not idempotent: the caller must resolve it.
        case ambiguous
        /// `maxAttempts` attempts were made.
        case attemptsExhausted
    }

    /// The policy's verdict on one outcome.
    public enum Decision: Sendable, Equatable {
        /// Wait `after`, then try again; `reason` is the outcome's code (`http.503`, `transport.timeout`).
        case retry(after: Duration, reason: String)
        /// Hand the outcome to the caller.
        case stop(StopReason)
    }

    /// The settings in use.
    public var configuration: Configuration

    /// A policy with `configuration`.
    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Decides what follows attempt number `attempt` (1 for the first) of `request`; `random` is in [0, 1).
    public func decide(_ outcome: Outcome, request: HTTPRequest, attempt: Int, now: Date, random: Double) -> Decision {
        guard let classification = Self.classify(outcome, request: request) else { return .stop(.success) }
        switch classification {
        case .notRetryable: return .stop(.notRetryable)
        case .ambiguous where !request.isIdempotent: return .stop(.ambiguous)
        case .ambiguous, .retryable: break
        }
        guard attempt < configuration.maxAttempts else { return .stop(.attemptsExhausted) }
        var status: Int?
        var retryAfter: Double?
        if case .response(let response) = outcome {
            status = response.status
            retryAfter = response.header("Retry-After").flatMap { RetryAfter.seconds(from: $0, now: now) }
        }
        let throttled = status == 429 || status == 503
        var delay = backoff(retry: attempt - 1, throttled: throttled, random: random)
        if let retryAfter {
            delay = max(delay, min(Duration.milliseconds(Int64(min(retryAfter, 1e9) * 1_000)), configuration.maxRetryAfter))
        }
        return .retry(after: delay, reason: Self.reason(of: outcome))
    }

    /// Full-jitter back-off of the `retry`-th retry (0 for the first): random · min(cap, base·2ʳᵉᵗʳʸ).
    public func backoff(retry: Int, throttled: Bool, random: Double) -> Duration {
        let base = throttled ? configuration.throttledBaseDelay : configuration.baseDelay
        let ceiling = min(configuration.maxDelay, base * Double(1 << min(max(retry, 0), 30)))
        return ceiling * min(max(random, 0), 1)
    }

    /// Classification of an outcome; nil means success.
    public static func classify(_ outcome: Outcome, request: HTTPRequest) -> TransportError.Classification? {
        switch outcome {
        case .response(let response): return classify(status: response.status, request: request)
        case .failure(let error): return error.classification
        }
    }

    /// Classification of an HTTP status; nil below 400. 408, 425, 429, 503 are retryable (not processed); 500, 502,
    /// 504 are ambiguous (the request may have been processed); 409 is retryable only with an `Idempotency-Key`
    /// (the first attempt is still being processed); every other 4xx/5xx is not retryable.
    public static func classify(status: Int, request: HTTPRequest) -> TransportError.Classification? {
        switch status {
        case ..<400: return nil
        case 408, 425, 429, 503: return .retryable
        case 500, 502, 504: return .ambiguous
        case 409 where request.headers.contains(where: { $0.name.lowercased() == "idempotency-key" }): return .retryable
        default: return .notRetryable
        }
    }

    /// Metric label of an outcome: `http.<status>` or the error code.
    public static func reason(of outcome: Outcome) -> String {
        switch outcome {
        case .response(let response): return "http.\(response.status)"
        case .failure(let error): return error.code
        }
    }
}
