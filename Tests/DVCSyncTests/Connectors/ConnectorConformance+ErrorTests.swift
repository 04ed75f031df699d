import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

extension ConnectorConformanceTests {
    /// 8a. Auth and error answers of a remote source: a malformed list page gives `source.bad_response` naming the
    /// page, and resuming from the last committed cursor loses nothing; wrong credentials give `source.auth` (no
    /// secret in the text); HTTP 503 gives a retryable `source.unavailable`.
    @Test(arguments: ConnectorKind.allCases)
    func authAndErrorAnswers(kind: ConnectorKind) async throws {
        let malformedThirdPage = Scenario(name: "malformed-page", rules: [
            FaultRule(path: "/o/rest/v2/dossiers", requests: "3", fault: FaultSpec(kind: .nonJSON)),
        ])
        try await ConformanceRig.run(kind, .authAndErrors, scenario: malformedThirdPage) { rig in
            let ledger = ConformanceLedger()
            let connector = rig.connector()
            let broken = try await Self.sourceError { try await rig.scan(connector, into: ledger) }
            #expect(broken?.code == "source.bad_response", "\(kind): \(String(describing: broken))")
            #expect(broken?.message.contains("page start=") == true, "\(kind): \(String(describing: broken))")
            if kind == .opencpsStock { #expect(broken?.message.contains("start=14 end=21") == true) }
            // Extended mode's second request starts one item early, to check that item is still where it was.
            let twoPages = 2 * ConformanceRig.pageSize - (kind == .opencpsExtended ? 1 : 0)
            #expect(ledger.entries.count == twoPages, "\(kind): only two pages were committed")
            try await rig.scan(connector, into: ledger)
            try await rig.expectLedgerMatchesMock(ledger, "resumed after a malformed page")

            let wrong = rig.connector { $0.password = Secret("not-the-password") }
            let refused = try await Self.sourceError {
                try await wrong.scanDossiers(cursor: nil, knownHashes: { _ in [:] }, page: { _ in })
            }
            #expect(refused?.code == "source.auth", "\(kind): \(String(describing: refused))")
            #expect(refused?.retryable == false)
            #expect(refused.map { !$0.description.contains("not-the-password") } ?? false)

            let unavailable = Scenario(name: "down", rules: [
                FaultRule(path: "/o/rest/v2/dossiers*", fault: FaultSpec(kind: .status, status: 503)),
            ])
            let down = try await MockHTTPServer.start(service: rig.province, configuration: .init(
                port: 0, name: "source", scenario: unavailable, seed: 1))
            let failing = rig.connector { $0.baseURL = down.baseURL.absoluteString + "/o/rest/v2" }
            let outage = try await Self.sourceError {
                try await failing.scanDossiers(cursor: nil, knownHashes: { _ in [:] }, page: { _ in })
            }
            try? await down.shutdown()
            #expect(outage?.code == "source.unavailable", "\(kind): \(String(describing: outage))")
            #expect(outage?.retryable == true)
        }
    }

    /// 8b. An unreadable catalogue gives a coded error naming where: the file (missing, malformed JSON, CSV without
    /// `serviceCode`), or `/serviceinfos` of a remote source that answers with something other than JSON.
    @Test(arguments: ConnectorKind.allCases)
    func unreadableCatalogue(kind: ConnectorKind) async throws {
        try await ConformanceRig.run(kind, .catalogueErrors) { rig in
            let connector = rig.connector()
            if connector.capabilities.contains(.remote) {
                let html = Scenario(name: "html", rules: [
                    FaultRule(path: "/o/rest/v2/serviceinfos", fault: FaultSpec(kind: .nonJSON)),
                ])
                let server = try await MockHTTPServer.start(service: rig.province, configuration: .init(
                    port: 0, name: "source", scenario: html, seed: 1))
                let remote = rig.connector { $0.baseURL = server.baseURL.absoluteString + "/o/rest/v2" }
                let error = try await Self.sourceError { _ = try await remote.procedures() }
                try? await server.shutdown()
                #expect(error?.code == "source.bad_response", "\(kind): \(String(describing: error))")
                #expect(error?.message.contains("/serviceinfos") == true)
                return
            }
            let missing = FileCatalogueConnector(path: rig.directory.appendingPathComponent("absent.json").path)
            let absent = try await Self.sourceError { _ = try await missing.procedures() }
            #expect(absent?.code == "source.file" && absent?.message.contains("absent.json") == true)

            let bad = rig.directory.appendingPathComponent(kind == .fileCSV ? "bad.csv" : "bad.json")
            let text = kind == .fileCSV ? "code,name\n1.000001,Thủ tục\n" : "{\"data\": [{\"serviceCode\": \"1.0"
            try Data(text.utf8).write(to: bad)
            let error = try await Self.sourceError { _ = try await FileCatalogueConnector(path: bad.path).procedures() }
            #expect(error?.code == "source.file", "\(kind): \(String(describing: error))")
            #expect(error?.message.contains(bad.lastPathComponent) == true, "\(kind): \(String(describing: error))")
        }
    }

    /// Runs `body`, expecting it to throw a `SourceError`; returns it (nil, recorded as an issue, otherwise).
    static func sourceError(_ body: () async throws -> Void) async throws -> SourceError? {
        do {
            try await body()
            Issue.record("expected a SourceError, got success")
        } catch let error as SourceError {
            return error
        } catch {
            Issue.record("expected a SourceError, got \(error)")
        }
        return nil
    }
}
