import Foundation

/// A failure of an outbound HTTP call: below HTTP (timeout, connect, TLS…), a refusal by the transport's own rules
/// (plain HTTP, open circuit, exhausted retry budget) or an HTTP status the caller treats as an error (`http.status`).
///
/// The message names the host and path only: never the query, headers, body or credentials.
public struct TransportError: CodedError {
    /// Whether repeating the request can help, and whether the server may already have acted on it.
    public enum Classification: String, Sendable, Hashable {
        /// The request did not take effect (or is safe to repeat): retry with back-off.
        case retryable
        /// Repeating will fail the same way (configuration, certificate, client error).
        case notRetryable
        /// The request may have reached the server (connection lost after sending, timeout after sending, 5xx):
        /// repeat only an idempotent request; otherwise the caller must look up whether it landed.
        case ambiguous
    }

    /// Stable error code (`transport.timeout`, `http.status`, …).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The dotted string form, stable across releases.
        public let rawValue: String
        private init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// Connect, total or low-speed timeout.
        public static let timeout = Code("transport.timeout")
        /// The connection could not be established (refused, unreachable).
        public static let connect = Code("transport.connect")
        /// The configured proxy's name could not be resolved, or the proxy refused the tunnel or the request.
        public static let proxy = Code("transport.proxy")
        /// TLS handshake, certificate verification or public-key pin failure.
        public static let tls = Code("transport.tls")
        /// The host name could not be resolved.
        public static let dns = Code("transport.dns")
        /// The connection was lost mid-transfer (reset, empty reply, truncated body).
        public static let reset = Code("transport.reset")
        /// Malformed URL, unsupported scheme, invalid reply or another protocol-level failure.
        public static let `protocol` = Code("transport.protocol")
        /// Plain `http://` to a non-loopback host without `allowPlainHTTP`; refused before connecting.
        public static let plainHTTPRefused = Code("transport.plain_http_refused")
        /// The host's circuit breaker is open: the request was not sent.
        public static let circuitOpen = Code("transport.circuit_open")
        /// The host's retry budget is spent: a retryable failure was not retried.
        public static let budgetExhausted = Code("transport.budget_exhausted")
        /// The server answered with an HTTP status the caller treats as a failure.
        public static let httpStatus = Code("http.status")
    }

    /// Which failure this is.
    public var kind: Code
    /// Whether and how the request may be repeated.
    public var classification: Classification
    /// Host and path of the request (no query), for messages and logs.
    public var target: String
    /// Human-readable detail, safe to log.
    public var detail: String
    /// HTTP status, for `http.status` (and for budget/circuit errors that followed an HTTP status).
    public var status: Int?
    /// libcurl result code, when the failure came from libcurl.
    public var curlCode: Int?
    /// Seconds the server asked to wait (`Retry-After`), when known.
    public var retryAfterSeconds: Double?
    /// For `transport.circuit_open` and `transport.budget_exhausted`: the failure behind the refusal (the one that
    /// opened the breaker, or the last one before the budget ran out), e.g. `transport.connect`; nil when none
    /// (a breaker opened by slow answers).
    public var cause: Code?

    /// Creates an error; `target` must already be redacted to host + path.
    public init(_ kind: Code, classification: Classification, target: String, detail: String,
                status: Int? = nil, curlCode: Int? = nil, retryAfterSeconds: Double? = nil) {
        self.kind = kind
        self.classification = classification
        self.target = target
        self.detail = detail
        self.status = status
        self.curlCode = curlCode
        self.retryAfterSeconds = retryAfterSeconds
    }

    public var code: String { kind.rawValue }

    public var message: String {
        var text = "\(detail) (\(target))"
        if let status { text += " [HTTP \(status)]" }
        if let curlCode { text += " [curl \(curlCode)]" }
        return text
    }

    /// True when the failure is `.retryable`.
    public var isRetryable: Bool { classification == .retryable }

    /// An `http.status` error for `response` to `request`, classified like the retry policy classifies the status.
    public static func httpStatus(_ response: HTTPResponse, for request: HTTPRequest) -> TransportError {
        let classification = RetryPolicy.classify(status: response.status, request: request) ?? .notRetryable
        return TransportError(.httpStatus, classification: classification, target: RequestTarget.redact(request.url),
                              detail: "server answered HTTP \(response.status)", status: response.status,
                              retryAfterSeconds: response.header("Retry-After").flatMap {
                                  RetryAfter.seconds(from: $0, now: .now)
                              })
    }
}

extension HTTPResponse {
    /// Returns `self` for a 2xx status; otherwise throws an `http.status` `TransportError`.
    @discardableResult
    public func requireSuccess(for request: HTTPRequest) throws(TransportError) -> HTTPResponse {
        guard (200..<300).contains(status) else { throw TransportError.httpStatus(self, for: request) }
        return self
    }
}
