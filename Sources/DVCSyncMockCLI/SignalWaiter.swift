import Dispatch
import Foundation
import Synchronization

/// Suspends until SIGTERM or SIGINT arrives.
enum SignalWaiter {
    /// Keeps the dispatch sources alive while waiting; written once before the wait, cancelled once after it, so the
    /// unchecked sendability is safe.
    private final class Sources: @unchecked Sendable {
        var list: [any DispatchSourceSignal] = []
    }

    static func waitForTermination() async {
        let sources = Sources()
        let resumed = Mutex(false)
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            for number in [SIGTERM, SIGINT] {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
                source.setEventHandler {
                    let first = resumed.withLock { done in
                        defer { done = true }
                        return !done
                    }
                    if first { continuation.resume() }
                }
                source.resume()
                sources.list.append(source)
            }
        }
        for source in sources.list { source.cancel() }
    }
}
