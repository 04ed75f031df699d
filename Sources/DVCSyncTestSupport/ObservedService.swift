import DVCMock
import DVCSync
import Foundation
import Synchronization

/// A mock service (the portal, the province) wrapped so that a test sees where every request is — arrived, held
/// before it reaches the service, applied, answer held back — and can open those windows on purpose: a request held
/// before is "in flight" (not applied), one held after is applied while its client has not heard back yet.
public final class ObservedService: MockService {
    /// Which requests are held, and how long.
    public struct Configuration: Sendable {
        /// Operations (portal `service` names, `login`) that may be held and whose `data` records are hashed.
        public var heldOperations: Set<String> = []
        /// Share of held operations' requests held before they reach the service; default 0.
        public var holdBeforeShare = 0.0
        /// Share of held operations' requests held after the service applied them; default 0.
        public var holdAfterShare = 0.0
        /// Length of a hold in milliseconds, drawn uniformly; default 20–100.
        public var holdMilliseconds = 20...100
        /// Operations always held before the service, with a fixed length in milliseconds (e.g. `login`).
        public var alwaysHeldBefore: [String: Int] = [:]
        /// Path named `login` (the portal's login has no `service` in its body); default `/mapi/login`.
        public var loginPath = "/mapi/login"
        /// Seed of the hold decisions; the n-th arrival always gets the same decision.
        public var seed: UInt64 = 1
        public init() {}
    }

    /// Where a request in progress is.
    public enum Stage: Sendable, Hashable { case heldBefore, applying, heldAfter }

    /// A request in progress.
    public struct InFlight: Sendable, Hashable {
        /// Arrival number (1-based).
        public var arrival: Int
        /// Portal `service`, `login`, or the path.
        public var operation: String
        /// Where it is now.
        public var stage: Stage
    }

    /// A request the service has handled.
    public struct Applied: Sendable, Hashable {
        /// Arrival number (1-based).
        public var arrival: Int
        /// Portal `service`, `login`, or the path.
        public var operation: String
        /// The service's outcome (`"0"` = accepted), nil when it gave none.
        public var outcome: String?
        /// `ContentHash.of` each record of the body's `data` array (held operations only).
        public var recordHashes: [String]
    }

    /// A consistent view of the requests since some arrival number.
    public struct Snapshot: Sendable {
        /// Requests arrived in total (since the service started).
        public var arrivals: Int
        /// Arrivals after the cut-off, by operation.
        public var arrivalsByOperation: [String: Int]
        /// Requests still in progress.
        public var inFlight: [InFlight]
        /// Requests applied after the cut-off, in order of completion.
        public var applied: [Applied]
    }

    private struct State {
        var arrivals: [String] = []
        var inFlight: [Int: InFlight] = [:]
        var applied: [Applied] = []
    }

    let inner: any MockService
    /// The holds in use.
    public let configuration: Configuration
    private let state = Mutex(State())

    /// Wraps `inner`.
    public init(_ inner: any MockService, configuration: Configuration = Configuration()) {
        self.inner = inner
        self.configuration = configuration
    }

    /// Notes the arrival, holds as configured, hands the request to the wrapped service and notes the outcome.
    public func handle(_ request: MockHTTPRequest) async -> MockHTTPResponse {
        if request.path.hasPrefix("/_mock/") { return await inner.handle(request) }
        let operation = request.path == configuration.loginPath ? "login" : request.bodyServiceName ?? request.path
        let arrival = state.withLock { state -> Int in
            state.arrivals.append(operation)
            let number = state.arrivals.count
            state.inFlight[number] = InFlight(arrival: number, operation: operation, stage: .applying)
            return number
        }
        let (before, after) = holds(arrival: arrival, operation: operation)
        if before > 0 {
            move(arrival, to: .heldBefore)
            try? await Task.sleep(for: .milliseconds(before))
            move(arrival, to: .applying)
        }
        let response = await inner.handle(request)
        var hashes: [String] = []
        if configuration.heldOperations.contains(operation),
            case .array(let items)? = (try? JSONParser.parse(request.body))?.objectValue?["data"]
        {
            hashes = items.map { ContentHash.of($0) }
        }
        let applied = Applied(arrival: arrival, operation: operation, outcome: response.note?.outcome,
                              recordHashes: hashes)
        state.withLock { $0.applied.append(applied) }
        if after > 0 {
            move(arrival, to: .heldAfter)
            try? await Task.sleep(for: .milliseconds(after))
        }
        _ = state.withLock { $0.inFlight.removeValue(forKey: arrival) }
        return response
    }

    /// Resets the wrapped service (what was observed is kept).
    public func reset() async { await inner.reset() }

    /// Requests arrived so far.
    public var arrivals: Int { state.withLock { $0.arrivals.count } }

    /// Requests in progress now.
    public var inFlight: [InFlight] { state.withLock { Array($0.inFlight.values) } }

    /// Arrivals after `cutoff` of any of `operations`.
    public func arrivals(after cutoff: Int, of operations: Set<String>) -> Int {
        state.withLock { state in state.arrivals.dropFirst(cutoff).filter { operations.contains($0) }.count }
    }

    /// Requests after arrival number `cutoff`: counts, those in progress, those applied.
    public func snapshot(after cutoff: Int) -> Snapshot {
        state.withLock { state in
            var byOperation: [String: Int] = [:]
            for operation in state.arrivals.dropFirst(cutoff) { byOperation[operation, default: 0] += 1 }
            let applied = state.applied.filter { $0.arrival > cutoff }
            return Snapshot(arrivals: state.arrivals.count, arrivalsByOperation: byOperation,
                            inFlight: Array(state.inFlight.values), applied: applied)
        }
    }

    /// Waits (polling, without blocking a thread) until no request is in progress; false after `timeout` seconds.
    public func waitUntilIdle(timeout: Double = 30) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if state.withLock({ $0.inFlight.isEmpty }) { return true }
            try? await Task.sleep(for: .milliseconds(2))
        }
        return false
    }

    private func move(_ arrival: Int, to stage: Stage) {
        state.withLock { $0.inFlight[arrival]?.stage = stage }
    }

    /// Hold lengths (ms) before and after the service for the `arrival`-th request: a pure function of the seed.
    private func holds(arrival: Int, operation: String) -> (Int, Int) {
        if let fixed = configuration.alwaysHeldBefore[operation] { return (fixed, 0) }
        guard configuration.heldOperations.contains(operation) else { return (0, 0) }
        var random = SplitMix64(seed: configuration.seed, stream: 0x0b5e, index: UInt64(arrival))
        let range = configuration.holdMilliseconds
        func length() -> Int { range.lowerBound + random.below(range.count) }
        let before = random.chance(configuration.holdBeforeShare) ? length() : 0
        let after = random.chance(configuration.holdAfterShare) ? length() : 0
        return (before, after)
    }
}
