import Foundation

/// Decides when the daemon runs a push-only pass between scheduled passes: when the earliest waiting outbox record's
/// back-off ends, if that comes before the next scheduled pass. Two such passes are at least `minimumGap` apart, and
/// after one that found nothing to send (records of a stream no job pushes, a refused login, an open breaker that
/// reschedules nothing) none runs again until a scheduled pass has run.
struct RetryTimer: Sendable {
    let enabled: Bool
    /// Shortest time between the starts of two push-only passes.
    var minimumGap: TimeInterval = 1
    private var idle = false
    private var lastRun: Date?

    init(enabled: Bool) { self.enabled = enabled }

    /// When to run a push-only pass, or nil when the next scheduled pass (due at `due`) comes first.
    func next(before due: Date, outboxDue: Date?) -> Date? {
        guard enabled, !idle, var at = outboxDue else { return nil }
        if let lastRun { at = max(at, lastRun.addingTimeInterval(minimumGap)) }
        return at < due ? at : nil
    }

    /// Notes a push-only pass that ended at `at`.
    mutating func ran(end: Daemon.PassEnd, at: Date) {
        lastRun = at
        guard case .finished(.success(.synced(let summary))) = end else {
            idle = true
            return
        }
        let push = summary.push
        // Records put back only because the portal refused the login (or TLS failed) will not go out a second
        // later: retrying every second would only hammer the portal's login with a wrong password.
        let blocked = push.delivered == 0 && push.deadLettered == 0 && !push.retriesByReason.isEmpty
            && push.retriesByReason.keys.allSatisfy(Daemon.isConfigurationFailure)
        idle = (push.requests == 0 && push.rescheduled == 0 && push.deadLettered == 0) || blocked
    }

    /// A scheduled pass ran: push-only passes may run again.
    mutating func rearm() { idle = false }
}
