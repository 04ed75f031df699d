import ArgumentParser
import DVCSync

@main
struct DVCSyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dvcsync",
        abstract: "Data-sync gateway between a province's one-stop system and the National Public Service Portal.",
        version: DVCSyncInfo.version,
        subcommands: [
            DemoCommand.self, SyncCommand.self, PublishCommand.self, ReconcileCommand.self, DaemonCommand.self,
            MappingsCommand.self, LedgerCommand.self,
        ]
    )
}
