/// Progress of a push, counted in outbox rows: those decided (delivered, refused, or put back for a later attempt)
/// against those the push has to decide on. The total is the rows due when the push starts; a row that becomes due
/// while it runs (a back-off ending within the settle window) is added when it is leased, so `done` never exceeds
/// `total` and both end equal once the push returns.
final class PushProgress: Sendable {
    private struct State {
        var expected: Set<Int64> = []
        var decided: Set<Int64> = []
    }

    private let state = Locked(State())
    private let report: @Sendable (_ done: Int, _ total: Int) -> Void

    /// Reports through `report(done, total)`, called under the tracker's lock so calls arrive in order.
    init(report: @escaping @Sendable (_ done: Int, _ total: Int) -> Void) {
        self.report = report
    }

    /// The rows the push is about to decide on.
    func expect(_ ids: Set<Int64>) {
        state.withLock { state in
            state.expected.formUnion(ids)
            report(state.decided.count, state.expected.count)
        }
    }

    /// Rows just decided (a row decided again after its back-off counts once).
    func decided(_ ids: [Int64]) {
        state.withLock { state in
            state.expected.formUnion(ids)
            state.decided.formUnion(ids)
            report(state.decided.count, state.expected.count)
        }
    }
}

extension Pusher {
    /// Calls `observer` with each leased batch once every item of it is decided (delivered, dead-lettered or put
    /// back); nil stops observing.
    func observeSettled(_ observer: (@Sendable ([OutboxItem]) -> Void)?) {
        settledObserver.withLock { $0 = observer }
    }

    func settled(_ items: [OutboxItem]) {
        settledObserver.current?(items)
    }
}
