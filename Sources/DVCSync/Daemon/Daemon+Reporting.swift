import Foundation

extension Daemon {
    /// Codes of failures that another pass will not fix: configuration, credentials, TLS setup, and a ledger that
    /// still answers reads but cannot record anything (read-only, disk full, corrupt, cannot be opened).
    static let configurationFailures: Set<String> = [
        "source.auth", "portal.login", "transport.tls", "transport.plain_http_refused", "transport.proxy",
        "mapping.check_failed", "config.invalid", "reconcile.report_folder", "reconcile.report_write",
        "ledger.read_only", "ledger.disk_full", "ledger.corrupt", "ledger.cannot_open",
    ]

    /// Whether a pass that failed with `code` needs an operator (it makes `/readyz` fail).
    public static func isConfigurationFailure(_ code: String) -> Bool {
        configurationFailures.contains(code) || code.hasPrefix("config.")
    }

    static func code(of error: any Error) -> String {
        if error is CancellationError { return "cancelled" }
        return (error as? any CodedError)?.code ?? String(describing: type(of: error))
    }

    /// The code a failed pass leaves standing for `/readyz`: for an open breaker or a spent retry budget, the failure
    /// behind it (`transport.proxy`), which the refusal would otherwise hide until the breaker lets a call through.
    static func standingCode(of error: any Error) -> String {
        if let transport = error as? TransportError, let cause = transport.cause { return cause.rawValue }
        return code(of: error)
    }

    /// Answers one request to the endpoints.
    func respond(to path: String) -> MetricsServer.Response {
        switch path {
        case "/healthz":
            return MetricsServer.Response(status: 200, body: "ok\n")
        case "/readyz":
            do {
                _ = try gateway.ledger.outboxDepth()
            } catch {
                return MetricsServer.Response(status: 503, body: "ledger unavailable: \(Self.code(of: error))\n")
            }
            if let (job, code) = metrics.standingFailure {
                return MetricsServer.Response(status: 503, body: "last \(job) pass failed: \(code)\n")
            }
            if let code = metrics.pushBlockedCode {
                return MetricsServer.Response(status: 503, body: "pushes put back: \(code)\n")
            }
            return MetricsServer.Response(status: 200, body: "ready\n")
        case "/metrics":
            let text = metrics.render(streams: try? gateway.ledger.streamStatus(), transport: gateway.transport.metrics)
            return MetricsServer.Response(status: 200, contentType: PrometheusText.contentType, body: text)
        default:
            return MetricsServer.Response(status: 404, body: "not found; try /healthz, /readyz or /metrics\n")
        }
    }

    /// Records a finished pass in the metrics and writes its log line.
    func report(_ job: DaemonJob, _ end: PassEnd, seconds: Double) {
        var fields: [(String, DaemonLog.Value)] = [("job", .text(job.name))]
        let status: String
        var summary: SyncSummary?
        var errorCode: String?
        var details: [(String, DaemonLog.Value)] = []
        switch end {
        case .finished(.success(let outcome)):
            status = "succeeded"
            switch outcome {
            case .synced(let result):
                summary = result
            case .reconciled(let report, let files):
                let counts = report.bucketCounts
                details = [("matched", .number(Double(report.counts.matched))),
                           ("discrepancies", .number(Double(counts.values.reduce(0, +)))),
                           ("missingOnPortal", .number(Double(counts[.missingOnPortal] ?? 0))),
                           ("files", .text(files.joined(separator: ",")))]
            }
        case .finished(.failure(let error)):
            errorCode = Self.code(of: error)
            status = stopHandle.isStopped || error is CancellationError ? "interrupted" : "failed"
        case .graceElapsed:
            status = "abandoned"
        }
        var standing: String?
        if case .finished(.failure(let error)) = end { standing = Self.standingCode(of: error) }
        metrics.recordPass(job: job, status: status, summary: summary, seconds: seconds, finishedAt: clock.now,
                           errorCode: standing)
        fields.append(("status", .text(status)))
        fields += details
        if let summary {
            let counts = summary.counts
            fields += [("pulled", .number(Double(counts.pulled))), ("changed", .number(Double(counts.changed))),
                       ("enqueued", .number(Double(summary.enqueued.values.reduce(0, +)))),
                       ("pushed", .number(Double(counts.pushed))), ("failed", .number(Double(counts.failed))),
                       ("quarantined", .number(Double(counts.quarantined))),
                       ("retried", .number(Double(summary.push.rescheduled))),
                       ("outbox", .number(Double(summary.outboxDepth)))]
        }
        if let errorCode { fields.append(("error", .text(errorCode))) }
        fields.append(("seconds", .number((seconds * 1000).rounded() / 1000)))
        log.event("pass", fields)
    }
}
