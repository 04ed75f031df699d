import DVCMock
import DVCSync
import Foundation

/// A gateway wired to an in-process mock portal and mock province, with a ledger in a temporary folder.
public struct GatewayHarness: Sendable {
    public let mocks: MockEnvironment
    public let directory: URL

    /// Starts the mocks: `dossiers` generated over `days` days (the rate at which `advance` brings new ones).
    public static func start(dossiers: Int = 60, days: Int = 365, seed: UInt64 = 7, badShare: Double = 0,
                             mode: ProvinceSourceMode = .stock, portalScenario: Scenario = .happy) async throws
        -> GatewayHarness
    {
        var settings = MockEnvironment.Configuration(dataDirectory: RepoPaths.mock.appendingPathComponent("data"))
        settings.dossiers = dossiers
        settings.days = days
        settings.seed = seed
        settings.badShare = badShare
        settings.mode = mode
        settings.portalScenario = portalScenario
        let mocks = try await MockEnvironment.start(settings)
        return GatewayHarness(mocks: mocks, directory: try RepoPaths.makeTemporaryDirectory(prefix: "dvcsync-e2e"))
    }

    public var ledgerPath: String { directory.appendingPathComponent("ledger.sqlite").path }

    /// Configuration values pointing at the mocks (the same keys as the YAML file).
    public func values(mode: ProvinceSourceMode = .stock) -> [String: String] {
        [
            "ledger.path": ledgerPath, "ledger.synchronous": "NORMAL",
            "portal.adapterBase": mocks.portalURL, "portal.username": "000.00.00.H20",
            "source.baseURL": mocks.sourceURL, "source.groupId": "35417", "source.username": "gateway@dongthap.gov.vn",
            "source.mode": mode == .extended ? "extended" : "stock", "source.pageSize": "25",
            "mappings.directory": RepoPaths.mappings.appendingPathComponent("h20").path,
            "transport.totalTimeout": "5", "push.backoffCap": "1",
        ]
    }

    /// The configuration a gateway (or a daemon) reads from these values plus `extra`.
    public func configuration(mode: ProvinceSourceMode = .stock, extra: [String: String] = [:]) throws
        -> GatewayConfiguration
    {
        let source = ConfigSource(values: values(mode: mode).merging(extra) { _, new in new },
                                  environment: Self.secrets)
        return try GatewayConfiguration(reading: source)
    }

    /// A gateway on the mocks (on `clock` and `random`, the system ones by default).
    public func makeGateway(mode: ProvinceSourceMode = .stock, extra: [String: String] = [:],
                            clock: any SyncClock = SystemClock(), random: any RandomSource = SystemRandom()) throws
        -> Gateway
    {
        try Gateway(configuration: try configuration(mode: mode, extra: extra), clock: clock, random: random)
    }

    public func stop() async {
        await mocks.shutdown()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Runs `body` with a harness and always stops it.
public func withGatewayHarness<T>(dossiers: Int = 60, days: Int = 365, seed: UInt64 = 7, badShare: Double = 0,
                                  mode: ProvinceSourceMode = .stock, portalScenario: Scenario = .happy,
                                  _ body: (GatewayHarness) async throws -> T) async throws -> T {
    let harness = try await GatewayHarness.start(dossiers: dossiers, days: days, seed: seed, badShare: badShare,
                                                 mode: mode, portalScenario: portalScenario)
    do {
        let result = try await body(harness)
        await harness.stop()
        return result
    } catch {
        await harness.stop()
        throw error
    }
}
