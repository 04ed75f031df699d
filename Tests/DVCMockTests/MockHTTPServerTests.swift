import DVCJSON
import DVCMock
import DVCSyncTestSupport
import Foundation
import Testing

/// Echoes the request line and body, to test the server layer alone.
struct EchoService: MockService {
    func handle(_ request: MockHTTPRequest) async -> MockHTTPResponse {
        let text = "\(request.method) \(request.path) q=\(request.query["a"] ?? "-") \(request.body.count)"
        var response = MockHTTPResponse.text(text, status: 200)
        response.note = MockJournalNote(operation: "echo", keys: ["k1"], outcome: "ok")
        return response
    }
}

@Suite struct MockHTTPServerTests {
    @Test func bindsAFreePortAndKeepsConnectionsAlive() async throws {
        try await withMockServer(service: EchoService()) { server in
            #expect(server.port > 0)
            #expect(server.baseURL.absoluteString == "http://127.0.0.1:\(server.port)")
            let port = server.port
            let texts = await LoopbackHTTPClient.onThread { () -> [String] in
                guard let connection = try? LoopbackHTTPConnection(port: port) else { return [] }
                return (0..<3).map { index in
                    connection.send(path: "/x/\(index)?a=b%20c", body: Array(repeating: 65, count: index))
                        .response?.text ?? "failed"
                }
            }
            #expect(texts == ["POST /x/0 q=b c 0", "POST /x/1 q=b c 1", "POST /x/2 q=b c 2"])
            #expect(server.requests().map(\.sequence) == [1, 2, 3])
        }
    }

    @Test func journalRecordsServiceKeysAndOutcomeButNoSecrets() async throws {
        try await withMockPortal { baseURL, _ in
            let client = PortalTestClient(baseURL: baseURL)
            let session = try #require(await client.login())
            _ = await client.post("/mapi/g", PortalSamples.syncEnvelope(
                session: session, records: [PortalSamples.dossier("J-1"), PortalSamples.dossier("J-2")]))
            let journal = try #require(await client.inspect("/_mock/requests"))
            let entries = try #require(journal["requests"]?.arrayValue)
            #expect(entries.count == 2)
            #expect(entries[0]["operation"] == "login" && entries[0]["outcome"] == "0")
            #expect(entries[1]["operation"] == "DongBoHoSoMC")
            #expect(entries[1]["keys"] == ["J-1", "J-2"])
            let text = JSONWriter.string(journal)
            #expect(!text.contains("mock-secret") && !text.contains(session))
        }
    }

    @Test func inspectionEndpointsAndReset() async throws {
        try await withMockPortal { baseURL, portal in
            let client = PortalTestClient(baseURL: baseURL)
            let session = try #require(await client.login())
            _ = await client.post("/mapi/g", PortalSamples.syncEnvelope(session: session, records: [PortalSamples.dossier("I-1")]))
            _ = await client.post("/mapi/g", PortalSamples.syncEnvelope(session: session, records: [PortalSamples.dossier("I-1")]))
            let counters = try #require(await client.inspect("/_mock/counters"))
            #expect(counters["services"]?["DongBoHoSoMC"]?["duplicates"] == .number("1"))
            #expect(counters["dossiers"] == .number("1"))
            let stored = try #require(await client.inspect("/_mock/dossiers/I-1"))
            #expect(stored["MaHoSo"] == "I-1" && stored["TienDoXuLy"] == .array([]))
            let missing = await LoopbackHTTPClient.send(port: client.port, method: "GET", path: "/_mock/dossiers/none")
            #expect(missing.response?.status == 404)

            let reset = await LoopbackHTTPClient.send(port: client.port, method: "POST", path: "/_mock/reset")
            #expect(reset.response?.status == 200)
            #expect(portal.snapshot().dossierCount == 0 && portal.counters.isEmpty)
            #expect(await client.inspect("/_mock/requests")?["requests"] == .array([]))
            #expect(await client.call("LayDanhSachTTHC", session: session).errorCode == "-1", "sessions are reset too")
        }
    }

    @Test func shippedOutageScenarioRecovers() async throws {
        let scenario = try Scenario.load(from: RepoPaths.mock.appendingPathComponent("scenarios/outage-then-recovery.json"))
        try await withMockPortal(scenario: scenario) { baseURL, _ in
            let client = PortalTestClient(baseURL: baseURL)
            let session = try #require(await client.login())
            var statuses: [Int?] = []
            for _ in 2...14 { statuses.append(await client.call("LayDanhSachTTHC", session: session).response?.status) }
            #expect(statuses == [200] + Array(repeating: 503, count: 5) + Array(repeating: 504, count: 5) + [200, 200])
        }
    }

    @Test func shutdownEndsHungConnections() async throws {
        let scenario = Scenario(name: "t", rules: [FaultRule(path: "/slow", fault: FaultSpec(kind: .hang, ms: 600_000))])
        let server = try await MockHTTPServer.start(service: EchoService(), port: 0, scenario: scenario)
        let port = server.port
        // Generous: on a loaded machine the shutdown itself can take seconds; a hang that the shutdown does not end
        // lasts ten minutes, so only the shutdown can close the connection within this wait.
        async let outcome = LoopbackHTTPClient.send(port: port, path: "/slow", timeout: .seconds(90))
        // Wait until the server holds the request (the journal records a hang when it starts).
        for _ in 0..<500 where server.requests().isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        #expect(server.requests().map(\.faults) == [["hang"]])
        try await server.shutdown()
        // Only a connection closed by the shutdown gives this outcome.
        let ended = await outcome
        #expect(ended == .closedWithoutResponse, "\(ended)")
        #expect(await LoopbackHTTPClient.send(port: port, path: "/x") == .closedWithoutResponse)
    }
}
