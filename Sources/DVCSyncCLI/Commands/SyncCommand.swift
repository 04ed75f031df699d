import ArgumentParser
import DVCSync
import Foundation

/// `dvcsync sync`: one pass over the streams.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Pull, map and push once: dossiers and their steps (or --stream).")
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
    }
}
