import Foundation

/// Counters of a pusher, for run summaries and metrics.
public struct PushTally: Sendable, Hashable, Codable {
    public var requests = 0
    public var delivered = 0
    public var verified = 0
    public var ambiguous = 0
    public var rescheduled = 0
    public var deadLettered = 0
    /// Rescheduled records by error code.
    public var retriesByReason: [String: Int] = [:]
    public init() {}
}

final class PushTallyBox: @unchecked Sendable {
    // @unchecked: `value` is only touched under `lock`.
    private let lock = NSLock()
    private var value = PushTally()

    var snapshot: PushTally { lock.withLock { value } }

    func reset() { lock.withLock { value = PushTally() } }

    func add(requests: Int = 0, delivered: Int = 0, verified: Int = 0, ambiguous: Int = 0, rescheduled: Int = 0,
             deadLettered: Int = 0, reason: String? = nil) {
        lock.withLock {
            value.requests += requests
            value.delivered += delivered
            value.verified += verified
            value.ambiguous += ambiguous
            value.rescheduled += rescheduled
            value.deadLettered += deadLettered
            if let reason { value.retriesByReason[reason, default: 0] += rescheduled }
        }
    }
}
