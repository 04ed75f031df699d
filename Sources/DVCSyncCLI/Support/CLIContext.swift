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

    /// The `ledger.` keys; a key of that section nobody reads (`ledger.pth`) is refused like at a gateway's start.
    func ledgerConfiguration() throws -> Ledger.Configuration {
        let configuration = try Ledger.Configuration(reading: source)
        _ = source.string("ledger.path")
        try source.checkUnknownKeys(section: "ledger")
        return configuration
    }

    /// The gateway from the configuration, after `adjust`; fails at start on bad configuration or mappings. With
    /// `existingLedger`, the ledger must already exist and be a dvcsync ledger (for commands that compare with it).
    func makeGateway(existingLedger: Bool = false, _ adjust: (inout GatewayConfiguration) -> Void = { _ in }) throws
        -> Gateway
    {
        let configuration = try gatewayConfiguration(adjust)
        if existingLedger { try checkLedger(at: configuration.ledgerPath) }
        return try Gateway(configuration: configuration)
    }

    /// The gateway for a dry run, which creates nothing: on the configured ledger when it exists, otherwise on an
    /// empty scratch ledger in a temporary folder (every record then counts as new), which `scratch.remove()`
    /// deletes once the gateway is no longer used.
    func makeDryRunGateway(_ adjust: (inout GatewayConfiguration) -> Void = { _ in }) throws
        -> (gateway: Gateway, scratch: ScratchLedger)
    {
        var configuration = try gatewayConfiguration(adjust)
        let path = configuration.ledgerPath
        guard !FileManager.default.fileExists(atPath: path) else {
            return (try Gateway(configuration: configuration), ScratchLedger(folder: nil))
        }
        let scratch = try ScratchLedger.make()
        do {
            configuration.ledgerPath = scratch.path
            let gateway = try Gateway(configuration: configuration)
            let folder = (path as NSString).deletingLastPathComponent
            let noFolder = !folder.isEmpty && !FileManager.default.fileExists(atPath: folder)
            Console.note("no ledger at \(path) yet: the dry run compares with an empty one, so every record counts "
                + "as new; it creates no file" + (noFolder ? " (the folder \(folder) does not exist either: a real "
                + "run needs it, or another ledger.path / --ledger)" : ""))
            return (gateway, scratch)
        } catch {
            scratch.remove()
            throw error
        }
    }

    private func gatewayConfiguration(_ adjust: (inout GatewayConfiguration) -> Void) throws -> GatewayConfiguration {
        var configuration = try GatewayConfiguration(reading: source, warn: Console.note)
        if let ledger = options.ledger { configuration.ledgerPath = ledger }
        adjust(&configuration)
        return configuration
    }

    /// The ledger at `ledgerPath`, which must exist: inspecting or repairing a path with a typo must not create an
    /// empty ledger there and report it as empty.
    func openLedger() throws -> Ledger {
        let configuration = try ledgerConfiguration()
        try checkLedger(at: ledgerPath)
        return try Ledger(path: ledgerPath, configuration: configuration)
    }

    /// Fails unless `path` is an existing dvcsync ledger; reads it without writing anything (`Ledger.probe`).
    func checkLedger(at path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            let origin = options.ledger != nil ? "--ledger" : "ledger.path in \(source.origin("ledger.path"))"
            throw CLIError(code: "ledger.not_found", message: "no ledger at \(path) (from \(origin)). Fix: "
                + "give the path of an existing ledger with --ledger or --config; `dvcsync sync` creates one")
        }
        try Ledger.probe(path)
    }
}

/// A ledger in a temporary folder of its own (mode 0700), for a dry run when the configured ledger does not exist.
struct ScratchLedger {
    /// The folder; nil when the dry run uses the configured ledger.
    let folder: URL?

    /// Path of the ledger file in the folder.
    var path: String { folder?.appendingPathComponent("ledger.sqlite").path ?? "" }

    /// A new, empty folder under the system's temporary folder.
    static func make() throws -> ScratchLedger {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("dvcsync-dry-run-\(UUID().uuidString)", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw CLIError(code: "ledger.scratch", message: "cannot create a temporary folder for the dry run's "
                + "empty ledger in \(FileManager.default.temporaryDirectory.path). Fix: set TMPDIR to a writable "
                + "folder, or create the ledger with a real `dvcsync sync` first")
        }
        return ScratchLedger(folder: folder)
    }

    /// Deletes the folder and the ledger in it.
    func remove() {
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }
}
