import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

extension SecuritySuite {
    /// What a hostile peer answers: every request is echoed back (headers and body, so credentials included) in the
    /// places the gateway reads messages from.
    static func echo(_ request: LoopbackRequest, status: Int) -> LoopbackReply {
        let seen = request.headers.map { "\($0.name): \($0.value)" }.joined(separator: "; ")
            + " " + String(decoding: request.body, as: UTF8.self)
        let body: JSONValue = ["error_code": "-1", "message": .string(seen), "description": .string(seen)]
        return .respond(status: status, headers: [HTTPHeader("Content-Type", "application/json")],
                        body: JSONWriter.bytes(body))
    }

    /// A gateway on canary credentials whose portal or source is `server`; the rest is the canary mocks.
    static func gateway(_ mocks: CanaryMocks, portal: String? = nil, source: String? = nil, ledger: String? = nil)
        throws -> Gateway
    {
        var values = mocks.values()
        if let ledger { values["ledger.path"] = mocks.directory.appendingPathComponent(ledger).path }
        if let portal { values["portal.adapterBase"] = portal }
        if let source { values["source.baseURL"] = source + "/o/rest/v2" }
        var settings = try GatewayConfiguration(reading: ConfigSource(values: values,
                                                                      environment: CanaryMocks.environment))
        settings.retry.policy.maxAttempts = 2
        settings.retry.policy.baseDelay = .milliseconds(10)
        return try Gateway(configuration: settings)
    }

    /// Error paths against peers that echo our credentials back (a portal answering 500, 200 with a refusal, or a
    /// refused login; a source answering 500, 401 or 403): no canary in the errors thrown, the run messages, the
    /// dead letters or the ledger file bytes.
    @Test func errorPathsNeverCarryACanary() async throws {
        try await withCanaryMocks(dossiers: 10, badShare: 0) { mocks in
            var haystacks: [(String, String)] = []
            for (peer, status) in [("portal", 500), ("portal", 200), ("source", 500), ("source", 401),
                                   ("source", 403)] {
                try await withLoopbackServer(handler: { Self.echo($0, status: status) }) { server in
                    // A ledger of its own per case: records a previous case left waiting (with back-off) must not
                    // keep this case from reaching its peer.
                    let gateway = try Self.gateway(mocks, portal: peer == "portal" ? server.baseURL : nil,
                                                   source: peer == "source" ? server.baseURL : nil,
                                                   ledger: "\(peer)-\(status).sqlite")
                    defer { gateway.shutdown() }
                    do {
                        let summary = try await gateway.engine.run(streams: [.dossiers, .steps])
                        haystacks.append(("\(peer) \(status) summary", "\(summary)"))
                    } catch {
                        haystacks.append(("\(peer) \(status) error", "\(error) \(String(describing: error))"))
                    }
                    #expect(server.requestCount > 0, "\(peer) \(status): \(haystacks.last ?? ("", ""))")
                    let runs = try gateway.ledger.runs()
                    haystacks.append(("\(peer) \(status) runs", runs.map { $0.message ?? "" }.joined(separator: "\n")))
                    let dead = try gateway.ledger.deadLetters()
                    haystacks.append(("\(peer) \(status) dead letters", dead.map(\.reason).joined(separator: "\n")))
                }
            }
            haystacks += mocks.files()
            // The echo really carried the canaries, so a leak would show.
            #expect(haystacks.contains { $0.0.hasPrefix("portal") && !$0.1.isEmpty })
            let found = leaks(of: CanaryMocks.canaries, in: haystacks)
            #expect(found.isEmpty, "\(found)")
        }
    }
}
