import Dispatch

extension Ledger {
    /// Runs `body` on the ledger's own serial queue rather than on Swift's cooperative pool, for async callers (the
    /// engine, the pusher). A statement waiting for the ledger's lock while another task commits a page then holds
    /// no thread of the pool, which on a small machine is one of two: mapping, parsing and sending go on meanwhile.
    func perform<T: Sendable>(_ body: @escaping @Sendable (Ledger) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body(self) }) }
        }
    }
}
