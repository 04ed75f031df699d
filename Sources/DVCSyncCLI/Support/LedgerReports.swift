import DVCSync
import Foundation

/// Text, JSON and CSV views of the ledger for the `ledger` subcommands.
enum LedgerReports {
    static func time(_ milliseconds: Int64?) -> String {
        guard let milliseconds else { return "-" }
        return VietnamTime.dateTime(Date(epochMilliseconds: milliseconds))
    }

    static func status(_ streams: [StreamStatus], waiting: [WaitingReason], lastRun: RunRecord?) -> String {
        var table = TextTable(["stream", "records", "on portal", "outbox", "ambiguous", "retrying", "main reason",
                               "dead", "quarantined", "cursor updated", "cursor"])
        let retrying = waitingByStream(waiting)
        for s in streams {
            let wait = retrying[s.stream]
            table.add([s.stream, "\(s.records)", "\(s.onPortal)", "\(s.outboxDepth)", "\(s.ambiguous)",
                       "\(wait?.count ?? 0)", wait?.mainReason ?? "-", "\(s.deadLetters)", "\(s.quarantined)",
                       time(s.cursorUpdatedAt), s.cursor ?? "-"])
        }
        var text = table.render()
        if let run = lastRun {
            text += "\nlast run #\(run.id) \(run.kind) \(run.status), started \(time(run.startedAt)), "
                + "pulled \(run.counts.pulled), pushed \(run.counts.pushed), failed \(run.counts.failed)"
        }
        return text
    }

    static func runs(_ runs: [RunRecord]) -> String {
        var table = TextTable(["run", "kind", "status", "started", "finished", "pulled", "changed", "pushed", "failed",
                               "quarantined", "message"])
        for r in runs {
            table.add(["\(r.id)", r.kind, r.status, time(r.startedAt), time(r.finishedAt), "\(r.counts.pulled)",
                       "\(r.counts.changed)", "\(r.counts.pushed)", "\(r.counts.failed)", "\(r.counts.quarantined)",
                       r.message ?? ""])
        }
        return table.render()
    }

    static func failures(quarantined: [QuarantineEntry], deadLetters: [DeadLetter], waitingReasons: [WaitingReason],
                         waiting: [WaitingRecord]) -> String {
        var quarantine = TextTable(["stream", "key", "field", "code", "reason"])
        for q in quarantined { quarantine.add([q.stream, q.sourceKey, q.field, q.errorCode, q.message]) }
        var dead = TextTable(["stream", "key", "attempts", "code", "portal's reason"])
        for d in deadLetters { dead.add([d.stream, d.sourceKey, "\(d.attempts)", d.errorCode, d.reason]) }
        return "Quarantined (\(quarantined.count)):\n\(quarantine.render())\n\n"
            + "Dead letters (\(deadLetters.count)):\n\(dead.render())\n\n"
            + Self.waiting(reasons: waitingReasons, rows: waiting)
    }

    struct ExportDocument: Encodable {
        var streams: [StreamStatus]
        var runs: [RunRecord]
        var quarantined: [QuarantineEntry]
        var deadLetters: [DeadLetter]
        /// Outbox records waiting for a retry after a failure, counted by stream and reason.
        var waitingByReason: [WaitingReason]
        /// Outbox records waiting for a retry after a failure, oldest first.
        var waiting: [WaitingRecord]
    }

    static func export(_ ledger: Ledger, format: String) throws -> String? {
        let document = ExportDocument(streams: try ledger.streamStatus(), runs: try ledger.runs(limit: 1000),
                                      quarantined: try ledger.quarantined(limit: 100_000),
                                      deadLetters: try ledger.deadLetters(limit: 100_000),
                                      waitingByReason: try ledger.waitingReasons(),
                                      waiting: try ledger.waitingRecords(limit: 100_000))
        switch format {
        case "json":
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(document), as: UTF8.self)
        case "csv":
            var lines = ["kind,stream,key,field_or_attempts,code,reason"]
            for q in document.quarantined {
                lines.append(CSVField.row(["quarantined", q.stream, q.sourceKey, q.field, q.errorCode, q.message]))
            }
            for d in document.deadLetters {
                lines.append(CSVField.row(["dead_letter", d.stream, d.sourceKey, "\(d.attempts)", d.errorCode,
                                           d.reason]))
            }
            for w in document.waiting {
                lines.append(CSVField.row(["waiting", w.stream, w.sourceKey, "\(w.attempts)", w.errorCode, w.message]))
            }
            return lines.joined(separator: "\n")
        default:
            return nil
        }
    }
}

/// RFC 4180 CSV cells, with spreadsheet formula injection neutralised.
enum CSVField {
    static func row(_ cells: [String]) -> String { cells.map(escape).joined(separator: ",") }

    static func escape(_ cell: String) -> String {
        var value = cell
        if let first = value.first, "=+-@".contains(first) { value = "'" + value }
        if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }
}

/// A plain aligned text table.
struct TextTable {
    let header: [String]
    var rows: [[String]] = []
    init(_ header: [String]) { self.header = header }
    mutating func add(_ row: [String]) { rows.append(row) }

    func render() -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { $0.element.padding(toLength: widths[$0.offset], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n")
    }
}
