import DVCMock
@testable import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// Stock window scans request list pages ahead of the one being handed over. What is handed over must not depend on
/// how far ahead the scan reads: the same pages, items and cursors as a one-page-at-a-time scan, with at most the
/// predicted extra requests.
@Suite("Stock window scan: list pages ahead")
struct ListPagesAheadTests {
    @Test("predictions follow the window while its total says more pages exist, then the next window's first page")
    func predictions() throws {
        let connector = OpenCPSConnector(
            configuration: OpenCPSConfiguration(baseURL: "http://127.0.0.1:9/o/rest/v2", groupId: "1", username: "u",
                                                password: Secret("p")),
            transport: try CurlTransport())
        var ahead = ListPagesAhead(connector: connector, windows: [[], [], []], pageSize: 10, step: 9, depth: 4)
        typealias Key = ListPagesAhead.Key
        // Nothing known of window 0 yet: only the page asked for.
        #expect(ahead.predicted(from: Key(window: 0, start: 9)) == [Key(window: 0, start: 9)])
        ahead.learn(window: 0, total: 30)
        // 9..19, 18..28, 27..37 (the last that can hold item 29), then window 1 from its start.
        #expect(ahead.predicted(from: Key(window: 0, start: 9))
            == [Key(window: 0, start: 9), Key(window: 0, start: 18), Key(window: 0, start: 27), Key(window: 1, start: 0)])
        // Window 1's total is unknown: the prediction stops at its first page.
        #expect(ahead.predicted(from: Key(window: 0, start: 27)) == [Key(window: 0, start: 27), Key(window: 1, start: 0)])
        ahead.learn(window: 1, total: 5)
        ahead.learn(window: 2, total: 12)
        #expect(ahead.predicted(from: Key(window: 1, start: 0))
            == [Key(window: 1, start: 0), Key(window: 2, start: 0), Key(window: 2, start: 9)])
        // Nothing after the last window.
        #expect(ahead.predicted(from: Key(window: 2, start: 9)) == [Key(window: 2, start: 9)])
        var single = ListPagesAhead(connector: connector, windows: [[]], pageSize: 10, step: 9, depth: 1)
        single.learn(window: 0, total: 100)
        #expect(single.predicted(from: Key(window: 0, start: 0)) == [Key(window: 0, start: 0)])
    }

    @Test("the pages handed over are the same whether one or five list pages are read ahead")
    func sameOutcomeAtAnyDepth() async throws {
        try await ConformanceRig.run(.opencpsStock, .changeWhilePaging, dossiers: 60, days: 10) { rig in
            let base = ConformanceLedger()
            try await rig.scan(rig.connector(), into: base)
            // Some dossiers move on, so the window scans that follow fetch details for a few and skip the rest.
            rig.province.advance(bySeconds: 2 * 86_400)
            var outcomes: [(pages: [String], lists: Int)] = []
            for depth in [1, 5] {
                let ledger = base.copy()
                let before = rig.transport.count("list")
                let pages = Locked([String]())
                try await rig.connector({ $0.listPagesAhead = depth }).scanDossiers(
                    cursor: ledger.cursor, knownHashes: ledger.knownHashes) { page in
                    let keys = page.items.map(\.key).joined(separator: ",")
                    pages.withLock { $0.append("\(page.listed)/\(page.unchanged)/\(page.cursor ?? "-")/\(keys)") }
                    ledger.commit(page)
                }
                outcomes.append((pages.current, rig.transport.count("list") - before))
                try await rig.expectLedgerMatchesMock(ledger, "window scan reading \(depth) page(s) ahead")
            }
            let (one, five) = (outcomes[0], outcomes[1])
            #expect(one.pages.count > 6, "the scan should span several pages of every window")
            #expect(one.pages.contains { !$0.hasSuffix("/") }, "some pages should fetch details")
            #expect(five.pages == one.pages)
            print("list requests: \(one.lists) one ahead, \(five.lists) five ahead")
            // Reading ahead may request pages the scan then does not use (a window ending early), but few.
            #expect(five.lists >= one.lists && five.lists <= one.lists + 4 * 4, "\(five.lists) vs \(one.lists)")
        }
    }
}
