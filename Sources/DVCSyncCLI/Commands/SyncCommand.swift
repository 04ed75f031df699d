import ArgumentParser
import DVCSync
import Foundation

/// `dvcsync sync`: one pass over the streams.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Pull, map and push once: dossiers and their steps (or --stream).",
        discussion: """
            Exit status: 0 when every change of the pass reached the portal; 2 when the portal refused records for
            good or source records could not be mapped (they are in `dvcsync ledger failures`); 3 when records of
            the synced streams still wait in the outbox after a transient failure (the next sync or the daemon
            sends them); 1 on any other error.
            """)
    @OptionGroup var options: GlobalOptions
    @Option(help: "Only this stream: dossiers or steps (the catalogue goes out with `publish`).")
    var stream: [String] = []
    @Flag(help: "Show what would be pushed; write and send nothing.")
    var dryRun = false

    func run() async throws {
        let streams = try stream.isEmpty ? [.dossiers, .steps] : stream.map { name -> SyncStream in
            guard let value = SyncStream(rawValue: name), value != .catalogue else {
                throw ValidationError("--stream must be dossiers or steps")
            }
            return value
        }
        let gateway = try CLIContext(options).makeGateway { $0.engine.dryRun = dryRun }
        defer { gateway.shutdown() }
        if !dryRun { try Console.recovered(gateway.engine.recover()) }
        let summary = try await gateway.engine.run(streams: streams)
        print(SummaryText.render(summary, dryRun: dryRun, ledger: gateway.configuration.ledgerPath))
        if dryRun { return }
        let failed = summary.push.deadLettered + summary.quarantined
        if failed > 0 {
            Console.note("\(failed) records of this pass were refused by the portal or could not be mapped; "
                + "see `dvcsync ledger failures`")
            throw ExitCode(2)
        }
        let waiting = try streams.reduce(0) { $0 + (try gateway.ledger.outboxDepth(stream: $1.rawValue)) }
        if waiting > 0 {
            let reasons = summary.push.retriesByReason.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
            Console.note("\(waiting) records wait in the outbox for another attempt"
                + (reasons.isEmpty ? "" : " (put back this pass: \(reasons.joined(separator: ", ")))")
                + "; the next sync or the daemon sends them")
            throw ExitCode(3)
        }
    }
}
