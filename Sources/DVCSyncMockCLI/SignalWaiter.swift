import Dispatch
import Foundation
import Synchronization

/// Catches SIGTERM and SIGINT from the moment it is made (so a signal that arrives while the servers start is not
/// lost or fatal) and lets the command wait for the first one.
final class SignalWaiter: Sendable {
    private struct State {
        var arrived = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())
    /// Kept alive for the life of the waiter; set once in `init`.
    nonisolated(unsafe) private var sources: [any DispatchSourceSignal] = []

    /// Starts catching SIGTERM and SIGINT now.
    init() {
        for number in [SIGTERM, SIGINT] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [weak self] in self?.arrive() }
            source.resume()
            sources.append(source)
        }
    }

    deinit { for source in sources { source.cancel() } }

    /// Returns once a signal has arrived (at once if one already did).
    func waitForTermination() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let arrived = state.withLock { state in
                if !state.arrived { state.waiter = continuation }
                return state.arrived
            }
            if arrived { continuation.resume() }
        }
    }

    private func arrive() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            defer { state.arrived = true; state.waiter = nil }
            return state.arrived ? nil : state.waiter
        }
        waiter?.resume()
    }
}
