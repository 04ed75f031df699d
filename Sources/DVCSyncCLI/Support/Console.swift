import DVCSync
import Foundation

/// Lines for people on standard error (progress, warnings), so standard output stays data.
enum Console {
    static func note(_ text: String) { FileHandle.standardError.write(Data((text + "\n").utf8)) }

    static func recovered(_ result: (abandonedRuns: Int, releasedLeases: Int)) {
        if result.abandonedRuns > 0 || result.releasedLeases > 0 {
            note("recovered after an abrupt stop: \(result.abandonedRuns) runs closed, "
                + "\(result.releasedLeases) in-flight records will be looked up before they are sent again")
        }
    }

    /// True when standard error is a terminal (progress bars only then).
    static var isTerminal: Bool { isatty(2) == 1 }
}

/// The text printed after a sync or publish.
enum SummaryText {
    static func render(_ s: SyncSummary, dryRun: Bool, ledger: String) -> String {
        func list(_ values: [SyncStream: Int]) -> String {
            SyncStream.allCases.compactMap { stream in values[stream].map { "\(stream.rawValue) \($0)" } }
                .joined(separator: ", ")
        }
        var lines: [String] = []
        lines.append("pulled: \(list(s.pulled).isEmpty ? "0" : list(s.pulled)); unchanged list items skipped: "
            + "\(s.skippedUnchanged); details fetched: \(s.detailsFetched)")
        if dryRun {
            lines.append("would push: \(list(s.wouldPush).isEmpty ? "nothing" : list(s.wouldPush)); "
                + "would quarantine: \(s.quarantined)")
            return lines.joined(separator: "\n")
        }
        lines.append("changed: \(list(s.changed).isEmpty ? "0" : list(s.changed)); enqueued: "
            + "\(list(s.enqueued).isEmpty ? "0" : list(s.enqueued)); quarantined: \(s.quarantined)")
        lines.append("pushed: \(s.push.delivered) records in \(s.push.requests) requests; verified after ambiguous "
            + "failures: \(s.push.verified); rescheduled: \(s.push.rescheduled); dead letters: \(s.push.deadLettered)")
        lines.append("outbox now: \(s.outboxDepth); run #\(s.runID.map(String.init) ?? "-"); ledger: \(ledger)")
        return lines.joined(separator: "\n")
    }
}
