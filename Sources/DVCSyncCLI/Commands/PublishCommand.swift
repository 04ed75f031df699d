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
    @Option(help: "Publishing agency (MACOQUANCONGBO).")
    var agency = "000.00.00.H20"
    @Flag(help: "Print the difference with the portal (new / changed / unchanged / absent) and send nothing.")
    var dryRun = false

    func validate() throws {
        guard PublicationDecision.normalisedDate(decisionDate) != nil else {
            throw ValidationError("--decision-date must be a real date written dd/MM/yyyy, got \(decisionDate)")
        }
    }

    func run() async throws {
        let gateway = try CLIContext(options).makeGateway()
        defer { gateway.shutdown() }
        let source: any SourceConnector = file.map { FileCatalogueConnector(path: $0) } ?? gateway.source
        let publisher = CataloguePublisher(gateway: gateway, source: source, decision: PublicationDecision(
            number: decision, date: PublicationDecision.normalisedDate(decisionDate) ?? decisionDate, agency: agency))
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
        let outcome = try await publisher.publish(progress: ProgressPrinter.make(label: "publishing"))
        ProgressPrinter.finish()
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

/// A progress bar on a terminal, plain lines (at most one per second) otherwise, on standard error.
enum ProgressPrinter {
    static func make(label: String) -> @Sendable (Int, Int) -> Void {
        let terminal = Console.isTerminal
        let last = LastPrint()
        return { done, total in
            if terminal {
                let width = 30
                let filled = total > 0 ? width * done / total : 0
                let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
                FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(done)/\(total)".utf8))
            } else if last.shouldPrint() {
                Console.note("\(label): \(done)/\(total)")
            }
        }
    }

    static func finish() { if Console.isTerminal { FileHandle.standardError.write(Data("\n".utf8)) } }
}

final class LastPrint: @unchecked Sendable {
    // @unchecked: `time` is only touched under `lock`.
    private let lock = NSLock()
    private var time = Date.distantPast
    func shouldPrint() -> Bool {
        lock.withLock {
            guard Date().timeIntervalSince(time) >= 1 else { return false }
            time = Date()
            return true
        }
    }
}
