import Foundation

/// Wall-clock time and sleeping, injected so back-off and schedules can be tested without waiting.
public protocol SyncClock: Sendable {
    /// Current time.
    var now: Date { get }
    /// Suspends for `duration` (or pretends to, in tests).
    func sleep(for duration: Duration) async throws
}

/// The real clock.
public struct SystemClock: SyncClock {
    public init() {}
    public var now: Date { Date() }
    public func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
}

/// A source of uniform random numbers in [0, 1), injected so jitter is testable.
public protocol RandomSource: Sendable {
    /// Next number in [0, 1).
    func nextUnit() -> Double
}

/// The system random generator.
public struct SystemRandom: RandomSource {
    public init() {}
    public func nextUnit() -> Double { Double.random(in: 0..<1) }
}
