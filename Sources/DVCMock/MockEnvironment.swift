import Foundation

/// The mock portal and a generated mock province, both served on loopback in this process.
public final class MockEnvironment: Sendable {
    public let portal: MockPortal
    public let province: MockProvince
    public let portalServer: MockHTTPServer
    public let sourceServer: MockHTTPServer

    /// Settings of the two mocks.
    public struct Configuration: Sendable {
        /// Folder with `agencies.json` and `procedures.json`.
        public var dataDirectory: URL
        public var dossiers = 1000
        /// Days of the generation window (the province's daily rate is `dossiers / days`). Default 365.
        public var days = 365
        public var seed: UInt64 = 1
        public var badShare = 0.0
        public var mode = ProvinceSourceMode.stock
        /// Faults of the portal server.
        public var portalScenario = Scenario.happy
        /// Faults of the source server.
        public var sourceScenario = Scenario.happy
        public var portal = MockPortal.Configuration()
        public init(dataDirectory: URL) { self.dataDirectory = dataDirectory }
    }

    /// Generates the province and starts both servers on free ports.
    public static func start(_ configuration: Configuration) async throws -> MockEnvironment {
        var generator = ProvinceGeneratorConfiguration()
        generator.dossiers = configuration.dossiers
        generator.days = configuration.days
        generator.seed = configuration.seed
        generator.badShare = configuration.badShare
        let province = try MockProvince(dataDirectory: configuration.dataDirectory,
                                        configuration: .init(generator: generator, mode: configuration.mode))
        let catalogue = try CatalogueEntry.load(
            from: configuration.dataDirectory.appendingPathComponent("procedures.json"))
        let portal = MockPortal(configuration: configuration.portal, catalogue: catalogue)
        let portalServer = try await MockHTTPServer.start(service: portal, configuration: .init(
            port: 0, name: "portal", scenario: configuration.portalScenario, seed: configuration.seed))
        let sourceServer = try await MockHTTPServer.start(service: province, configuration: .init(
            port: 0, name: "source", scenario: configuration.sourceScenario, seed: configuration.seed))
        return MockEnvironment(portal: portal, province: province, portalServer: portalServer,
                               sourceServer: sourceServer)
    }

    init(portal: MockPortal, province: MockProvince, portalServer: MockHTTPServer, sourceServer: MockHTTPServer) {
        self.portal = portal
        self.province = province
        self.portalServer = portalServer
        self.sourceServer = sourceServer
    }

    /// Base URL of the portal adapter.
    public var portalURL: String { portalServer.baseURL.absoluteString }
    /// Base URL of the source API (`…/o/rest/v2`).
    public var sourceURL: String { sourceServer.baseURL.absoluteString + "/o/rest/v2" }

    /// Stops both servers.
    public func shutdown() async {
        try? await portalServer.shutdown()
        try? await sourceServer.shutdown()
    }
}
