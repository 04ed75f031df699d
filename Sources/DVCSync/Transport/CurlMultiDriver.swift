import CCurlShim
import Foundation
import Synchronization

/// The one thread that drives a `curl_multi` handle: it starts submitted transfers on pooled easy handles, runs
/// `curl_multi_perform`/`curl_multi_poll`, and resumes each caller's continuation when its transfer ends. No libcurl
/// call of the transport runs on Swift's cooperative thread pool.
///
/// `@unchecked Sendable`: `multi`, `active` and `idle` are used only on the driver thread; callers reach it only
/// through `inbox` (a `Mutex`) and `curl_multi_wakeup`, which libcurl documents as callable from any thread.
final class CurlMultiDriver: @unchecked Sendable {
    private struct Inbox {
        var submitted: [CurlTransfer] = []
        var cancelled: [CurlTransfer] = []
        var stopping = false
        var stopped = false
    }

    private let multi: UnsafeMutableRawPointer
    private let poolSize: Int
    private let inbox = Mutex(Inbox())
    private let exited = DispatchSemaphore(value: 0)
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
    private var idle: [UnsafeMutableRawPointer] = []

    init(configuration: CurlTransport.Configuration) throws(TransportError) {
        let initResult = dvc_curl_global_init_once()
        guard initResult == CURLE_OK, let multi = curl_multi_init() else {
            throw TransportError(.protocol, classification: .notRetryable, target: "-",
                                 detail: "libcurl could not be initialised")
        }
        self.multi = multi
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
            curl_multi_wakeup(multi)
            return true
        }
        if !accepted {
            transfer.continuation?.resume(throwing: Self.stoppedError(transfer))
            transfer.continuation = nil
        }
    }

    /// Asks the driver to abandon `transfer` (its caller's task was cancelled).
    func cancel(_ transfer: CurlTransfer) {
        transfer.cancelRequested.withLock { $0 = true }
        inbox.withLock { inbox in
            guard !inbox.stopping else { return }
            inbox.cancelled.append(transfer)
            curl_multi_wakeup(multi)
        }
    }

    /// Stops the thread after failing every pending transfer; returns when the multi handle is cleaned up.
    func stop() {
        let wasStopped = inbox.withLock { inbox in
            defer { inbox.stopping = true }
            if !inbox.stopping { curl_multi_wakeup(multi) }
            return inbox.stopping
        }
        if !wasStopped { exited.wait() }
    }

    private func run() {
        while true {
            let (submitted, cancelled, stopping) = inbox.withLock { inbox in
                defer { inbox.submitted = []; inbox.cancelled = [] }
                if inbox.stopping { inbox.stopped = true }
                return (inbox.submitted, inbox.cancelled, inbox.stopping)
            }
            if stopping {
                shutDown(pending: submitted)
                return
            }
            submitted.forEach(start)
            cancelled.forEach(abandon)
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
            _ = curl_multi_poll(multi, nil, 0, 1_000, nil)
        }
    }

    /// Right after resuming callers, a caller often submits its next request within microseconds: watching the inbox
    /// briefly (yielding the CPU) saves a sleep and wake-up of the thread per request. Returns true when work came.
    private func awaitFollowUp() -> Bool {
        for _ in 0..<Self.followUpChecks {
            if inbox.withLock({ !$0.submitted.isEmpty || $0.stopping }) { return true }
            sched_yield()
        }
        return false
    }

    private static let followUpChecks = 64

    private func start(_ transfer: CurlTransfer) {
        if transfer.cancelRequested.withLock({ $0 }) {
            resume(transfer, with: .failure(CancellationError()))
            return
        }
        guard let easy = idle.popLast() ?? curl_easy_init() else {
            resume(transfer, with: .failure(TransportError(.protocol, classification: .retryable,
                                                           target: transfer.target.redacted,
                                                           detail: "libcurl could not create a handle")))
            return
        }
        do {
            try transfer.configure(easy)
        } catch {
            recycle(easy)
            resume(transfer, with: .failure(error))
            return
        }
        active[easy] = transfer
        let added = curl_multi_add_handle(multi, easy)
        if added != CURLM_OK {
            active[easy] = nil
            recycle(easy)
            resume(transfer, with: .failure(TransportError(.protocol, classification: .retryable,
                                                           target: transfer.target.redacted,
                                                           detail: "libcurl refused the transfer")))
        }
    }

    private func abandon(_ transfer: CurlTransfer) {
        guard let easy = active.first(where: { $0.value === transfer })?.key else { return }
        active[easy] = nil
        curl_multi_remove_handle(multi, easy)
        recycle(easy)
        resume(transfer, with: .failure(CancellationError()))
    }

    private func finish(_ easy: UnsafeMutableRawPointer, result: CURLcode) {
        guard let transfer = active.removeValue(forKey: easy) else { return }
        let outcome = transfer.outcome(of: result, easy: easy)
        curl_multi_remove_handle(multi, easy)
        recycle(easy)
        resume(transfer, with: outcome.mapError { $0 })
    }

    /// Returns `easy` to the pool; `curl_easy_reset` clears options while the multi handle keeps the connections.
    private func recycle(_ easy: UnsafeMutableRawPointer) {
        curl_easy_reset(easy)
        if idle.count < poolSize { idle.append(easy) } else { curl_easy_cleanup(easy) }
    }

    private func resume(_ transfer: CurlTransfer, with result: Result<HTTPResponse, any Error>) {
        transfer.continuation?.resume(with: result)
        transfer.continuation = nil
    }

    private func shutDown(pending: [CurlTransfer]) {
        for transfer in pending { resume(transfer, with: .failure(Self.stoppedError(transfer))) }
        for (easy, transfer) in active {
            curl_multi_remove_handle(multi, easy)
            curl_easy_cleanup(easy)
            resume(transfer, with: .failure(Self.stoppedError(transfer)))
        }
        active = [:]
        idle.forEach { curl_easy_cleanup($0) }
        idle = []
        curl_multi_cleanup(multi)
        exited.signal()
    }

    private static func stoppedError(_ transfer: CurlTransfer) -> TransportError {
        TransportError(.protocol, classification: .retryable, target: transfer.target.redacted,
                       detail: "transport was shut down")
    }
}
