import Foundation
import Synchronization

/// Counters the daemon keeps across passes. `render` adds the ledger's gauges and the transport's retry counters and
/// writes Prometheus text. Labels carry stream, job, status, reason and target names only — never record data.
public final class DaemonMetrics: Sendable {
    struct State {
        var pulled: [String: Int] = [:]
        var changed: [String: Int] = [:]
        var enqueued: [String: Int] = [:]
        var quarantined = 0
        var pushRequests: [String: Int] = [:]
        var pushed: [String: Int] = [:]
        var deadLettered: [String: Int] = [:]
        var pushRetries: [String: Int] = [:]
        var passes: [String: [String: Int]] = [:]
        var lastSuccess: [String: Double] = [:]
        var passDurations: [String: Histogram] = [:]
        var requestDurations: [String: Histogram] = [:]
        var lastFailureCode: String?
        /// Each job's last pass failure (job name → code), until a pass of that job does not fail.
        var failures: [String: (code: String, pushOnly: Bool)] = [:]
        var pushBlockedCode: String?
        var reconcileBuckets: [DiscrepancyBucket: Int]?
        var lastReport: Double?
    }

    private let state = Mutex(State())

    /// Empty counters.
    public init() {}

    /// Adds a finished pass of `job` (its summary when it got one) with its `status` (`succeeded`, `failed`,
    /// `interrupted`) and duration; `errorCode` is the failure's code (for an open breaker or a spent retry budget, the
    /// failure behind it).
    public func recordPass(job: DaemonJob, status: String, summary: SyncSummary?, seconds: Double, finishedAt: Date,
                           errorCode: String? = nil) {
        state.withLock { state in
            state.passes[job.name, default: [:]][status, default: 0] += 1
            state.passDurations[job.name, default: Histogram()].observe(seconds)
            // A pass that does not fail clears its own job's failure only: a catalogue pass that succeeds says nothing
            // about the dossiers' source, a push-only pass nothing about pulls. A scheduled sync pass pushes too, so
            // it also clears a push-only pass's failure.
            let pushOnly = if case .push = job.work { true } else { false }
            if status == "failed" {
                state.lastFailureCode = errorCode
                state.failures[job.name] = errorCode.map { ($0, pushOnly) }
            } else {
                if !pushOnly { state.lastFailureCode = nil }
                state.failures[job.name] = nil
                if !job.streams.isEmpty { state.failures = state.failures.filter { !$0.value.pushOnly } }
            }
            if status == "succeeded" {
                for stream in job.streams { state.lastSuccess[stream.rawValue] = finishedAt.timeIntervalSince1970 }
            }
            guard let summary else { return }
            for (stream, count) in summary.pulled { state.pulled[stream.rawValue, default: 0] += count }
            for (stream, count) in summary.changed { state.changed[stream.rawValue, default: 0] += count }
            for (stream, count) in summary.enqueued { state.enqueued[stream.rawValue, default: 0] += count }
            state.quarantined += summary.quarantined
            state.pushRequests[job.name, default: 0] += summary.push.requests
            state.pushed[job.name, default: 0] += summary.push.delivered
            state.deadLettered[job.name, default: 0] += summary.push.deadLettered
            for (reason, count) in summary.push.retriesByReason { state.pushRetries[reason, default: 0] += count }
            // Records put back because the portal refused the login (or TLS failed) keep the pass "succeeded" but
            // wait for an operator: they make the daemon unready until a push goes through.
            if let blocked = summary.push.retriesByReason.keys.filter(Daemon.isConfigurationFailure).min() {
                state.pushBlockedCode = blocked
            } else if summary.push.delivered > 0 {
                state.pushBlockedCode = nil
            }
        }
    }

    /// Keeps the discrepancy counts of the latest reconciliation report, written at `at`.
    public func recordReconciliation(_ report: ReconciliationReport, at date: Date) {
        state.withLock { state in
            state.reconcileBuckets = report.bucketCounts
            state.lastReport = date.timeIntervalSince1970
        }
    }

    /// Times one HTTP call to `target`.
    public func observeRequest(target: String, seconds: Double) {
        state.withLock { $0.requestDurations[target, default: Histogram()].observe(seconds) }
    }

    /// The configuration or credential reason (`portal.login`, …) pushes were last put back for, until a push
    /// goes through again; nil when none.
    public var pushBlockedCode: String? { state.withLock { $0.pushBlockedCode } }

    /// The job and code of the first failure that needs an operator (`Daemon.isConfigurationFailure`) among each
    /// job's last pass, by job name; nil when no job's last pass failed so.
    public var standingFailure: (job: String, code: String)? {
        state.withLock { state in
            state.failures.filter { Daemon.isConfigurationFailure($0.value.code) }
                .min { $0.key < $1.key }.map { ($0.key, $0.value.code) }
        }
    }

    /// The code of the last pass's failure, nil when the last pass did not fail.
    public var lastFailureCode: String? { state.withLock { $0.lastFailureCode } }

    /// Passes finished so far, by job name and status.
    public var passes: [String: [String: Int]] { state.withLock { $0.passes } }

    /// The metrics as Prometheus text; `streams` are the ledger's per-stream gauges (nil when it cannot be read).
    public func render(streams: [StreamStatus]?, transport: TransportMetrics) -> String {
        let state = state.withLock { $0 }
        var out = PrometheusText()
        func counter(_ name: String, _ help: String, _ label: String, _ values: [String: Int]) {
            out.family(name, type: "counter", help: help)
            for key in values.keys.sorted() { out.sample(name, [(label, key)], values[key] ?? 0) }
        }
        counter("dvcsync_records_pulled_total", "Source records listed, by stream.", "stream", state.pulled)
        counter("dvcsync_records_changed_total", "Records whose source or mapped content changed.", "stream",
                state.changed)
        counter("dvcsync_records_enqueued_total", "Records enqueued for the portal.", "stream", state.enqueued)
        counter("dvcsync_records_pushed_total", "Records the portal accepted, by job (dossiers includes steps).",
                "job", state.pushed)
        counter("dvcsync_records_failed_total", "Records the portal refused for good (dead-lettered), by job.",
                "job", state.deadLettered)
        counter("dvcsync_push_requests_total", "Requests sent to the portal's services, by job.", "job",
                state.pushRequests)
        out.family("dvcsync_records_quarantined_total", type: "counter", help: "Records that could not be mapped.")
        out.sample("dvcsync_records_quarantined_total", [], state.quarantined)
        counter("dvcsync_push_retries_total", "Records put back in the outbox, by error code.", "reason",
                state.pushRetries)
        counter("dvcsync_transport_retries_total", "HTTP retries, by the outcome that caused them.", "reason",
                transport.retriesByReason)
        out.family("dvcsync_transport_calls_total", type: "counter", help: "HTTP calls through the retrying transport.")
        out.sample("dvcsync_transport_calls_total", [], transport.calls)
        out.family("dvcsync_transport_circuit_rejections_total", type: "counter",
                   help: "Calls refused by an open circuit breaker.")
        out.sample("dvcsync_transport_circuit_rejections_total", [], transport.circuitRejections)
        out.family("dvcsync_passes_total", type: "counter", help: "Sync passes, by job and status.")
        for job in state.passes.keys.sorted() {
            for (status, count) in state.passes[job, default: [:]].sorted(by: { $0.key < $1.key }) {
                out.sample("dvcsync_passes_total", [("job", job), ("status", status)], count)
            }
        }
        out.family("dvcsync_last_success_timestamp_seconds", type: "gauge",
                   help: "End of the last successful pass, by stream (Unix time).")
        for stream in state.lastSuccess.keys.sorted() {
            out.sample("dvcsync_last_success_timestamp_seconds", [("stream", stream)], state.lastSuccess[stream] ?? 0)
        }
        if let streams { renderLedger(streams, into: &out) }
        renderReconciliation(state, into: &out)
        out.family("dvcsync_ledger_up", type: "gauge", help: "1 when the ledger answered this scrape.")
        out.sample("dvcsync_ledger_up", [], streams == nil ? 0 : 1)
        out.family("dvcsync_pass_duration_seconds", type: "histogram", help: "Duration of sync passes, by job.")
        for job in state.passDurations.keys.sorted() {
            out.histogram("dvcsync_pass_duration_seconds", [("job", job)], state.passDurations[job] ?? Histogram())
        }
        out.family("dvcsync_request_duration_seconds", type: "histogram",
                   help: "Duration of HTTP calls (retries included), by target.")
        for target in state.requestDurations.keys.sorted() {
            out.histogram("dvcsync_request_duration_seconds", [("target", target)],
                          state.requestDurations[target] ?? Histogram())
        }
        return out.text
    }

    private func renderReconciliation(_ state: State, into out: inout PrometheusText) {
        guard let buckets = state.reconcileBuckets, let lastReport = state.lastReport else { return }
        out.family("dvcsync_reconcile_discrepancies", type: "gauge",
                   help: "Dossiers in each discrepancy bucket of the latest reconciliation report.")
        for bucket in DiscrepancyBucket.allCases {
            out.sample("dvcsync_reconcile_discrepancies", [("bucket", Self.label(bucket))], buckets[bucket] ?? 0)
        }
        out.family("dvcsync_reconcile_last_report_timestamp_seconds", type: "gauge",
                   help: "When the latest reconciliation report was written (Unix time).")
        out.sample("dvcsync_reconcile_last_report_timestamp_seconds", [], lastReport)
    }

    /// A bucket as a metric label: `missingOnPortal` → `missing_on_portal`.
    static func label(_ bucket: DiscrepancyBucket) -> String {
        bucket.rawValue.reduce(into: "") { text, character in
            if character.isUppercase { text += "_" + character.lowercased() } else { text.append(character) }
        }
    }

    private func renderLedger(_ streams: [StreamStatus], into out: inout PrometheusText) {
        let gauges: [(String, String, KeyPath<StreamStatus, Int>)] = [
            ("dvcsync_outbox_depth", "Records waiting in the outbox.", \.outboxDepth),
            ("dvcsync_dead_letters", "Records refused for good, waiting for an operator.", \.deadLetters),
            ("dvcsync_quarantined", "Records that could not be mapped, waiting for a fix.", \.quarantined),
            ("dvcsync_ambiguous", "Records whose last send may have landed.", \.ambiguous),
            ("dvcsync_records", "Records the ledger knows.", \.records),
            ("dvcsync_records_on_portal", "Records the portal is known to hold.", \.onPortal),
        ]
        for (name, help, path) in gauges {
            out.family(name, type: "gauge", help: help + " By stream.")
            for status in streams.sorted(by: { $0.stream < $1.stream }) {
                out.sample(name, [("stream", status.stream)], status[keyPath: path])
            }
        }
    }
}
