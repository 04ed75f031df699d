import DVCSync
import Foundation

/// What every subcommand derives from its flags: the configuration source and the ledger path.
struct CLIContext {
    let options: GlobalOptions
    let source: ConfigSource

    init(_ options: GlobalOptions) throws {
        self.options = options
        source = try ConfigSource(path: options.config)
    }

    var ledgerPath: String { options.ledger ?? source.string("ledger.path", default: "dvcsync-ledger.sqlite") }

    func ledgerConfiguration() throws -> Ledger.Configuration {
        try Ledger.Configuration(reading: source)
    }

    /// The gateway from the configuration, after `adjust`; fails at start on bad configuration or mappings.
    func makeGateway(_ adjust: (inout GatewayConfiguration) -> Void = { _ in }) throws -> Gateway {
        var configuration = try GatewayConfiguration(reading: source, warn: Console.note)
        if let ledger = options.ledger { configuration.ledgerPath = ledger }
        adjust(&configuration)
        return try Gateway(configuration: configuration)
    }

    /// The ledger at `ledgerPath`, which must exist: inspecting or repairing a path with a typo must not create an
    /// empty ledger there and report it as empty.
    func openLedger() throws -> Ledger {
        guard FileManager.default.fileExists(atPath: ledgerPath) else {
            let origin = options.ledger != nil ? "--ledger" : "ledger.path in \(source.file)"
            throw CLIError(code: "ledger.not_found", message: "no ledger at \(ledgerPath) (from \(origin)). Fix: "
                + "give the path of an existing ledger with --ledger or --config; `dvcsync sync` creates one")
        }
        return try Ledger(path: ledgerPath, configuration: try ledgerConfiguration())
    }
}
