import CCurlShim
import Foundation
import Synchronization

/// The one thread that drives a `curl_multi` handle: it starts submitted transfers on pooled easy handles, runs
/// `curl_multi_perform`/`curl_multi_poll`, and resumes each caller's continuation when its transfer ends. No libcurl
/// call of the transport runs on Swift's cooperative thread pool.
///
/// Hand-off costs are kept low: a caller wakes the thread (`curl_multi_wakeup`, a system call) only when it sleeps
/// or is about to sleep in `curl_multi_poll`; after resuming callers the thread watches the inbox briefly, since a
/// caller usually submits its next request within microseconds; a caller is resumed before its easy handle is
/// removed and recycled, so its wake-up overlaps that work.
///
/// `@unchecked Sendable`: `multi`, `active` and `idle` are used only on the driver thread; callers reach it only
/// through `inbox` (a `Mutex`), the `mail` and `sleeping` atomics and `curl_multi_wakeup`, which libcurl documents as callable from
/// any thread.
final class CurlMultiDriver: @unchecked Sendable {
    private struct Inbox {
        var submitted: [CurlTransfer] = []
        var cancelled: [CurlTransfer] = []
        var stopping = false
    }

    private let multi: UnsafeMutableRawPointer
    private let configuration: CurlTransport.Configuration
    private let poolSize: Int
    private let inbox = Mutex(Inbox())
    /// Set when the inbox gets work; lets the driver thread watch for work without taking the lock.
    private let mail = Atomic(false)
    /// The driver thread sleeps, or is about to, in `curl_multi_poll`: whoever delivers work must wake it.
    private let sleeping = Atomic(false)
    private let exited = DispatchSemaphore(value: 0)
    private var active: [UnsafeMutableRawPointer: (handle: CurlEasyHandle, transfer: CurlTransfer)] = [:]
    private var idle: [CurlEasyHandle] = []

    init(configuration: CurlTransport.Configuration) throws(TransportError) {
        let initResult = dvc_curl_global_init_once()
        guard initResult == CURLE_OK, let multi = curl_multi_init() else {
            throw TransportError(.protocol, classification: .notRetryable, target: "-",
                                 detail: "libcurl could not be initialised")
        }
        self.multi = multi
        self.configuration = configuration
        self.poolSize = max(1, configuration.maxTotalConnections)
        _ = dvc_curl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, max(1, configuration.maxConnectionsPerHost))
        _ = dvc_curl_multi_setopt_long(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, poolSize)
        _ = dvc_curl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, poolSize)
        let thread = Thread { [self] in run() }
        thread.name = "dvcsync-curl"
        thread.start()
    }

    /// Queues `transfer`; fails it at once when the driver is stopping.
    func submit(_ transfer: CurlTransfer) {
        let accepted = inbox.withLock { inbox in
            guard !inbox.stopping else { return false }
            inbox.submitted.append(transfer)
            deliver(&inbox)
            return true
        }
        if !accepted {
            transfer.continuation?.resume(throwing: Self.stoppedError(transfer))
            transfer.continuation = nil
        }
    }

    /// Asks the driver to abandon `transfer` (its caller's task was cancelled).
    func cancel(_ transfer: CurlTransfer) {
        transfer.cancelRequested.store(true, ordering: .releasing)
        inbox.withLock { inbox in
            guard !inbox.stopping else { return }
            inbox.cancelled.append(transfer)
            deliver(&inbox)
        }
    }

    /// Stops the thread after failing every pending transfer; returns when the multi handle is cleaned up.
    func stop() {
        let wasStopping = inbox.withLock { inbox in
            defer { inbox.stopping = true }
            if !inbox.stopping {
                mail.store(true, ordering: .sequentiallyConsistent)
                curl_multi_wakeup(multi)
            }
            return inbox.stopping
        }
        if !wasStopping { exited.wait() }
    }

    /// Flags new work; wakes the thread only when it sleeps (or is about to) in `curl_multi_poll`. Called under the
    /// inbox lock, so the multi handle cannot be cleaned up meanwhile. Pairs with `sleepUnlessMail()`: each side
    /// writes its flag before reading the other's (sequentially consistent), so work is never left unnoticed.
    private func deliver(_ inbox: inout Inbox) {
        mail.store(true, ordering: .sequentiallyConsistent)
        if sleeping.exchange(false, ordering: .sequentiallyConsistent) { curl_multi_wakeup(multi) }
    }

    /// Waits in `curl_multi_poll` for socket activity, a timeout or a wake-up, unless work has arrived.
    private func sleepUnlessMail() {
        sleeping.store(true, ordering: .sequentiallyConsistent)
        if !mail.load(ordering: .sequentiallyConsistent) { _ = curl_multi_poll(multi, nil, 0, 1_000, nil) }
        sleeping.store(false, ordering: .sequentiallyConsistent)
    }

    private func run() {
        var submitted: [CurlTransfer] = []
        var cancelled: [CurlTransfer] = []
        while true {
            if mail.exchange(false, ordering: .acquiring) {
                // Swapping keeps both arrays' storage: no allocation per request on either side.
                let stopping = inbox.withLock { inbox in
                    swap(&inbox.submitted, &submitted)
                    swap(&inbox.cancelled, &cancelled)
                    return inbox.stopping
                }
                if stopping {
                    shutDown(pending: submitted)
                    return
                }
                submitted.forEach(start)
                cancelled.forEach(abandon)
                submitted.removeAll(keepingCapacity: true)
                cancelled.removeAll(keepingCapacity: true)
            }
            var running: Int32 = 0
            _ = curl_multi_perform(multi, &running)
            var easy: UnsafeMutableRawPointer?
            var result = CURLE_OK
            var finished = 0
            while dvc_curl_multi_next_done(multi, &easy, &result) != 0, let done = easy {
                finish(done, result: result)
                finished += 1
            }
            if finished > 0, awaitFollowUp() { continue }
            sleepUnlessMail()
        }
    }

    /// Right after resuming callers, a caller often submits its next request within microseconds: watching the inbox
    /// briefly (yielding the CPU) saves a sleep and wake-up of the thread per request. The watch ends after
    /// `followUpChecks` yields or `followUpWindow`, whichever comes first: on a busy machine one yield can hand the
    /// core to another process for milliseconds, and the thread must not neglect transfers in flight meanwhile.
    /// Returns true when work came.
    private func awaitFollowUp() -> Bool {
        let deadline = ContinuousClock.now + Self.followUpWindow
        for _ in 0..<Self.followUpChecks {
            if mail.load(ordering: .acquiring) { return true }
            sched_yield()
            if ContinuousClock.now > deadline { break }
        }
        return mail.load(ordering: .acquiring)
    }

    private static let followUpChecks = 64
    private static let followUpWindow = Duration.microseconds(100)

    private func start(_ transfer: CurlTransfer) {
        if transfer.cancelRequested.load(ordering: .acquiring) {
            resume(transfer, with: .failure(CancellationError()))
            return
        }
        guard let handle = idle.popLast() ?? CurlEasyHandle(configuration: configuration) else {
            resume(transfer, with: .failure(TransportError(.protocol, classification: .retryable,
                                                           target: transfer.target.redacted,
                                                           detail: "libcurl could not create a handle")))
            return
        }
        do {
            try transfer.configure(handle)
        } catch {
            // The handle is dropped (cleaned up), not pooled: a refused option may have left it half-configured.
            resume(transfer, with: .failure(error))
            return
        }
        active[handle.raw] = (handle, transfer)
        let added = curl_multi_add_handle(multi, handle.raw)
        if added != CURLM_OK {
            active[handle.raw] = nil
            resume(transfer, with: .failure(TransportError(.protocol, classification: .retryable,
                                                           target: transfer.target.redacted,
                                                           detail: "libcurl refused the transfer")))
        }
    }

    private func abandon(_ transfer: CurlTransfer) {
        guard let entry = active.first(where: { $0.value.transfer === transfer }) else { return }
        active[entry.key] = nil
        curl_multi_remove_handle(multi, entry.key)
        recycle(entry.value.handle)
        resume(transfer, with: .failure(CancellationError()))
    }

    /// Resumes the caller first (its thread wakes while this one tidies up), then returns the handle to the pool.
    /// The transfer stays alive until the handle has left the multi handle: libcurl holds pointers into it.
    private func finish(_ easy: UnsafeMutableRawPointer, result: CURLcode) {
        guard let (handle, transfer) = active.removeValue(forKey: easy) else { return }
        let outcome = transfer.outcome(of: result, easy: easy)
        resume(transfer, with: outcome.mapError { $0 })
        curl_multi_remove_handle(multi, easy)
        recycle(handle)
        withExtendedLifetime(transfer) {}
    }

    /// Returns `handle` to the pool (its transport-wide options stay set; the multi handle keeps the connections).
    private func recycle(_ handle: CurlEasyHandle) {
        if idle.count < poolSize { idle.append(handle) }
    }

    private func resume(_ transfer: CurlTransfer, with result: Result<HTTPResponse, any Error>) {
        transfer.continuation?.resume(with: result)
        transfer.continuation = nil
    }

    private func shutDown(pending: [CurlTransfer]) {
        for transfer in pending { resume(transfer, with: .failure(Self.stoppedError(transfer))) }
        for (easy, entry) in active {
            curl_multi_remove_handle(multi, easy)
            resume(entry.transfer, with: .failure(Self.stoppedError(entry.transfer)))
        }
        active = [:]
        idle = []
        curl_multi_cleanup(multi)
        exited.signal()
    }

    private static func stoppedError(_ transfer: CurlTransfer) -> TransportError {
        TransportError(.protocol, classification: .retryable, target: transfer.target.redacted,
                       detail: "transport was shut down")
    }
}
