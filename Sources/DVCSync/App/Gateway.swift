import Foundation

/// The assembled gateway: ledger, libcurl transport with retries, portal client, source connector, mappings and
/// engine, built from one `GatewayConfiguration`. Mappings are checked before anything runs.
public final class Gateway: Sendable {
    public let configuration: GatewayConfiguration
    public let ledger: Ledger
    public let transport: RetryingTransport
    public let portal: PortalClient
    public let source: OpenCPSConnector
    public let mappings: MappingSet
    public let engine: SyncEngine
    /// The clock and random source everything built on this gateway uses (publish, daemon, reconciliation).
    public let clock: any SyncClock
    public let random: any RandomSource
    private let curl: CurlTransport

    public init(configuration: GatewayConfiguration, clock: any SyncClock = SystemClock(),
                random: any RandomSource = SystemRandom()) throws {
        self.configuration = configuration
        self.clock = clock
        self.random = random
        let diagnostics = MappingChecker.check(directory: URL(fileURLWithPath: configuration.mappingsDirectory))
        if MappingChecker.hasErrors(diagnostics) {
            throw GatewayError(code: "mapping.check_failed",
                               message: "the mappings in \(configuration.mappingsDirectory) (mappings.directory, "
                                   + "relative to the working directory) have errors:\n"
                                   + MappingDiagnostic.format(diagnostics.filter { $0.severity == .error }))
        }
        mappings = try MappingSet.load(directory: URL(fileURLWithPath: configuration.mappingsDirectory))
        ledger = try Ledger(path: configuration.ledgerPath, configuration: configuration.ledger, clock: clock)
        curl = try CurlTransport(configuration: configuration.transport)
        transport = RetryingTransport(wrapping: curl, configuration: configuration.retry, clock: clock, random: random)
        portal = PortalClient(configuration: configuration.portal, transport: transport, clock: clock)
        source = OpenCPSConnector(configuration: configuration.source, transport: transport, clock: clock)
        engine = SyncEngine(configuration: configuration.engine, ledger: ledger, portal: portal, source: source,
                            mapper: mappings, clock: clock, random: random)
    }

    /// Stops the transport's thread.
    public func shutdown() { curl.shutdown() }
}

/// A failure assembling or running the gateway.
public struct GatewayError: CodedError {
    public var code: String
    public var message: String
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}
