import ArgumentParser

/// Flags shared by every subcommand that reads the configuration.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (YAML). Keys can be overridden by DVCSYNC_* environment variables.")
    var config: String?

    @Option(name: .long, help: "Ledger database file (overrides ledger.path).")
    var ledger: String?
}
