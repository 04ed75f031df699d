import Foundation

/// Wraps an `HTTPTransport` and times every call (retries included) into the daemon's request histogram under a
/// `target` label (`portal`, `source`).
public final class LatencyTransport: HTTPTransport {
    private let inner: any HTTPTransport
    private let target: String
    private let metrics: DaemonMetrics

    /// Times calls to `inner` as `target`.
    public init(wrapping inner: any HTTPTransport, target: String, metrics: DaemonMetrics) {
        self.inner = inner
        self.target = target
        self.metrics = metrics
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let started = ContinuousClock.now
        defer { metrics.observeRequest(target: target, seconds: Self.seconds(ContinuousClock.now - started)) }
        return try await inner.send(request)
    }

    static func seconds(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
