import DVCSync
import Foundation
import Synchronization

/// A `SyncClock` for tests: `sleep` returns at once after advancing the clock by the duration and recording it.
public final class ManualClock: SyncClock {
    private struct State {
        var now: Date
        var sleeps: [Duration] = []
    }

    private let state: Mutex<State>

    /// A clock standing at `start`.
    public init(start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        state = Mutex(State(now: start))
    }

    public var now: Date { state.withLock { $0.now } }

    /// Every duration passed to `sleep`, in order.
    public var sleeps: [Duration] { state.withLock { $0.sleeps } }

    public func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        state.withLock { state in
            state.sleeps.append(duration)
            state.now = state.now.addingTimeInterval(Self.seconds(duration))
        }
    }

    /// Moves the clock forward without recording a sleep.
    public func advance(by duration: Duration) {
        state.withLock { $0.now = $0.now.addingTimeInterval(Self.seconds(duration)) }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// A deterministic `RandomSource` (SplitMix64) for tests, or a fixed value when `constant` is given.
public final class SeededRandom: RandomSource {
    private let state: Mutex<UInt64>
    private let constant: Double?

    /// A generator seeded with `seed`.
    public init(seed: UInt64 = 42) {
        state = Mutex(seed)
        constant = nil
    }

    /// A source that always returns `constant` (clamped into [0, 1)).
    public init(constant: Double) {
        state = Mutex(0)
        self.constant = min(max(constant, 0), 0.999_999_999)
    }

    public func nextUnit() -> Double {
        if let constant { return constant }
        let value = state.withLock { seed -> UInt64 in
            seed &+= 0x9E37_79B9_7F4A_7C15
            var z = seed
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        return Double(value >> 11) / Double(UInt64(1) << 53)
    }
}
