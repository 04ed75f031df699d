import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// `Ledger.nextDueTime()` reports only rows that could be leased then: steps wait for their dossier.
@Suite struct LedgerDueTimeTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static var startMs: Int64 { Int64(start.timeIntervalSince1970 * 1000) }

    /// Asking for the due time between writes leaves no read open: the run's closing checkpoint still succeeds.
    @Test func dueTimeLeavesNoReadOpenForTheCheckpoint() throws {
        let temp = try TemporaryLedger(clock: ManualClock(start: Self.start))
        defer { temp.remove() }
        try temp.ledger.applyPage(stream: "dossiers", mappingVersion: "m1", changes: [.make("D1"), .make("D2")])
        #expect(try temp.ledger.nextDueTime() == Self.startMs)
        try temp.ledger.checkpoint()
        _ = try temp.ledger.sourceHashes(stream: "dossiers", keys: ["D1", "D2"])
        try temp.ledger.checkpoint()
    }

    @Test func stepsBehindABlockedDossierAreNotDue() throws {
        let clock = ManualClock(start: Self.start)
        let temp = try TemporaryLedger(clock: clock)
        defer { temp.remove() }
        #expect(try temp.ledger.nextDueTime() == nil)
        try temp.ledger.applyPage(stream: "dossiers", mappingVersion: "m1", changes: [.make("D1")])
        try temp.ledger.applyPage(stream: "steps", mappingVersion: "m1", changes: [
            .make("D1#1", orderKey: "D1", sequence: 1),
        ])
        #expect(try temp.ledger.nextDueTime() == Self.startMs)

        // The dossier fails and is put back for ten minutes: its steps cannot go before it.
        let dossier = try temp.ledger.lease(stream: "dossiers", limit: 10)
        let later = Self.startMs + 600_000
        try temp.ledger.reschedule(dossier, notBefore: later, errorCode: "http.503", message: "busy",
                                   mayHaveLanded: false)
        #expect(try temp.ledger.nextDueTime() == later)

        // Refused for good: the dossier is not on the portal, so nothing can go out.
        clock.advance(by: .seconds(600))
        let retried = try #require(try temp.ledger.lease(stream: "dossiers", limit: 10).first)
        try temp.ledger.deadLetter(retried, errorCode: "portal.refused", reason: "refused")
        #expect(try temp.ledger.outboxDepth(stream: "steps") == 1)
        #expect(try temp.ledger.nextDueTime() == nil)

        // Requeued and delivered: the step is due at its own time.
        #expect(try temp.ledger.requeueDeadLetters().requeued == 1)
        try temp.ledger.markDelivered(try temp.ledger.lease(stream: "dossiers", limit: 10))
        #expect(try temp.ledger.nextDueTime() == Self.startMs)
    }

    @Test func leasedRowsAreDueWhenTheirLeaseEnds() throws {
        let clock = ManualClock(start: Self.start)
        let temp = try TemporaryLedger(clock: clock)
        defer { temp.remove() }
        try temp.ledger.applyPage(stream: "dossiers", mappingVersion: "m1", changes: [.make("A")])
        _ = try temp.ledger.lease(stream: "dossiers", limit: 10, leaseMilliseconds: 30_000)
        #expect(try temp.ledger.nextDueTime() == Self.startMs + 30_000)
    }
}
