import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// The connectors under test: every `SourceConnector` configuration the gateway ships.
enum ConnectorKind: String, CaseIterable, Sendable, CustomStringConvertible {
    case opencpsStock = "opencps-stock"
    case opencpsExtended = "opencps-extended"
    case fileCSV = "file-CSV"
    case fileJSON = "file-JSON"

    var description: String { rawValue }

    /// What the connector of this kind must declare (a connector dropping a capability to dodge checks fails).
    var expectedCapabilities: SourceCapabilities {
        switch self {
        case .opencpsStock, .opencpsExtended: [.catalogue, .dossiers, .remote]
        case .fileCSV, .fileJSON: [.catalogue]
        }
    }
}

/// One check of the suite and the capabilities it needs.
enum ConformanceCheck: String, Sendable {
    case fullEnumeration, resume, idempotentRerun, equalTimestamps, lateWrite, changeWhilePaging, valueQuirks
    case authAndErrors, catalogueErrors

    var requires: SourceCapabilities {
        switch self {
        case .fullEnumeration, .idempotentRerun, .valueQuirks, .catalogueErrors: .catalogue
        case .resume, .equalTimestamps, .lateWrite, .changeWhilePaging: .dossiers
        case .authAndErrors: [.dossiers, .remote]
        }
    }
}

/// A connector under test, with the mock province it reads over loopback (directly or through an exported file).
final class ConformanceRig: Sendable {
    static let pageSize = 7
    let kind: ConnectorKind
    let province: MockProvince
    let server: MockHTTPServer
    let curl: CurlTransport
    let transport: CountingTransport
    let directory: URL
    /// The catalogue file a file connector reads (exported from the mock's `/serviceinfos`).
    let cataloguePath: String

    init(kind: ConnectorKind, province: MockProvince, server: MockHTTPServer, directory: URL) throws {
        self.kind = kind
        self.province = province
        self.server = server
        self.directory = directory
        curl = try CurlTransport()
        transport = CountingTransport(wrapping: curl)
        cataloguePath = directory.appendingPathComponent(kind == .fileCSV ? "catalogue.csv" : "catalogue.json").path
    }

    var sourceURL: String { server.baseURL.absoluteString + "/o/rest/v2" }

    /// The connector of this rig's kind; `configure` adjusts the OpenCPS settings (ignored by file connectors).
    func connector(_ configure: (inout OpenCPSConfiguration) -> Void = { _ in }) -> any SourceConnector {
        switch kind {
        case .fileCSV, .fileJSON: return FileCatalogueConnector(path: cataloguePath)
        case .opencpsStock, .opencpsExtended:
            var settings = OpenCPSConfiguration(baseURL: sourceURL, groupId: "35417",
                                                username: "gateway@dongthap.gov.vn",
                                                password: Secret("mock-source-secret"))
            settings.mode = kind == .opencpsExtended ? .extended : .stock
            settings.pageSize = Self.pageSize
            settings.concurrency = 4
            configure(&settings)
            return OpenCPSConnector(configuration: settings, transport: transport)
        }
    }

    /// Runs `body` with a fresh province of `dossiers` dossiers spread over `days` days, or reports the check as not
    /// applicable when the kind's connector declares it lacks a needed capability (asserting that declaration).
    static func run(_ kind: ConnectorKind, _ check: ConformanceCheck, dossiers: Int = 30, days: Int = 8,
                    scenario: Scenario = .happy, quirks: ProvinceQuirks = ProvinceQuirks(),
                    _ body: (ConformanceRig) async throws -> Void) async throws {
        var generator = ProvinceGeneratorConfiguration(dossiers: dossiers, seed: 11)
        generator.days = days
        var settings = MockProvince.Configuration(generator: generator,
                                                  mode: kind == .opencpsExtended ? .extended : .stock)
        settings.quirks = quirks
        let province = MockProvince(catalog: try sharedCatalog(), configuration: settings)
        let server = try await MockHTTPServer.start(service: province, configuration: .init(
            port: 0, name: "source", scenario: scenario, seed: 3))
        let directory = try RepoPaths.makeTemporaryDirectory(prefix: "dvcsync-conformance")
        let rig: ConformanceRig
        do { rig = try ConformanceRig(kind: kind, province: province, server: server, directory: directory) } catch {
            try? await server.shutdown()
            throw error
        }
        defer { rig.curl.shutdown() }
        do {
            let declared = rig.connector().capabilities
            #expect(declared == kind.expectedCapabilities, "\(kind) declares \(declared)")
            if declared.isSuperset(of: check.requires) {
                if kind == .fileCSV || kind == .fileJSON { try await rig.exportCatalogue() }
                try await body(rig)
            } else {
                // Not applicable, by the connector's own declaration: recorded, not silently passed.
                #expect(!kind.expectedCapabilities.isSuperset(of: check.requires),
                        "\(check.rawValue) needs \(check.requires), which \(kind) lacks")
            }
        } catch {
            try? await server.shutdown()
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
        try? await server.shutdown()
        try? FileManager.default.removeItem(at: directory)
    }

    private static let catalogCache = Locked<ProvinceCatalog?>(nil)

    /// The first 30 procedures of the mock catalogue (with online ones among them), read once: the whole catalogue
    /// is 1.6 MB of `/serviceinfos` JSON, which would make every check slow without testing anything more.
    static func sharedCatalog() throws -> ProvinceCatalog {
        try catalogCache.withLock { cached in
            if let cached { return cached }
            let loaded = try ProvinceCatalog(directory: RepoPaths.mock.appendingPathComponent("data")).limited(to: 30)
            cached = loaded
            return loaded
        }
    }

    /// The mock's `/serviceinfos` items as the province publishes them.
    func publishedProcedures() async throws -> [JSONValue] {
        let response = await province.handle(MockHTTPRequest(
            method: "GET", path: "/o/rest/v2/serviceinfos", query: ["start": "0", "end": "0"],
            headers: ["groupid": "35417"]))
        return try JSONParser.parse(response.body)["data"]?.arrayValue ?? []
    }
}

/// An `HTTPTransport` that counts requests by kind (list, detail, logs, catalogue) before passing them on.
final class CountingTransport: HTTPTransport {
    let inner: any HTTPTransport
    let counts = Locked([String: Int]())

    init(wrapping inner: any HTTPTransport) { self.inner = inner }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let path = request.url.split(separator: "?").first.map(String.init) ?? request.url
        let kind = path.hasSuffix("/dossiers") ? "list" : path.contains("/dossierlogs/") ? "logs"
            : path.contains("/dossiers/") ? "detail" : "other"
        counts.withLock { $0[kind, default: 0] += 1 }
        return try await inner.send(request)
    }

    /// Requests of `kind` so far.
    func count(_ kind: String) -> Int { counts.current[kind] ?? 0 }
}
