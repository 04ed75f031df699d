import Dispatch
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A one-way "stop requested" flag with handlers run once when it flips.
final class StopHandle: Sendable {
    private struct State {
        var stopped = false
        var handlers: [Int: @Sendable () -> Void] = [:]
        var nextToken = 0
    }

    private let state = Mutex(State())

    var isStopped: Bool { state.withLock { $0.stopped } }

    /// Flips the flag and runs the handlers; false when it was already flipped.
    @discardableResult
    func stop() -> Bool {
        let handlers: [@Sendable () -> Void]? = state.withLock { state in
            guard !state.stopped else { return nil }
            state.stopped = true
            defer { state.handlers = [:] }
            return Array(state.handlers.values)
        }
        handlers?.forEach { $0() }
        return handlers != nil
    }

    /// Runs `handler` on stop (now, if already stopped); returns a token for `remove`.
    @discardableResult
    func onStop(_ handler: @escaping @Sendable () -> Void) -> Int {
        let token: Int? = state.withLock { state in
            guard !state.stopped else { return nil }
            state.nextToken += 1
            state.handlers[state.nextToken] = handler
            return state.nextToken
        }
        guard let token else {
            handler()
            return 0
        }
        return token
    }

    func remove(_ token: Int) { state.withLock { _ = $0.handlers.removeValue(forKey: token) } }
}

/// The first of several racing results: `resolve` keeps the first value, `value` waits for it.
final class FirstOf<Value: Sendable>: Sendable {
    private struct State {
        var value: Value?
        var waiter: CheckedContinuation<Value, Never>?
    }

    private let state = Mutex(State())

    func resolve(_ value: Value) {
        let waiter: CheckedContinuation<Value, Never>? = state.withLock { state in
            guard state.value == nil else { return nil }
            state.value = value
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: value)
    }

    func value() async -> Value {
        await withCheckedContinuation { continuation in
            let ready: Value? = state.withLock { state in
                if state.value == nil { state.waiter = continuation }
                return state.value
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}

/// Turns SIGTERM and SIGINT into a call of `handler` (with the signal number) on a dispatch queue instead of the
/// default termination.
public final class ShutdownSignals: @unchecked Sendable {
    // @unchecked: `sources` is set once in init; dispatch sources are thread-safe.
    private let sources: [any DispatchSourceSignal]

    /// Starts watching `signals`; the default action of each is ignored until `cancel()`.
    public init(_ signals: [Int32] = [SIGTERM, SIGINT], handler: @escaping @Sendable (Int32) -> Void) {
        let queue = DispatchQueue(label: "dvcsync.signals")
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { handler(number) }
            source.resume()
            return source
        }
    }

    /// Stops watching and restores the default actions.
    public func cancel() {
        for source in sources {
            source.cancel()
            signal(Int32(source.handle), SIG_DFL)
        }
    }
}
