import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// A procedure quarantined by one publish leaves the quarantine once a later publish maps it: the quarantine is
/// keyed by the source code (`serviceCode`), the record by the national code (`MATTHC`).
@Suite struct CatalogueQuarantineTests {
    @Test func aProcedureThatMapsAgainLeavesTheQuarantine() async throws {
        try await withGatewayHarness(dossiers: 1) { harness in
            let gateway = try harness.makeGateway()
            defer { gateway.shutdown() }
            func publish(date: String) async throws -> Int {
                let decision = PublicationDecision(number: "12/QĐ-UBND", date: date, agency: "000.00.00.H20")
                _ = try await CataloguePublisher(gateway: gateway, source: gateway.source, decision: decision)
                    .publish { _, _ in }
                return try gateway.ledger.quarantinedKeys(stream: SyncStream.catalogue.rawValue).count
            }
            let procedures = try await gateway.source.procedures().count
            #expect(procedures > 0)
            // Not the mapping's dd/MM/yyyy: every procedure fails on NGAYQUYETDINH.
            #expect(try await publish(date: "1/1/2026") == procedures)
            #expect(try await publish(date: "01/01/2026") == 0)
            #expect(try gateway.ledger.streamStatus().first { $0.stream == "catalogue" }?.quarantined == 0)
        }
    }

    /// The province's connector, with the first procedure listed again with other conditions and the second listed
    /// twice as it is.
    struct RepeatingSource: SourceConnector {
        let base: any SourceConnector
        var capabilities: SourceCapabilities { base.capabilities }
        func procedures() async throws -> [JSONValue] {
            let all = try await base.procedures()
            guard var changed = all[0].objectValue else { return all }
            changed["conditionText"] = .string("Điều kiện khác của cùng thủ tục")
            return all + [.object(changed), all[1]]
        }
        func scanDossiers(cursor: String?, knownHashes: KnownHashes,
                          page: @Sendable (DossierPage) async throws -> Void) async throws {
            try await base.scanDossiers(cursor: cursor, knownHashes: knownHashes, page: page)
        }
    }

    @Test func aCodeListedTwiceWithDifferentContentIsQuarantinedAndNotSent() async throws {
        try await withGatewayHarness(dossiers: 1) { harness in
            let gateway = try harness.makeGateway()
            defer { gateway.shutdown() }
            let source = RepeatingSource(base: gateway.source)
            let all = try await gateway.source.procedures()
            func nationalCode(_ procedure: JSONValue) throws -> String {
                try #require(try gateway.mappings.mapProcedure(procedure).get()["MATTHC"]?.scalarText)
            }
            let first = try nationalCode(all[0]), second = try nationalCode(all[1])
            let decision = PublicationDecision(number: "12/QĐ-UBND", date: "01/01/2026", agency: "000.00.00.H20")
            let publisher = CataloguePublisher(gateway: gateway, source: source, decision: decision)

            let diff = try await publisher.diff()
            #expect(diff.unmappable[first]?.contains("2 times with different content") == true)
            #expect(!diff.new.contains(first))
            #expect(diff.new.filter { $0 == second }.count == 1, "an identical repeat counts once")

            let outcome = try await publisher.publish { _, _ in }
            #expect(outcome.accepted == all.count - 1)
            let quarantined = try gateway.ledger.quarantined().filter { $0.stream == SyncStream.catalogue.rawValue }
            #expect(quarantined.map(\.sourceKey) == [first])
            #expect(quarantined.first?.errorCode == "source.duplicate")
            // The portal knows the national catalogue already; what this publish sent carries its decision.
            func published(_ code: String) -> Bool {
                harness.mocks.portal.procedure(code)?.packet["SOQUYETDINH"]?.scalarText == decision.number
            }
            #expect(!published(first), "neither version reached the portal")
            #expect(published(second))

            // Once the source lists it once, it goes out and leaves the quarantine.
            _ = try await CataloguePublisher(gateway: gateway, source: gateway.source, decision: decision)
                .publish { _, _ in }
            #expect(try gateway.ledger.quarantinedKeys(stream: SyncStream.catalogue.rawValue).isEmpty)
            #expect(published(first))
        }
    }

    @Test func aMissingCatalogueFileIsNamedWithoutAFoundationError() async throws {
        let path = "/nonexistent/catalogue.csv"
        do {
            _ = try await FileCatalogueConnector(path: path).procedures()
            Issue.record("a missing file was read")
        } catch let error as SourceError {
            #expect(error.code == "source.file")
            #expect(error.message == "the catalogue file \(path) does not exist")
        }
    }
}
