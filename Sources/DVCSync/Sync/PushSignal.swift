/// Wakes pushing workers while a pull is still running: bumped when a page is committed, when a batch is settled (its
/// children may now be due) and when a worker leaves; tells them when the pull has ended (or stopped early).
final class PushSignal: Sendable {
    struct Snapshot {
        /// Bumped on every event that may have made a record due.
        var generation = 0
        /// The pull has committed its last page.
        var finished = false
        /// Stop leasing new batches (the pull failed); batches in flight are still settled.
        var stopped = false
        /// Workers between a lease attempt and the end of the batch it returned.
        var busy = 0
    }

    private struct State {
        var snapshot = Snapshot()
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
        var failure: (any Error)?
    }

    private let state = Locked(State())

    /// The current counters.
    var snapshot: Snapshot { state.withLock { $0.snapshot } }

    /// A worker about to lease.
    func enter() { state.withLock { $0.snapshot.busy += 1 } }

    /// A worker done with its lease attempt; `worked` when it settled a batch (which may make other records due).
    func leave(worked: Bool) {
        state.withLock { $0.snapshot.busy -= 1 }
        if worked { bump() }
    }

    /// Something may have become due: wakes every waiting worker.
    func bump() { update { _ in } }

    /// The pull is done: workers leave once nothing is due and no batch is in flight.
    func finish() { update { $0.finished = true } }

    /// The pull failed: workers lease nothing more.
    func stop() { update { $0.stopped = true } }

    /// Records the pushing side's failure so the pull can stop at its next page.
    func fail(_ error: any Error) {
        state.withLock { $0.failure = $0.failure ?? error }
        stop()
    }

    /// Throws the pushing side's failure, if any.
    func check() throws {
        if let failure = state.withLock({ $0.failure }) { throw failure }
    }

    /// Waits until the generation differs from `generation` (or the task is cancelled).
    func wait(after generation: Int) async {
        let id = state.withLock { state -> Int in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { state -> Bool in
                    if state.snapshot.generation != generation || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }

    private func update(_ change: (inout Snapshot) -> Void) {
        let woken = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            change(&state.snapshot)
            state.snapshot.generation += 1
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for continuation in woken { continuation.resume() }
    }
}
