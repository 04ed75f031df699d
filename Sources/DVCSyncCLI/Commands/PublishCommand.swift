import ArgumentParser
import DVCSync
import Foundation

/// `dvcsync publish`: a one-off catalogue publish with its publication decision.
struct PublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "publish", abstract: "Publish the procedure catalogue (from the source or a file) to the portal.",
        discussion: """
            Exit status: 0 when every procedure of the publication is on the portal; 2 when the portal refused \
            some or some could not be mapped (`dvcsync ledger failures`); 3 when some wait in the outbox after a \
            transient failure (the next publish, or the daemon's catalogue job, sends them); 1 on any other error. \
            --dry-run exits 0.
            """)
    @OptionGroup var options: GlobalOptions
    @Option(help: "Catalogue file (CSV with a serviceCode column, or JSON) instead of the source system.")
    var file: String?
    @Option(help: "Number of the publication decision (SOQUYETDINH), e.g. 1234/QĐ-UBND.")
    var decision: String
    @Option(help: "Date of the decision, dd/MM/yyyy.")
    var decisionDate: String
    @Option(help: "Publishing agency (MACOQUANCONGBO); default publication.agency, else portal.madonvi.")
    var agency: String?
    @Flag(help: ArgumentHelp("Print the difference with the portal (new / changed / unchanged / absent) and send "
        + "nothing; without a ledger file yet, every procedure counts as new and no file is created."))
    var dryRun = false

    func validate() throws {
        guard !decision.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw ValidationError("--decision must be the decision's number (SOQUYETDINH), e.g. 1234/QĐ-UBND; got "
                + "an empty value")
        }
        guard PublicationDecision.normalisedDate(decisionDate) != nil else {
            throw ValidationError("--decision-date must be a real date written dd/MM/yyyy, got \(decisionDate)")
        }
    }

    func run() async throws {
        let context = try CLIContext(options)
        let (gateway, scratch) = dryRun
            ? try context.makeDryRunGateway() : (try context.makeGateway(), ScratchLedger(folder: nil))
        defer { scratch.remove() }
        defer { gateway.shutdown() }
        let source: any SourceConnector = file.map { FileCatalogueConnector(path: $0) } ?? gateway.source
        let publisher = CataloguePublisher(gateway: gateway, source: source, decision: PublicationDecision(
            number: decision, date: PublicationDecision.normalisedDate(decisionDate) ?? decisionDate,
            agency: agency ?? gateway.configuration.publicationAgency))
        let diff = try await publisher.diff()
        print("new \(diff.new.count), changed \(diff.changed.count), unchanged \(diff.unchanged.count), "
            + "absent from this publication \(diff.absent.count), cannot be mapped \(diff.unmappable.count)"
            + (diff.skipped.isEmpty ? "" : ", left out by the mapping \(diff.skipped.count)"))
        for (code, reason) in diff.unmappable.sorted(by: { $0.key < $1.key }) { print("  cannot map \(code): \(reason)") }
        for (code, reason) in diff.skipped.sorted(by: { $0.key < $1.key }) { print("  left out \(code): \(reason)") }
        if dryRun {
            for (label, keys) in [("new", diff.new), ("changed", diff.changed), ("absent", diff.absent)] {
                for key in keys.sorted() { print("  \(label) \(key)") }
            }
            return
        }
        let lock = try InstanceLock(ledgerPath: gateway.configuration.ledgerPath)
        defer { lock.release() }
        try Console.recovered(gateway.engine.recover())
        let printer = ProgressPrinter(label: "publishing")
        let outcome: CataloguePublisher.Outcome
        do {
            outcome = try await publisher.publish { printer.update($0, $1) }
            printer.finish()
        } catch {
            printer.finish()
            throw error
        }
        print("accepted \(outcome.accepted), refused \(outcome.refused.count), waiting for a retry \(outcome.waiting)")
        for refusal in outcome.refused { print("  refused \(refusal.code): \(refusal.reason)") }
        if !outcome.refused.isEmpty || !diff.unmappable.isEmpty {
            Console.note("\(outcome.refused.count) procedures refused by the portal, \(diff.unmappable.count) could "
                + "not be mapped; see `dvcsync ledger failures`")
            throw ExitCode(2)
        }
        if outcome.waiting > 0 {
            Console.note("\(outcome.waiting) procedures wait in the outbox for another attempt; the next publish, or "
                + "the daemon's catalogue job, sends them")
            throw ExitCode(3)
        }
    }
}

/// A progress bar on a terminal, plain lines (at most one per second, and the final counts) otherwise, on standard
/// error. Nothing is shown when there is nothing to send.
final class ProgressPrinter: Sendable {
    private struct State {
        var last: (done: Int, total: Int)?
        var printedLast = false
        var printedAt = Date.distantPast
    }

    private let label: String
    private let terminal = Console.isTerminal
    private let state = Locked(State())

    init(label: String) { self.label = label }

    /// Shows `done` of `total`.
    func update(_ done: Int, _ total: Int) {
        state.withLock { state in
            guard total > 0 else { return }
            state.last = (done, total)
            state.printedLast = false
            let now = Date()
            guard terminal || now.timeIntervalSince(state.printedAt) >= 1 || done == total else { return }
            state.printedAt = now
            state.printedLast = true
            write(done, total)
        }
    }

    /// Ends the display: the final counts on their own line.
    func finish() {
        state.withLock { state in
            guard let last = state.last else { return }
            if !state.printedLast { write(last.done, last.total) }
            if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
        }
    }

    private func write(_ done: Int, _ total: Int) {
        if terminal {
            let width = 30
            let filled = width * min(done, total) / total
            let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
            FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(done)/\(total)".utf8))
        } else {
            Console.note("\(label): \(done)/\(total)")
        }
    }
}
