@testable import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// OpenCPS scans against a staged source (`StubOpenCPSSource`), where the exact list orderings between two requests
/// of one scan matter.
@Suite("OpenCPS scans: staged list orderings")
struct OpenCPSScanTests {
    /// What the engine keeps of a scan: the list hash of each dossier read (a dossier whose fetch failed is
    /// quarantined, not recorded), the saved cursor, and per scan what was handed over. As in the engine, a page
    /// is committed when the next one is handed over (or when the scan ends).
    final class Ledger: Sendable {
        struct State: Sendable {
            var hashes: [String: String] = [:]
            var cursor: String?
            var readable: [String] = []
            var failed: [String] = []
        }

        let state = Locked(State())

        var knownHashes: KnownHashes {
            { [state] keys in
                let hashes = state.current.hashes
                return Dictionary(uniqueKeysWithValues: keys.compactMap { key in hashes[key].map { (key, $0) } })
            }
        }

        /// Runs one scan, committing each page; returns the keys handed over readable and those that failed.
        @discardableResult
        func scan(_ connector: OpenCPSConnector) async throws -> (readable: [String], failed: [String]) {
            state.withLock { $0.readable = []; $0.failed = [] }
            let pending = Locked<DossierPage?>(nil)
            try await connector.scanDossiers(cursor: state.current.cursor, knownHashes: knownHashes) { [self] page in
                if let previous = pending.withLock({ $0 }) { commit(previous) }
                pending.withLock { $0 = page }
            }
            if let last = pending.current { commit(last) }
            return (state.current.readable, state.current.failed)
        }

        private func commit(_ page: DossierPage) {
            state.withLock { s in
                for item in page.items {
                    if item.failure == nil {
                        s.hashes[item.key] = item.listHash
                        s.readable.append(item.key)
                    } else {
                        s.failed.append(item.key)
                    }
                }
                if let cursor = page.cursor { s.cursor = cursor }
            }
        }
    }

    static let t = VietnamTime.midnight(year: 2027, month: 1, day: 10).addingTimeInterval(9 * 3600)

    @Test("extended: a dossier that leaves its timestamp between two pages does not shift the next one past an unread item")
    func groupShrinksAtPageBoundary() async throws {
        let source = StubOpenCPSSource()
        for id in ["B1", "B2", "B3"] { source.put(.init(id: id, modified: Self.t)) }
        source.put(.init(id: "C", modified: Self.t.addingTimeInterval(1)))
        // After the first page ([B1, B2]), B1 is modified again: the list from T is now [B2, B3, C, B1].
        source.moveAfterList(1, "B1", to: Self.t.addingTimeInterval(5))
        let ledger = Ledger()
        let run = try await ledger.scan(source.connector(mode: .extended, pageSize: 2))
        #expect(Set(run.readable) == ["NO-B1", "NO-B2", "NO-B3", "NO-C"])
        // B1 twice (before and after its change), every other dossier once.
        #expect(run.readable.sorted() == ["NO-B1", "NO-B1", "NO-B2", "NO-B3", "NO-C"])
        let cursor = ScanCursor.decode(ledger.state.current.cursor)
        #expect(cursor.id == "B1" && cursor.modified == VietnamTime.dateTime(Self.t.addingTimeInterval(5)))
    }

    @Test("extended: a timestamp group larger than a page, shrinking while it is read, is read whole and the scan ends")
    func largeGroupShrinksInside() async throws {
        let source = StubOpenCPSSource()
        for n in 1...7 { source.put(.init(id: "G\(n)", modified: Self.t)) }
        source.put(.init(id: "H", modified: Self.t.addingTimeInterval(60)))
        // Pages of 3 inside the group: after the second one, G2 (already read) is modified again.
        source.moveAfterList(2, "G2", to: Self.t.addingTimeInterval(30))
        let ledger = Ledger()
        let run = try await ledger.scan(source.connector(mode: .extended, pageSize: 3))
        #expect(run.readable.sorted() == ["NO-G1", "NO-G2", "NO-G2"] + (3...7).map { "NO-G\($0)" } + ["NO-H"])
        // No request asks for more than a page (a source may cap the page size).
        #expect(source.state.current.lists.allSatisfy { Int($0["end"] ?? "")! - Int($0["start"] ?? "")! == 3 })
        // Nothing changed since: a second scan re-reads the look-back and hands over nothing.
        #expect(try await ledger.scan(source.connector(mode: .extended, pageSize: 3)).readable.isEmpty)
    }

    @Test("extended: a source whose order of equal timestamps changes between requests does not keep the scan reading them")
    func unstableTieOrderEnds() async throws {
        let source = StubOpenCPSSource()
        for n in 1...7 { source.put(.init(id: "G\(n)", modified: Self.t)) }
        source.put(.init(id: "H", modified: Self.t.addingTimeInterval(60)))
        source.alternateTies.withLock { $0 = true }
        let ledger = Ledger()
        let run = try await ledger.scan(source.connector(mode: .extended, pageSize: 3))
        #expect(run.readable.contains("NO-H"))
        #expect(ScanCursor.decode(ledger.state.current.cursor).id == "H")
        #expect(source.state.current.lists.count < 20)
    }

    @Test("stock: a mistyped future finish date does not move the look-back windows past dossiers finishing now")
    func futureDateDoesNotMoveTheAnchor() async throws {
        let clock = ManualClock(start: Self.t)
        let day = 86_400.0
        let source = StubOpenCPSSource()
        source.put(.init(id: "TYPO", modified: Self.t.addingTimeInterval(-10 * day), status: "done",
                         receive: Self.t.addingTimeInterval(-10 * day),
                         finish: VietnamTime.midnight(year: 2099, month: 1, day: 10)))
        source.put(.init(id: "OPEN", modified: Self.t.addingTimeInterval(-5 * day), status: "processing",
                         receive: Self.t.addingTimeInterval(-40 * day)))
        let ledger = Ledger()
        let connector = source.connector(mode: .stock, pageSize: 10, clock: clock)
        #expect(try await ledger.scan(connector).readable.sorted() == ["NO-OPEN", "NO-TYPO"])
        let ceiling = Int64(clock.now.timeIntervalSince1970) + OpenCPSConnector.anchorSkewAllowance
        #expect((ScanCursor.decode(ledger.state.current.cursor).latest ?? .max) <= ceiling)
        // The open dossier, received 40 days ago, finishes a day later: only the finish window can find it.
        clock.advance(by: .seconds(day))
        source.update("OPEN") {
            $0.status = "done"
            $0.finish = clock.now
            $0.modified = clock.now
        }
        #expect(try await ledger.scan(connector).readable == ["NO-OPEN"])
    }

    @Test("stock: a cursor already anchored on a future date is brought back to the scan's clock")
    func savedFutureAnchorIsClamped() async throws {
        let clock = ManualClock(start: Self.t)
        let source = StubOpenCPSSource()
        source.put(.init(id: "DONE", modified: Self.t, status: "done", receive: Self.t.addingTimeInterval(-90 * 86_400),
                         finish: Self.t.addingTimeInterval(-3600)))
        let ledger = Ledger()
        let future = Int64(VietnamTime.midnight(year: 2099, month: 1, day: 10).timeIntervalSince1970)
        ledger.state.withLock { $0.cursor = ScanCursor(fullScanDone: true, latest: future).encoded }
        #expect(try await ledger.scan(source.connector(mode: .stock, pageSize: 10, clock: clock)).readable == ["NO-DONE"])
        let ceiling = Int64(clock.now.timeIntervalSince1970) + OpenCPSConnector.anchorSkewAllowance
        #expect((ScanCursor.decode(ledger.state.current.cursor).latest ?? .max) <= ceiling)
    }

    @Test("a dossier whose detail could not be read is fetched again by later scans, past the look-back",
          arguments: [OpenCPSConfiguration.Mode.extended, .stock])
    func failedFetchIsRetried(mode: OpenCPSConfiguration.Mode) async throws {
        let clock = ManualClock(start: Self.t.addingTimeInterval(7200))
        let source = StubOpenCPSSource()
        source.put(.init(id: "A", modified: Self.t, status: "done", receive: Self.t.addingTimeInterval(-90 * 86_400),
                         finish: Self.t.addingTimeInterval(-90 * 86_400), detailStatus: 403))
        source.put(.init(id: "C", modified: Self.t.addingTimeInterval(3600), receive: Self.t))
        let ledger = Ledger()
        let connector = source.connector(mode: mode, pageSize: 10, clock: clock)
        let first = try await ledger.scan(connector)
        #expect(first.failed == ["NO-A"] && first.readable == ["NO-C"])
        // Still refused: it stays waiting; then readable: it is handed over, once.
        #expect(try await ledger.scan(connector).failed == ["NO-A"])
        source.update("A") { $0.detailStatus = 200 }
        let third = try await ledger.scan(connector)
        #expect(third.failed.isEmpty && third.readable == ["NO-A"])
        #expect(ScanCursor.decode(ledger.state.current.cursor).refetch == nil)
        let detailsBefore = source.state.current.details.count
        #expect(try await ledger.scan(connector).readable.isEmpty)
        #expect(source.state.current.details.count == detailsBefore)
    }

    @Test("stock: an open dossier fetched again at the start of a scan is not fetched a second time when its window lists it")
    func refetchedDossierIsNotFetchedTwice() async throws {
        let source = StubOpenCPSSource()
        source.put(.init(id: "A", modified: Self.t, status: "processing", receive: Self.t, detailStatus: 403))
        let ledger = Ledger()
        let connector = source.connector(mode: .stock, pageSize: 10, clock: ManualClock(start: Self.t))
        #expect(try await ledger.scan(connector).failed == ["NO-A"])
        // Still refused: fetched once (first), listed again by the open-status window but not fetched again.
        var details = source.state.current.details.count
        #expect(try await ledger.scan(connector).failed == ["NO-A"])
        #expect(source.state.current.details.count == details + 1)
        source.update("A") { $0.detailStatus = 200 }
        details = source.state.current.details.count
        #expect(try await ledger.scan(connector).readable == ["NO-A"])
        #expect(source.state.current.details.count == details + 1)
    }
}
