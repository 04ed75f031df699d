import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// The progress a publish reports counts exactly the procedures it sends: its total is what the portal receives,
/// not the outbox depth (which also holds procedures waiting for a later retry).
@Suite struct PublishProgressTests {
    static let decision = PublicationDecision(number: "12/QĐ-UBND", date: "01/01/2026", agency: "000.00.00.H20")

    /// Distinct procedure codes the mock portal received in `CapNhatThuTuc` requests.
    static func received(_ harness: GatewayHarness) -> Set<String> {
        Set(harness.mocks.portalServer.requests().filter { $0.operation == "CapNhatThuTuc" }.flatMap(\.keys))
    }

    /// Writes `procedures` as a catalogue file (a JSON array) in the harness folder.
    static func catalogueFile(_ procedures: [JSONValue], _ harness: GatewayHarness, name: String) throws -> String {
        let url = harness.directory.appendingPathComponent(name)
        try Data(JSONWriter.bytes(.array(procedures))).write(to: url)
        return url.path
    }

    @Test func theTotalIsWhatThePortalReceivesWhileEarlierProceduresWaitForTheirRetry() async throws {
        try await withGatewayHarness(dossiers: 1) { harness in
            let procedures = try await harness.makeGateway().source.procedures()
            #expect(procedures.count > 20)
            let half = procedures.count / 2
            let first = try Self.catalogueFile(Array(procedures[..<half]), harness, name: "first.json")
            let all = try Self.catalogueFile(procedures, harness, name: "all.json")

            // The first half meets a portal nobody listens on: put back for 0.9 (the injected random unit) x 600 s.
            let closed = try UnresponsiveListener(listening: false)
            let start = Int64(Date().timeIntervalSince1970 * 1000)
            do {
                let gateway = try harness.makeGateway(extra: [
                    "portal.adapterBase": "http://127.0.0.1:\(closed.port)", "transport.maxAttempts": "1",
                    "push.settleSeconds": "0", "push.backoffBase": "600", "push.backoffCap": "600",
                ], random: SeededRandom(constant: 0.9))
                defer { gateway.shutdown() }
                let outcome = try await CataloguePublisher(
                    gateway: gateway, source: FileCatalogueConnector(path: first), decision: Self.decision
                ).publish { _, _ in }
                #expect(outcome.waiting == half)
            }
            #expect(Self.received(harness).isEmpty)
            let waiting = try Ledger(path: harness.ledgerPath).waitingRecords(stream: "catalogue")
            let early = waiting.filter { $0.nextAttemptAt < start + 540_000 }
            #expect(early.isEmpty, "due before the back-off the injected random source gives: \(early.prefix(3))")
            #expect(waiting.count == half, "every procedure of the first half was tried and put back")

            // The whole catalogue on the live portal: only the second half is due.
            let gateway = try harness.makeGateway(extra: ["push.settleSeconds": "0"])
            defer { gateway.shutdown() }
            let calls = Locked<[(done: Int, total: Int)]>([])
            let outcome = try await CataloguePublisher(
                gateway: gateway, source: FileCatalogueConnector(path: all), decision: Self.decision
            ).publish { done, total in calls.withLock { $0.append((done, total)) } }
            let sent = Self.received(harness)
            let after = try Ledger(path: harness.ledgerPath).waitingRecords(stream: "catalogue")
            #expect(sent.count == procedures.count - half, "waiting before: \(waiting.prefix(2)); after: \(after.prefix(2))")
            #expect(outcome.accepted == sent.count)
            #expect(outcome.waiting == half, "the first half still waits for its back-off")
            let reported = calls.current
            #expect(!reported.isEmpty)
            #expect(reported.allSatisfy { $0.total == sent.count }, "\(reported)")
            #expect(reported.first?.done == 0)
            #expect(reported.last?.done == sent.count)
            #expect(zip(reported, reported.dropFirst()).allSatisfy { $0.done <= $1.done }, "\(reported)")
        }
    }

    /// `dvcsync publish` without a terminal prints plain progress lines whose last one is the final count.
    @Test func theCommandPrintsTheExactFinalCount() async throws {
        try await withGatewayHarness(dossiers: 1) { harness in
            let config = try harness.writeConfiguration()
            let arguments = ["publish", "--decision", "7/QĐ-UBND", "--decision-date", "02/03/2026"]
            let child = try harness.startGateway(arguments, configuration: config)
            #expect(await child.waitForExit(timeout: 180) == 0, "\(child.output)")
            let sent = Self.received(harness).count
            #expect(sent > 0)
            let lines = child.output.split(separator: "\n").filter { $0.hasPrefix("publishing: ") }
            #expect(lines.last.map(String.init) == "publishing: \(sent)/\(sent)", "\(child.output)")
            #expect(lines.allSatisfy { $0.hasSuffix("/\(sent)") }, "\(child.output)")
        }
    }

    /// Without `--agency`, `dvcsync publish` names the configured publishing agency (`publication.agency`), not a
    /// fixed one.
    @Test func theCommandPublishesUnderTheConfiguredAgency() async throws {
        try await withGatewayHarness(dossiers: 1) { harness in
            let config = try harness.writeConfiguration(["publication.agency": "000.00.31.H20"])
            let arguments = ["publish", "--decision", "7/QĐ-UBND", "--decision-date", "02/03/2026"]
            let child = try harness.startGateway(arguments, configuration: config)
            #expect(await child.waitForExit(timeout: 180) == 0, "\(child.output)")
            let sent = Self.received(harness)
            #expect(!sent.isEmpty)
            let elsewhere = sent.filter {
                harness.mocks.portal.procedure($0)?.packet["MACOQUANCONGBO"]?.scalarText != "000.00.31.H20"
            }
            #expect(elsewhere.isEmpty, "\(elsewhere.count) of \(sent.count), e.g. \(elsewhere.sorted().prefix(3))")
        }
    }
}
