import Foundation

/// What a finished pass produced.
enum PassOutcome: Sendable {
    /// A sync pass and its summary.
    case synced(SyncSummary)
    /// A reconciliation, its report and the files written.
    case reconciled(ReconciliationReport, files: [String])
}

extension Daemon {
    /// When the earliest waiting outbox record may be sent again, or nil (none, or the ledger cannot say).
    func nextOutboxDue() -> Date? {
        guard let milliseconds = try? gateway.ledger.nextDueTime() else { return nil }
        return Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }

    /// Runs the work of one pass of `job`.
    func work(_ job: DaemonJob) async throws -> PassOutcome {
        switch job.work {
        case .sync(let streams):
            return .synced(try await engine.run(streams: streams, kind: "daemon"))
        case .push(let streams):
            return .synced(try await engine.pushWaiting(streams: streams, kind: "daemon-retry"))
        case .reconcile:
            var settings = configuration.reconciler
            settings.indicators = gateway.configuration.indicators
            let reconciler = Reconciler(gateway: gateway, configuration: settings, clock: clock, random: random)
            let report = try await reconciler.reconcile().report
            try Task.checkCancellation()
            let files = try ReportWriter(configuration: configuration.reports).write(report, at: clock.now)
            metrics.recordReconciliation(report, at: clock.now)
            return .reconciled(report, files: files)
        }
    }
}
