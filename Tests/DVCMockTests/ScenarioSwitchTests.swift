import DVCJSON
import DVCMock
import DVCSyncTestSupport
import Foundation
import Testing

/// Switching a running server's faults: `setScenario` and `POST /_mock/scenario`.
@Suite struct ScenarioSwitchTests {
    static let outage = #"""
        {"name": "outage", "rules": [{"server": "portal", "fault": {"kind": "status", "status": 503}}]}
        """#

    @Test func scenarioPostedAtRunTimeAppliesFromTheNextRequestAndCanBeCleared() async throws {
        try await withMockPortal { baseURL, _ in
            let client = PortalTestClient(baseURL: baseURL)
            let session = try #require(await client.login())
            #expect(await client.inspect("/_mock/scenario")?["scenario"]?.scalarText == "happy")

            let on = await client.post("/_mock/scenario", try JSONParser.parse(Self.outage))
            #expect(on.response?.status == 200)
            #expect(on.json?["scenario"]?.scalarText == "outage")
            #expect(on.json?["rules"]?.scalarText == "1")
            let refused = await client.call("LayDanhSachTTHC", session: session)
            #expect(refused.response?.status == 503)
            #expect(await client.inspect("/_mock/scenario")?["scenario"]?.scalarText == "outage")

            let off = await client.post("/_mock/scenario", ["name": "happy", "rules": .array([])])
            #expect(off.response?.status == 200)
            #expect(await client.call("LayDanhSachTTHC", session: session).errorCode == "0")
        }
    }

    @Test func invalidScenarioIsRefusedAndTheActiveOneStays() async throws {
        try await withMockPortal { baseURL, _ in
            let client = PortalTestClient(baseURL: baseURL)
            _ = await client.post("/_mock/scenario", try JSONParser.parse(Self.outage))
            let bad = await client.post("/_mock/scenario", try JSONParser.parse(#"""
                {"name": "bad", "rules": [{"fault": {"kind": "status", "status": 404}}]}
                """#))
            #expect(bad.response?.status == 400)
            #expect(bad.json?["error"]?.scalarText == "mock.scenario.invalid")
            #expect(await client.inspect("/_mock/scenario")?["scenario"]?.scalarText == "outage")
        }
    }

    @Test func countedRulesCountFromTheSwitch() async throws {
        try await withMockServer(service: MockPortal()) { server in
            let client = PortalTestClient(baseURL: server.baseURL)
            let session = try #require(await client.login())
            _ = await client.call("LayDanhSachTTHC", session: session)
            server.setScenario(Scenario(name: "second", rules: [
                FaultRule(requests: "2", fault: FaultSpec(kind: .status, status: 502)),
            ]))
            #expect(server.scenario.name == "second")
            #expect(await client.call("LayDanhSachTTHC", session: session).errorCode == "0")
            #expect(await client.call("LayDanhSachTTHC", session: session).response?.status == 502)
            #expect(await client.call("LayDanhSachTTHC", session: session).errorCode == "0")
        }
    }

    @Test func journalNamesTheKeysOfARequestAFaultAnswered() async throws {
        try await withMockServer(service: MockPortal()) { server in
            let client = PortalTestClient(baseURL: server.baseURL)
            let session = try #require(await client.login())
            server.setScenario(Scenario(name: "refuse-pushes", rules: [
                FaultRule(service: "DongBoHoSoMC", fault: FaultSpec(kind: .status, status: 503)),
            ]))
            let items: [JSONValue] = [["MaHoSo": "H20.01-240101-0001"], ["MaHoSo": "H20.01-240101-0002"]]
            let outcome = await client.call("DongBoHoSoMC", session: session,
                                            parameters: ["isUpdating": "False", "data": .array(items)])
            #expect(outcome.response?.status == 503)
            let entry = try #require(server.requests().last)
            #expect(entry.operation == "DongBoHoSoMC")
            #expect(entry.keys == ["H20.01-240101-0001", "H20.01-240101-0002"])
            #expect(entry.faults == ["status"])
        }
    }
}
