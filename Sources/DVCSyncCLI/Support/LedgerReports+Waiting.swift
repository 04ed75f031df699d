import DVCSync
import Foundation

/// The "waiting for retry" views: outbox records put back after a transient failure, with the reason and since when.
extension LedgerReports {
    /// How many rows `ledger failures` lists under "waiting for retry" (the counts by reason cover them all).
    static let waitingRowLimit = 1000

    /// The "waiting for retry" section: counts by stream and reason, then the rows (oldest first).
    static func waiting(reasons: [WaitingReason], rows: [WaitingRecord]) -> String {
        let total = reasons.reduce(0) { $0 + $1.count }
        var byReason = TextTable(["stream", "reason", "records", "may have landed", "waiting since", "next attempt",
                                  "latest error"])
        for r in reasons {
            byReason.add([r.stream, r.errorCode, "\(r.count)", "\(r.mayHaveLanded)", time(r.waitingSince),
                          time(r.nextAttemptAt), r.latestMessage])
        }
        var records = TextTable(["stream", "key", "attempts", "code", "state", "waiting since", "next attempt",
                                 "last error"])
        for w in rows {
            let state = w.state == "leased" ? "leased until \(time(w.leaseUntil))" : w.state
            records.add([w.stream, w.sourceKey, "\(w.attempts)", w.errorCode, state, time(w.enqueuedAt),
                         time(w.nextAttemptAt), w.message])
        }
        var text = "Waiting for retry (\(total)), by stream and reason:\n\(byReason.render())\n\n"
            + "Waiting records:\n\(records.render())"
        if rows.count < total { text += "\n(the \(rows.count) oldest of \(total))" }
        return text
    }

    /// Per stream: how many records wait after a failure, and the reason most of them wait for.
    static func waitingByStream(_ reasons: [WaitingReason]) -> [String: (count: Int, mainReason: String)] {
        var result: [String: (count: Int, mainReason: String)] = [:]
        for stream in Set(reasons.map(\.stream)) {
            let own = reasons.filter { $0.stream == stream }
            // `waitingReasons` lists a stream's most frequent reason first.
            result[stream] = (own.reduce(0) { $0 + $1.count }, own.first?.errorCode ?? "-")
        }
        return result
    }
}
