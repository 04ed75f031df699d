import ArgumentParser
import DVCSync
import Foundation

/// `dvcsync sync`: one pass over the streams.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Pull, map and push once: dossiers and their steps (or --stream).",
        discussion: """
            Exit status: 0 when every change of the pass reached the portal; 2 when the portal refused records for \
            good or source records could not be mapped (they are in `dvcsync ledger failures`); 3 when records of \
            the synced streams still wait in the outbox after a transient failure (the next sync or the daemon \
            sends them); 1 on any other error (configuration, source, ledger); 64 on a usage error. --dry-run \
            exits 0.
            """)
    @OptionGroup var options: GlobalOptions
    @Option(help: "Only this stream: dossiers or steps (the catalogue goes out with `publish`).")
    var stream: [String] = []
    @Flag(help: ArgumentHelp("Show what would be pushed; send nothing and change no record. Without a ledger file "
        + "yet, every record counts as new and no file is created."))
    var dryRun = false

    func validate() throws {
        for name in stream where SyncStream(rawValue: name) == nil || name == SyncStream.catalogue.rawValue {
            throw ValidationError("--stream must be dossiers or steps, got \(name)"
                + (name == SyncStream.catalogue.rawValue ? " (the catalogue goes out with `dvcsync publish`)" : ""))
        }
    }

    func run() async throws {
        let streams: [SyncStream] = stream.isEmpty ? [.dossiers, .steps] : stream.compactMap(SyncStream.init)
        let context = try CLIContext(options)
        let (gateway, scratch) = dryRun
            ? try context.makeDryRunGateway { $0.engine.dryRun = true }
            : (try context.makeGateway(), ScratchLedger(folder: nil))
        defer { scratch.remove() }
        defer { gateway.shutdown() }
        // A second writer would close the first one's running pass and flag its batches in flight as "may have
        // landed" (recovery): one writing process per ledger.
        let lock = try dryRun ? nil : InstanceLock(ledgerPath: gateway.configuration.ledgerPath)
        defer { lock?.release() }
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
            for hint in Self.hints(summary.push.retriesByReason.keys, portal: gateway.configuration.portal) {
                Console.note(hint)
            }
            throw ExitCode(3)
        }
    }

    /// What an operator should check for the reasons records were put back, when waiting will not help.
    static func hints(_ reasons: some Sequence<String>, portal: PortalConfiguration) -> [String] {
        let reasons = Set(reasons)
        var hints: [String] = []
        if reasons.contains("portal.login") {
            hints.append("the portal refused the login at \(portal.authEndpoint): check portal.username and the "
                + "portal password (DVCSYNC_PORTAL_PASSWORD, portal.passwordFile or portal.passwordEnv)")
        }
        let transport = reasons.filter { $0.hasPrefix("transport.") }.sorted()
        if !transport.isEmpty {
            hints.append("the portal could not be reached (\(transport.joined(separator: ", "))): check "
                + "portal.adapterBase (\(portal.authEndpoint)), the network and transport.proxy")
        }
        return hints
    }
}
