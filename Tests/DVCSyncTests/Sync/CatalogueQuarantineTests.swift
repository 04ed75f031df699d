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
