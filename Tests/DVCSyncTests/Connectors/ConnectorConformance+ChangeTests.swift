import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

extension ConnectorConformanceTests {
    /// 5. A late write: a dossier edited with a modification time older than the saved cursor, within the look-back
    /// (extended: `source.lookbackMinutes`; stock: the window scan, which re-reads open and recent dossiers).
    @Test(arguments: ConnectorKind.allCases)
    func lateWriteBehindTheCursor(kind: ConnectorKind) async throws {
        try await ConformanceRig.run(kind, .lateWrite) { rig in
            let connector = rig.connector()
            let ledger = ConformanceLedger()
            try await rig.scan(connector, into: ledger)
            let newest = rig.mockDossiers().map(\.modified).max() ?? 0
            // Written 3 minutes before the newest record the connector has seen (inside the 10-minute look-back).
            let lateAt = newest - 180
            guard let victim = rig.mockDossiers().first(where: { $0.modified < lateAt - 120 }) else {
                Issue.record("no dossier older than the late write")
                return
            }
            rig.province.advance(bySeconds: 60)
            #expect(rig.province.edit(dossierIds: [victim.id], at: lateAt) == 1)
            #expect(rig.mockDossiers().first { $0.id == victim.id }?.modified == lateAt)

            let run = try await rig.scan(connector, into: ledger)
            #expect(run.delivered.contains(victim.key), "\(kind): the late write to \(victim.key) was missed")
            try await rig.expectLedgerMatchesMock(ledger, "after a late write")
        }
    }

    /// 6. Dossiers change while a scan is paging (between two page requests: an edit on a page already read, the
    /// clock moving 3 hours so statuses change and status-filtered offsets shift, an edit on a page not yet read).
    /// Each change is picked up in this run or the next; nothing is lost.
    @Test(arguments: ConnectorKind.allCases)
    func changeWhileScanIsPaging(kind: ConnectorKind) async throws {
        try await ConformanceRig.run(kind, .changeWhilePaging) { rig in
            let connector = rig.connector()
            let ledger = ConformanceLedger()
            let province = rig.province
            let seen = Locked([String]())
            let firstRun = try await rig.scan(connector, into: ledger, between: { page in
                guard page == 2 else { return }
                let read = Set(ledger.entries.keys)
                let all = rig.mockDossiers()
                let readOne = all.first { read.contains($0.key) }
                let unread = all.last { !read.contains($0.key) }
                // The edit lands first, then the clock moves 3 hours: the rest of the scan reads modifications far
                // newer than the edit, so a cursor plus look-back alone would leave it behind.
                province.edit(dossierIds: [readOne?.id].compactMap { $0 })
                province.advance(bySeconds: 3 * 3600)
                province.edit(dossierIds: [unread?.id].compactMap { $0 })
                seen.withLock { $0 = [readOne, unread].compactMap { $0?.key } }
            })
            #expect(firstRun.pages > 2)
            #expect(seen.current.count == 2)

            // The incremental run: change again while it pages.
            let changedLater = Locked([String]())
            try await rig.scan(connector, into: ledger, between: { page in
                guard page == 1 else { return }
                let all = rig.mockDossiers()
                let picks = [all[all.count / 3], all[all.count * 2 / 3]]
                province.edit(dossierIds: picks.map(\.id))
                province.advance(bySeconds: 2 * 3600)
                changedLater.withLock { $0 = picks.map(\.key) }
            })
            try await rig.scan(connector, into: ledger)
            try await rig.expectLedgerMatchesMock(ledger, "after changes while paging")
            for key in seen.current + changedLater.current {
                let note = ledger.entries[key]?.detail["dossierNote"]?.scalarText ?? ""
                #expect(note.hasPrefix("Cập nhật"), "\(kind): the edit of \(key) was not picked up")
            }
        }
    }
}
