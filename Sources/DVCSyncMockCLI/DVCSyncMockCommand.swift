import ArgumentParser
import DVCMock
import Foundation

@main
struct DVCSyncMockCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dvcsync-mock",
        abstract: "Mock national portal and mock provincial one-stop system on loopback."
    )

    @Option(help: "Port of the mock national portal (0 picks a free port).")
    var portalPort = 0

    @Option(help: "Port of the mock provincial source (0 picks a free port).")
    var sourcePort = 0

    @Option(help: "Scenario file (Mock/scenarios/*.json); default: no faults.")
    var scenario: String?

    @Option(help: "Dossiers the mock province generates.")
    var dossiers = 1000

    @Option(help: "Seed of the generated data and of the fault decisions.")
    var seed: UInt64 = 1

    @Option(help: "Province code of the generated data.")
    var province = "H20"

    @Option(help: "Share (0–1) of generated dossiers made deliberately bad (bad dates, unknown codes, …).")
    var badShare = 0.0

    @Flag(help: "Serve the extended source mode (fromModifiedDate filter, list modifiedDate filled).")
    var extended = false

    @Option(help: "Folder with agencies.json and procedures.json.")
    var data = "Mock/data"

    @Option(help: "Procedure catalogue file; default procedures.json of --data when present, else the built-in sample.")
    var catalogue: String?

    @Option(help: "Portal login account.")
    var username = "000.00.00.H20"

    @Option(help: "Portal login password.")
    var password = "mock-secret"

    @Flag(help: "Do not log each request.")
    var quiet = false

    func validate() throws {
        let agencies = URL(fileURLWithPath: data).appendingPathComponent("agencies.json").path
        guard FileManager.default.fileExists(atPath: agencies) else {
            throw ValidationError("\(agencies) not found: run from the repository root or give --data the folder "
                + "with agencies.json and procedures.json")
        }
    }

    func run() async throws {
        let signals = SignalWaiter()
        let scenario = try scenario.map { try Scenario.load(from: URL(fileURLWithPath: $0)) } ?? .happy
        var portalSettings = MockPortal.Configuration()
        portalSettings.username = username
        portalSettings.password = password
        portalSettings.seed = seed
        let portal = MockPortal(configuration: portalSettings, catalogue: try loadCatalogue())
        let portalServer = try await MockHTTPServer.start(service: portal, configuration: serverSettings(
            name: "portal", port: portalPort, scenario: scenario))
        var servers = [portalServer]
        Console.line("portal: \(portalServer.baseURL.absoluteString)")
        let source = try MockServices.makeProvinceService(
            dataDirectory: URL(fileURLWithPath: data), province: province, dossiers: dossiers, seed: seed,
            badShare: badShare, extended: extended)
        let sourceServer = try await MockHTTPServer.start(service: source, configuration: serverSettings(
            name: "source", port: sourcePort, scenario: scenario))
        servers.append(sourceServer)
        Console.line("source: \(sourceServer.baseURL.appendingPathComponent("o/rest/v2").absoluteString)")
        await signals.waitForTermination()
        for server in servers { try await server.shutdown() }
        Console.line("stopped")
    }

    private func serverSettings(name: String, port: Int, scenario: Scenario) -> MockHTTPServer.Configuration {
        var log: (@Sendable (MockJournalEntry) -> Void)?
        if !quiet { log = { entry in Console.line("\(name) \(entry.logLine)") } }
        return MockHTTPServer.Configuration(port: port, name: name, scenario: scenario, seed: seed, onRequest: log)
    }

    private func loadCatalogue() throws -> [CatalogueEntry] {
        if let catalogue { return try CatalogueEntry.load(from: URL(fileURLWithPath: catalogue)) }
        let standard = URL(fileURLWithPath: data).appendingPathComponent("procedures.json")
        if FileManager.default.fileExists(atPath: standard.path) { return try CatalogueEntry.load(from: standard) }
        return CatalogueEntry.builtIn
    }
}

/// Writes whole lines to standard output, flushed at once so logs reach pipes promptly.
enum Console {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
