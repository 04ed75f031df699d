import ArgumentParser
import DVCSync
import Foundation

/// `dvcsync reconcile`: compare source, ledger and portal, report discrepancies and indicators, optionally repair.
struct ReconcileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Compare the source, the ledger and the portal; report discrepancies and the 766 indicators.",
        discussion: """
            Exits 0 when every threshold holds, 2 when one is exceeded, 1 on an error. --repair re-enqueues missing \
            and mismatched dossiers (and their steps) in the outbox; they are sent by the next `dvcsync sync`, or \
            at once with --push.
            """
    )

    @OptionGroup var options: GlobalOptions
    @Option(help: "Reporting period on NgayTiepNhan: YYYY, YYYY-MM or YYYY-MM-DD..YYYY-MM-DD (end exclusive).")
    var period: String?
    @Option(name: .customLong("agency"), help: "Only this agency (MaHoSo prefix before '-'); repeatable.")
    var agencies: [String] = []
    @Option(help: "Compare as of this time (ISO 8601, e.g. 2026-11-25T08:00:00Z); default now.")
    var asOf: String?
    @Option(help: "terminal (default), json, csv or html.") var format = "terminal"
    @Option(help: ArgumentHelp("Write the report to this file (mode 0600) instead of standard output; it replaces "
        + "the file only once the report is complete."))
    var output: String?
    @Option(help: "Portal lookups in flight at once.") var concurrency = 8
    @Option(help: "Most portal lookups started per second (0 = no limit).") var rate = 0.0
    @Option(help: "Most dossiers allowed per failure bucket (0 or more).") var maxPerBucket = 0
    @Option(help: "Lowest acceptable sync rate (indicator 1.4), 0–1.") var minSyncRate = 0.99
    @Flag(help: "Re-enqueue missing and mismatched dossiers and their steps in the outbox.") var repair = false
    @Flag(help: "With --repair: send the outbox to the portal now.") var push = false

    func validate() throws {
        guard ["terminal", "json", "csv", "html"].contains(format) else {
            throw ValidationError("--format must be terminal, json, csv or html")
        }
        if push && !repair { throw ValidationError("--push needs --repair") }
        guard concurrency >= 1, concurrency <= 64 else { throw ValidationError("--concurrency must be 1…64") }
        guard rate >= 0, rate.isFinite else {
            throw ValidationError("--rate must be 0 (no limit) or more, got \(rate)")
        }
        guard maxPerBucket >= 0 else {
            throw ValidationError("--max-per-bucket must be 0 or more, got \(maxPerBucket)")
        }
        guard (0...1).contains(minSyncRate) else {
            throw ValidationError("--min-sync-rate must be between 0 and 1 (0.99 = 99%), got \(minSyncRate)")
        }
        if let period, Self.parsePeriod(period) == nil {
            throw ValidationError("--period must be YYYY, YYYY-MM or YYYY-MM-DD..YYYY-MM-DD, years 1900-2999, got "
                + period)
        }
        if let asOf, Self.parseInstant(asOf) == nil { throw ValidationError("--as-of must be ISO 8601") }
    }

    func run() async throws {
        let output = try output.map { try PendingFile(path: $0, code: "reconcile.output") }
        let gateway = try CLIContext(options).makeGateway(existingLedger: true)
        defer { gateway.shutdown() }
        var configuration = Reconciler.Configuration()
        configuration.lookupConcurrency = concurrency
        configuration.lookupsPerSecond = rate > 0 ? rate : nil
        configuration.period = period.flatMap(Self.parsePeriod)
        configuration.agencies = agencies
        configuration.asOf = asOf.flatMap(Self.parseInstant)
        configuration.thresholds = ReportThresholds(maxPerBucket: maxPerBucket, minSyncRate: minSyncRate)
        configuration.indicators = gateway.configuration.indicators
        let reconciler = Reconciler(gateway: gateway, configuration: configuration)
        let reconciliation = try await reconciler.reconcile()
        let report = reconciliation.report
        try emit(try Self.render(report, format: format), to: output)
        let seen = Set(report.indicators.agencies.map(\.agency))
        for code in agencies where !seen.contains(code) {
            Self.note("warning: no dossier of agency \(code) in this report "
                + "(a mistyped --agency? codes are the MaHoSo prefix before `-`, e.g. 000.00.01.H20)")
        }
        if repair {
            let done = try reconciler.repair(reconciliation)
            Self.note("repair: \(done.dossiers) dossiers and \(done.steps) steps re-enqueued, "
                + "\(done.deadLettersCleared) dead letters cleared")
            if push {
                let tally = try await reconciler.push()
                Self.note("push: \(tally.delivered) delivered, \(tally.deadLettered) dead-lettered, "
                    + "\(try gateway.ledger.outboxDepth()) still in the outbox")
            } else if done.dossiers + done.steps > 0 {
                Self.note("run `dvcsync sync` to send them")
            }
        }
        if report.exceedsThresholds(report.thresholds) { throw ExitCode(2) }
    }

    /// Writes `bytes` to standard output, or to the `--output` file, which then replaces any earlier report.
    func emit(_ bytes: [UInt8], to output: PendingFile?) throws {
        guard let output else {
            FileHandle.standardOutput.write(Data(bytes))
            return
        }
        try output.write(bytes)
        try output.commit()
        Self.note("report written to \(output.path)")
    }

    static func render(_ report: ReconciliationReport, format: String) throws -> [UInt8] {
        guard let file = ReportWriter.Format(rawValue: format) else {
            return Array((TerminalReportRenderer.render(report) + "\n").utf8)
        }
        return try ReportWriter.render(report, format: file)
    }

    static func note(_ line: String) { FileHandle.standardError.write(Data((line + "\n").utf8)) }

    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD..YYYY-MM-DD` (Vietnam time, end exclusive).
    static func parsePeriod(_ text: String) -> ReportPeriod? {
        let parts = text.components(separatedBy: "..")
        if parts.count == 2, let from = day(parts[0]), let to = day(parts[1]), from < to {
            return ReportPeriod(from: from, to: to)
        }
        let fields = text.split(separator: "-").map { Int($0) }
        guard parts.count == 1, fields.allSatisfy({ $0 != nil }) else { return nil }
        switch fields.count {
        case 1 where (1900...2999).contains(fields[0]!): return .year(fields[0]!)
        case 2 where (1900...2999).contains(fields[0]!) && (1...12).contains(fields[1]!):
            return .month(year: fields[0]!, month: fields[1]!)
        default: return nil
        }
    }

    static func day(_ text: String) -> Date? {
        let fields = text.split(separator: "-").compactMap { Int($0) }
        guard fields.count == 3, (1900...2999).contains(fields[0]) else { return nil }
        // A day the calendar does not have (31 April, 30 February) is refused, never rolled into the next month.
        return VietnamTime.make(year: fields[0], month: fields[1], day: fields[2], hour: 0, minute: 0, second: 0)
    }

    static func parseInstant(_ text: String) -> Date? {
        ISO8601DateFormatter().date(from: text)
    }
}
