import ArgumentParser

/// Flags shared by every subcommand.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (YAML). Keys can be overridden by DVCSYNC_* environment variables.")
    var config: String?

    @Option(name: .long, help: "Ledger database file (overrides ledger.path).")
    var ledger: String?

    @Flag(name: .long, help: "Write log lines as JSON.")
    var jsonLogs = false
}
