import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// The conformance suite every source connector passes (docs/sync.md, "Conformance suite"): each check runs for
/// every connector kind against the mock province over loopback, or is declared not applicable by the connector's
/// capabilities. Serialized: each case runs its own mock server and libcurl thread and pages hundreds of requests,
/// and 36 of them at once would crowd out the rest of the test run.
@Suite(.serialized) struct ConnectorConformanceTests {
    /// 1. Every record the mock holds comes out exactly once: the catalogue, and dossiers with their logs.
    @Test(arguments: ConnectorKind.allCases)
    func fullEnumeration(kind: ConnectorKind) async throws {
        try await ConformanceRig.run(kind, .fullEnumeration) { rig in
            let connector = rig.connector()
            let procedures = try await connector.procedures()
            let codes = procedures.compactMap { $0["serviceCode"]?.scalarText }
            let expected = rig.province.catalog.procedures.map(\.serviceCode)
            #expect(codes.count == procedures.count, "\(kind): procedures without serviceCode")
            #expect(codes.sorted() == expected.sorted(), "\(kind): catalogue differs from the mock's")
            #expect(Set(codes).count == codes.count, "\(kind): a procedure came out twice")
            guard connector.capabilities.contains(.dossiers) else { return }

            let ledger = ConformanceLedger()
            let run = try await rig.scan(connector, into: ledger)
            #expect(run.pages > 2, "\(kind): the scan should span several pages")
            let twice = Dictionary(grouping: run.delivered, by: { $0 }).filter { $0.value.count > 1 }.keys
            #expect(twice.isEmpty, "\(kind): handed over twice in one scan: \(Array(twice.prefix(5)))")
            #expect(run.delivered.count == rig.province.snapshot().dossiers.count)
            try await rig.expectLedgerMatchesMock(ledger, "first scan")
        }
    }

    /// 2. Interrupting after any page and resuming from the saved cursor loses nothing, on the first scan and on an
    /// incremental one. Re-reads are allowed (stock windows overlap; extended re-reads from the inclusive cursor
    /// minus the look-back) but are answered from the ledger's list hashes, so no item is committed twice with the
    /// same hash.
    @Test(arguments: ConnectorKind.allCases)
    func resumeAfterAnyPage(kind: ConnectorKind) async throws {
        try await ConformanceRig.run(kind, .resume, dossiers: 20) { rig in
            let connector = rig.connector()
            let pages = try await rig.scan(connector, into: ConformanceLedger()).pages
            var base = ConformanceLedger()
            var truth = try await rig.truth()
            for k in 0..<pages {
                let ledger = ConformanceLedger()
                let first = try await rig.scan(connector, into: ledger, interruptAfter: k)
                #expect(first.interrupted, "\(kind): scan of \(pages) pages not interrupted after \(k)")
                try await rig.scan(connector, into: ledger)
                try await rig.expectLedgerMatchesMock(ledger, "first scan interrupted after page \(k)", truth: truth)
                #expect(ledger.state.current.sameHashRecommits.isEmpty, "\(kind): duplicates after page \(k)")
                base = ledger
            }

            rig.province.advance(bySeconds: 2 * 86_400)
            truth = try await rig.truth()
            let incremental = try await rig.scan(connector, into: base.copy()).pages
            #expect(incremental > 1, "\(kind): the incremental scan should span pages")
            for k in 0..<incremental {
                let ledger = base.copy()
                let first = try await rig.scan(connector, into: ledger, interruptAfter: k)
                #expect(first.interrupted)
                try await rig.scan(connector, into: ledger)
                try await rig.expectLedgerMatchesMock(ledger, "incremental scan interrupted after page \(k)",
                                                      truth: truth)
                #expect(ledger.state.current.sameHashRecommits.isEmpty, "\(kind): duplicates after page \(k)")
            }
        }
    }

    /// 3. A re-run with no change in the source yields no changed record, and (for dossiers) fetches no detail or
    /// log: only list pages are read.
    @Test(arguments: ConnectorKind.allCases)
    func idempotentRerun(kind: ConnectorKind) async throws {
        try await ConformanceRig.run(kind, .idempotentRerun) { rig in
            let connector = rig.connector()
            let first = try await connector.procedures().map(ContentHash.of)
            let second = try await connector.procedures().map(ContentHash.of)
            #expect(first == second, "\(kind): the catalogue changed between two reads")
            guard connector.capabilities.contains(.dossiers) else { return }

            let ledger = ConformanceLedger()
            try await rig.scan(connector, into: ledger)
            let details = rig.transport.count("detail"), logs = rig.transport.count("logs")
            let lists = rig.transport.count("list")
            let again = try await rig.scan(connector, into: ledger)
            #expect(again.delivered.isEmpty, "\(kind): \(again.delivered.count) unchanged dossiers handed over")
            #expect(rig.transport.count("detail") == details && rig.transport.count("logs") == logs,
                    "\(kind): details or logs fetched for unchanged dossiers")
            #expect(rig.transport.count("list") > lists, "\(kind): the re-run read no list page")
        }
    }

    /// 4. Many dossiers modified at the same second, across page boundaries (including a page holding nothing but
    /// that second): every one comes out, also when the scan is interrupted after any of those pages.
    @Test(arguments: ConnectorKind.allCases)
    func pageBoundaryInsideEqualTimestamps(kind: ConnectorKind) async throws {
        try await ConformanceRig.run(kind, .equalTimestamps, dossiers: 24) { rig in
            let connector = rig.connector()
            let base = ConformanceLedger()
            try await rig.scan(connector, into: base)
            // 2.5 pages of dossiers, all edited at the same second.
            let chosen = rig.mockDossiers().prefix(ConformanceRig.pageSize * 5 / 2 + 1)
            rig.province.advance(bySeconds: 60)
            #expect(rig.province.edit(dossierIds: chosen.map(\.id)) == chosen.count)
            let edited = Set(chosen.map(\.key))
            let same = Set(rig.mockDossiers().filter { edited.contains($0.key) }.map(\.modified))
            #expect(same.count == 1, "the edits should share one timestamp")

            let ledger = base.copy()
            let run = try await rig.scan(connector, into: ledger)
            #expect(Set(run.delivered).isSuperset(of: edited),
                    "\(kind): lost \(edited.subtracting(run.delivered).sorted().prefix(5))")
            #expect(run.delivered.count == Set(run.delivered).count, "\(kind): handed over twice")
            let truth = try await rig.truth()
            try await rig.expectLedgerMatchesMock(ledger, "equal timestamps", truth: truth)
            // Interrupted right after each page that carries part of the group (the cursor then sits inside it).
            let inside = run.pageKeys.indices.filter { !edited.isDisjoint(with: run.pageKeys[$0]) }.map { $0 + 1 }
            #expect(inside.count >= 2, "\(kind): the group should span page boundaries")
            for k in inside {
                let resumed = base.copy()
                try await rig.scan(connector, into: resumed, interruptAfter: k)
                try await rig.scan(connector, into: resumed)
                try await rig.expectLedgerMatchesMock(resumed, "equal timestamps, interrupted after page \(k)",
                                                      truth: truth)
            }
        }
    }
}
