import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation

/// The mock portal and province on loopback, accepting only canary credentials, with session tokens that carry a
/// canary prefix: any of these strings found in an output is a leak.
struct CanaryMocks: Sendable {
    static let portalPassword = "Cnry-PortalPw-4f9e2b71"
    static let sourcePassword = "Cnry-SourcePw-8a13c5d0"
    static let sessionPrefix = "CNRYSESSION"
    static let sourceUser = "gateway@dongthap.gov.vn"

    let portal: MockPortal
    let portalServer: MockHTTPServer
    let sourceServer: MockHTTPServer
    let directory: URL

    /// Every canary: both passwords, the Basic credentials as sent, and the session-token prefix.
    static var canaries: [String] {
        [portalPassword, sourcePassword, sessionPrefix,
         Data("\(sourceUser):\(sourcePassword)".utf8).base64EncodedString()]
    }

    static func start(dossiers: Int = 60, badShare: Double = 0.1, portalScenario: Scenario = .happy) async throws
        -> CanaryMocks
    {
        let data = RepoPaths.mock.appendingPathComponent("data")
        var generator = ProvinceGeneratorConfiguration()
        generator.dossiers = dossiers
        generator.seed = 11
        generator.badShare = badShare
        var provinceSettings = MockProvince.Configuration(generator: generator)
        provinceSettings.password = sourcePassword
        let province = try MockProvince(dataDirectory: data, configuration: provinceSettings)
        var portalSettings = MockPortal.Configuration()
        portalSettings.password = portalPassword
        portalSettings.sessionPrefix = sessionPrefix
        let portal = MockPortal(configuration: portalSettings,
                                catalogue: try CatalogueEntry.load(from: data.appendingPathComponent("procedures.json")))
        let portalServer = try await MockHTTPServer.start(service: portal, configuration: .init(
            port: 0, name: "portal", scenario: portalScenario, seed: 11))
        let sourceServer = try await MockHTTPServer.start(service: province, configuration: .init(
            port: 0, name: "source", scenario: .happy, seed: 11))
        return CanaryMocks(portal: portal, portalServer: portalServer, sourceServer: sourceServer,
                           directory: try RepoPaths.makeTemporaryDirectory(prefix: "dvcsync-canary"))
    }

    var ledgerPath: String { directory.appendingPathComponent("ledger.sqlite").path }

    /// Configuration keys pointing at the mocks.
    func values(_ extra: [String: String] = [:]) -> [String: String] {
        [
            "ledger.path": ledgerPath, "ledger.synchronous": "NORMAL",
            "portal.adapterBase": portalServer.baseURL.absoluteString, "portal.username": "000.00.00.H20",
            "source.baseURL": sourceServer.baseURL.absoluteString + "/o/rest/v2", "source.groupId": "35417",
            "source.username": Self.sourceUser, "source.pageSize": "25",
            "mappings.directory": ProofFixtures.mappingFolder.path, "transport.totalTimeout": "5",
            "push.backoffCap": "1",
        ].merging(extra) { $1 }
    }

    /// The passwords as the CLI reads them.
    static var environment: [String: String] {
        ["DVCSYNC_PORTAL_PASSWORD": portalPassword, "DVCSYNC_SOURCE_PASSWORD": sourcePassword]
    }

    /// Writes the configuration file; returns its path.
    func writeConfig(_ extra: [String: String] = [:]) throws -> String {
        let path = directory.appendingPathComponent("dvcsync.yaml").path
        try DaemonConfigFile.write(values(extra), to: path)
        return path
    }

    /// Runs the built `dvcsync` with `arguments` under `umask 000` (so only the product's own modes protect files).
    func run(_ arguments: [String], environment: [String: String] = CanaryMocks.environment) throws -> ChildProcess {
        try ChildProcess(URL(fileURLWithPath: "/bin/sh"),
                         ["-c", "umask 000; exec \"$0\" \"$@\"", BuiltProducts.executable("dvcsync").path] + arguments,
                         environment: environment)
    }

    /// Every regular file in the working folder, as (name, bytes as text).
    func files() -> [(String, String)] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().compactMap { name in
            FileManager.default.contents(atPath: directory.appendingPathComponent(name).path)
                .map { (name, String(decoding: $0, as: UTF8.self)) }
        }
    }

    func stop() async {
        try? await portalServer.shutdown()
        try? await sourceServer.shutdown()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Runs `body` with canary mocks and always stops them.
func withCanaryMocks<T>(dossiers: Int = 60, badShare: Double = 0.1, portalScenario: Scenario = .happy,
                        _ body: (CanaryMocks) async throws -> T) async throws -> T {
    let mocks = try await CanaryMocks.start(dossiers: dossiers, badShare: badShare, portalScenario: portalScenario)
    do {
        let result = try await body(mocks)
        await mocks.stop()
        return result
    } catch {
        await mocks.stop()
        throw error
    }
}

/// File permission bits.
func permissions(_ path: String) -> Int? {
    (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int
}

/// The places among `haystacks` where any of `needles` occurs.
func leaks(of needles: [String], in haystacks: [(String, String)]) -> [String] {
    haystacks.flatMap { name, text in needles.filter { text.contains($0) }.map { "\(name) contains \($0)" } }
}
