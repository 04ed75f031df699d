import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import PropertyBased
import Testing

/// A source that hands fixed pages to the engine, as the OpenCPS connector would after fetching details.
struct FixedPageSource: SourceConnector {
    let pages: [[SourceDossier]]
    var capabilities: SourceCapabilities { .dossiers }

    func procedures() async throws -> [JSONValue] { [] }

    func scanDossiers(cursor: String?, knownHashes: KnownHashes,
                      page: @Sendable (DossierPage) async throws -> Void) async throws {
        for (index, items) in pages.enumerated() {
            try await page(DossierPage(items: items, listed: items.count, unchanged: 0, cursor: "page-\(index)"))
        }
    }
}

extension BadInputSuite {
    /// A page of mixed good and bad generated dossiers through the real engine, a real ledger and the mock portal
    /// over loopback: the portal receives exactly the good ones, the ledger quarantines exactly the bad ones, each
    /// with a code, a field and a message.
    @Test func mixedPageYieldsExactlyTheGoodRecords() async throws {
        let catalogue = try CatalogueEntry.load(from: RepoPaths.mock.appendingPathComponent("data/procedures.json"))
        try await withMockPortal(catalogue: catalogue) { baseURL, portal in
            let transport = try CurlTransport()
            defer { transport.shutdown() }
            let settings = PortalConfiguration(adapterBase: baseURL.absoluteString, username: "000.00.00.H20",
                                               password: Secret("mock-secret"))
            await propertyCheck(count: ProofScale.count(10, full: 150), input: DossierGenerator.page(maxCount: 12)) {
                page in
                await portal.reset()
                let temporary = try TemporaryLedger()
                defer { temporary.remove() }
                let items = page.map {
                    SourceDossier(key: $0.key, listHash: ContentHash.of(.object($0.record)), detail: .object($0.record),
                                  logs: [])
                }
                let engine = SyncEngine(configuration: .init(), ledger: temporary.ledger,
                                        portal: PortalClient(configuration: settings, transport: transport),
                                        source: FixedPageSource(pages: [items]), mapper: ProofFixtures.mappings,
                                        clock: SystemClock(), random: SystemRandom())
                let summary = try await engine.run(streams: [.dossiers])
                let good = Set(page.filter(\.isGood).map(\.key))
                let bad = Set(page.filter { !$0.isGood }.map(\.key))
                #expect(try temporary.ledger.quarantinedKeys(stream: "dossiers") == bad)
                #expect(Set(page.map(\.key).filter { portal.dossier($0) != nil }) == good)
                #expect(summary.quarantined == bad.count)
                #expect(try temporary.ledger.deadLetters().isEmpty)
                for entry in try temporary.ledger.quarantined() {
                    let expected = page.first { $0.key == entry.sourceKey }?.defects[entry.field]
                    #expect(entry.errorCode == expected, "\(entry)")
                    #expect(!entry.message.isEmpty)
                }
            }
        }
    }
}
