import DVCJSON
import DVCMock
import DVCSyncTestSupport
import Foundation
import Testing

@Suite struct FaultInjectionTests {
    static func only(_ fault: FaultSpec, service: String? = "LayDanhSachTTHC", requests: String? = nil) -> Scenario {
        Scenario(name: "test", rules: [FaultRule(service: service, requests: requests, fault: fault)])
    }

    /// Logs in (never faulted: the rules select a service) and calls `LayDanhSachTTHC` once.
    static func callList(_ scenario: Scenario, timeout: Duration = .seconds(60)) async throws -> LoopbackOutcome {
        try await withMockPortal(scenario: scenario) { baseURL, _ in
            var client = PortalTestClient(baseURL: baseURL)
            let session = try #require(await client.login())
            client.timeout = timeout
            return await client.call("LayDanhSachTTHC", session: session)
        }
    }

    @Test(arguments: [500, 502, 503, 504])
    func serverErrorsWithAndWithoutRetryAfter(_ status: Int) async throws {
        let with = try await Self.callList(Self.only(FaultSpec(kind: .status, status: status, retryAfter: 3)))
        #expect(with.response?.status == status)
        #expect(with.response?.headers["retry-after"] == "3")
        let without = try await Self.callList(Self.only(FaultSpec(kind: .status, status: status)))
        #expect(without.response?.status == status)
        #expect(without.response?.headers["retry-after"] == nil)
    }

    @Test func rateLimitedWithRetryAfter() async throws {
        let outcome = try await Self.callList(Self.only(FaultSpec(kind: .status, status: 429, retryAfter: 1)))
        #expect(outcome.response?.status == 429)
        #expect(outcome.response?.headers["retry-after"] == "1")
    }

    @Test func latencyDelaysTheAnswer() async throws {
        let start = ContinuousClock.now
        let outcome = try await Self.callList(Self.only(FaultSpec(kind: .latency, distribution: .fixed, ms: 150)))
        #expect(outcome.errorCode == "0")
        #expect(ContinuousClock.now - start >= .milliseconds(150))
    }

    @Test func hangOutlastsTheClientTimeout() async throws {
        let outcome = try await Self.callList(Self.only(FaultSpec(kind: .hang, ms: 60_000)), timeout: .milliseconds(300))
        #expect(outcome == .timedOut(received: 0))
    }

    @Test func resetBeforeAnyResponse() async throws {
        let outcome = try await Self.callList(Self.only(FaultSpec(kind: .reset)))
        #expect(outcome == .reset)
    }

    @Test func truncatedAndNonJSONBodies() async throws {
        let truncated = try await Self.callList(Self.only(FaultSpec(kind: .truncate)))
        guard case .truncated(let partial) = truncated else {
            Issue.record("expected a truncated response, got \(truncated)")
            return
        }
        #expect(partial.status == 200 && !partial.body.isEmpty)
        #expect((try? JSONParser.parse(partial.body)) == nil)

        let html = try await Self.callList(Self.only(FaultSpec(kind: .nonJSON)))
        #expect(html.response?.status == 200)
        #expect(html.response != nil && html.json == nil)
    }

    @Test func portalErrorCodeWithMessage() async throws {
        let outcome = try await Self.callList(Self.only(FaultSpec(kind: .errorCode, errorCode: "-3", message: "Lỗi hệ thống")))
        #expect(outcome.errorCode == "-3")
        #expect(outcome.message == "Lỗi hệ thống")
    }

    @Test func slowDripDeliversTheWholeBody() async throws {
        let outcome = try await Self.callList(Self.only(FaultSpec(kind: .drip, chunkBytes: 64, chunkDelayMs: 2)))
        #expect(outcome.errorCode == "0")
        #expect(outcome.json?["result"]?.arrayValue?.count == CatalogueEntry.builtIn.count)
    }

    @Test func appliedButUnansweredIsStored() async throws {
        let scenario = Self.only(FaultSpec(kind: .closeAfterApply), service: "DongBoHoSoMC")
        try await withMockPortal(scenario: scenario) { baseURL, portal in
            let client = PortalTestClient(baseURL: baseURL)
            let session = try #require(await client.login())
            let outcome = await client.post("/mapi/g", PortalSamples.syncEnvelope(session: session, records: [PortalSamples.dossier("AMB-1")]))
            #expect(outcome == .closedWithoutResponse)
            #expect(portal.dossier("AMB-1") != nil)
            let lookup = await client.call("TraCuuHoSo", session: session, parameters: ["mahoso": "AMB-1"])
            #expect(lookup.json?["result"]?.arrayValue?.count == 1)
        }
    }

    @Test func sessionExpiryEveryNRequests() async throws {
        let scenario = Scenario(name: "t", rules: [
            FaultRule(service: "LayDanhSachTTHC", every: 2, fault: FaultSpec(kind: .expireSession))
        ])
        try await withMockPortal(scenario: scenario) { baseURL, _ in
            let client = PortalTestClient(baseURL: baseURL)
            let session = try #require(await client.login())
            #expect(await client.call("LayDanhSachTTHC", session: session).errorCode == "0")
            #expect(await client.call("LayDanhSachTTHC", session: session).errorCode == "-1")
            let fresh = try #require(await client.login())
            #expect(await client.call("LayDanhSachTTHC", session: fresh).errorCode == "0")
        }
    }

    @Test func lossyPortalDropsSilentlyAndSaysWhich() async throws {
        let scenario = Self.only(FaultSpec(kind: .lossy, share: 0.3), service: "DongBoHoSoMC")
        try await withMockPortal(scenario: scenario, seed: 11) { baseURL, portal in
            let client = PortalTestClient(baseURL: baseURL)
            let session = try #require(await client.login())
            let numbers = (1...50).map { "LOSS-\($0)" }
            let outcome = await client.post("/mapi/g", PortalSamples.syncEnvelope(session: session, records: numbers.map(PortalSamples.dossier)))
            #expect(outcome.errorCode == "0")
            let dropped = portal.dropped
            #expect(!dropped.isEmpty && dropped.count < 50)
            #expect(portal.snapshot().dossierCount == 50 - dropped.count)
            #expect(dropped.allSatisfy { portal.dossier($0) == nil })
            let listed = await client.inspect("/_mock/dropped")
            #expect(listed?["dropped"]?.arrayValue?.compactMap(\.scalarText) == dropped)
            #expect(dropped == numbers.filter(MockDirectives(dropShare: 0.3, dropSeed: 11).drops))
        }
    }

    @Test func sameSeedSameFaultsOverTheWire() async throws {
        let scenario = Self.only(FaultSpec(kind: .status, status: 503), service: "LayDanhSachTTHC")
        var withProbability = scenario
        withProbability.rules[0].probability = 0.5
        func statuses() async throws -> [Int?] {
            try await withMockPortal(scenario: withProbability, seed: 99) { baseURL, _ in
                let client = PortalTestClient(baseURL: baseURL)
                let session = try #require(await client.login())
                var result: [Int?] = []
                for _ in 0..<20 { result.append(await client.call("LayDanhSachTTHC", session: session).response?.status) }
                return result
            }
        }
        let first = try await statuses()
        #expect(first == (try await statuses()))
        #expect(first.contains(503) && first.contains(200))
    }
}
