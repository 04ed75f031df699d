import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// `waitingRecords` / `waitingReasons`: the outbox rows put back after a failure, with their reason, attempts, next
/// attempt and since when they wait; rows never tried are not listed.
@Suite struct LedgerWaitingTests {
    static let start: Int64 = 1_800_000_000_000

    /// Dossiers A–D and a step of A enqueued at `start`; A and B put back (refused connection), C a second later
    /// (503, may have landed), D delivered; the step never leased.
    func prepare() throws -> (temp: TemporaryLedger, clock: ManualClock) {
        let clock = ManualClock()
        let temp = try TemporaryLedger(clock: clock)
        try temp.ledger.applyPage(stream: "dossiers", mappingVersion: "m1",
                                  changes: ["A", "B", "C", "D"].map { RecordChange.make($0) })
        try temp.ledger.applyPage(stream: "steps", mappingVersion: "m1",
                                  changes: [.make("A#1", orderKey: "A", sequence: 1)])
        let leased = try temp.ledger.lease(stream: "dossiers", limit: 10)
        func items(_ keys: Set<String>) -> [OutboxItem] { leased.filter { keys.contains($0.sourceKey) } }
        try temp.ledger.reschedule(items(["A", "B"]), notBefore: Self.start + 60_000, errorCode: "transport.connect",
                                   message: "cannot connect to 127.0.0.1:9", mayHaveLanded: false)
        clock.advance(by: .seconds(1))
        try temp.ledger.reschedule(items(["C"]), notBefore: Self.start + 30_000, errorCode: "http.status",
                                   message: "portal answered HTTP 503", mayHaveLanded: true)
        try temp.ledger.markDelivered(items(["D"]))
        return (temp, clock)
    }

    @Test func reasonsCountTheRowsOfEachStreamAndCode() throws {
        let (temp, _) = try prepare()
        defer { temp.remove() }
        #expect(try temp.ledger.outboxDepth() == 4, "A, B, C and the step wait")
        let reasons = try temp.ledger.waitingReasons()
        #expect(reasons == [
            WaitingReason(stream: "dossiers", errorCode: "transport.connect", count: 2, mayHaveLanded: 0,
                          waitingSince: Self.start, nextAttemptAt: Self.start + 60_000,
                          latestMessage: "cannot connect to 127.0.0.1:9"),
            WaitingReason(stream: "dossiers", errorCode: "http.status", count: 1, mayHaveLanded: 1,
                          waitingSince: Self.start, nextAttemptAt: Self.start + 30_000,
                          latestMessage: "portal answered HTTP 503"),
        ])
        #expect(try temp.ledger.waitingReasons(stream: "steps").isEmpty, "the step was never tried")
        #expect(try temp.ledger.waitingReasons(stream: "dossiers") == reasons)
    }

    @Test func rowsCarryAttemptsStateAndNextAttempt() throws {
        let (temp, _) = try prepare()
        defer { temp.remove() }
        let rows = try temp.ledger.waitingRecords()
        #expect(rows.map(\.sourceKey) == ["A", "B", "C"])
        #expect(rows.allSatisfy { $0.attempts == 1 && $0.enqueuedAt == Self.start && $0.leaseUntil == nil })
        #expect(rows.map(\.errorCode) == ["transport.connect", "transport.connect", "http.status"])
        #expect(rows.map(\.state) == ["pending", "pending", "ambiguous"])
        #expect(rows.map(\.mayHaveLanded) == [false, false, true])
        #expect(rows.map(\.nextAttemptAt) == [Self.start + 60_000, Self.start + 60_000, Self.start + 30_000])
        #expect(rows[2].message == "portal answered HTTP 503")
        #expect(try temp.ledger.waitingRecords(limit: 2).map(\.sourceKey) == ["A", "B"])
        #expect(try temp.ledger.waitingRecords(stream: "steps").isEmpty)
    }

    /// A row leased again shows its lease and keeps its last reason; a newer version of a waiting record replaces it
    /// and has no reason until it fails itself; a second failure with another code moves the row to that code.
    @Test func leasedAgainAndNewerVersions() throws {
        let (temp, clock) = try prepare()
        defer { temp.remove() }
        clock.advance(by: .seconds(40))
        let again = try temp.ledger.lease(stream: "dossiers", limit: 10, leaseMilliseconds: 5000)
        #expect(again.map(\.sourceKey) == ["C"], "only C is due")
        let leased = try #require(try temp.ledger.waitingRecords().first { $0.sourceKey == "C" })
        #expect(leased.state == "leased")
        #expect(leased.leaseUntil == Self.start + 41_000 + 5000)
        #expect(leased.errorCode == "http.status")
        #expect(leased.mayHaveLanded)

        try temp.ledger.applyPage(stream: "dossiers", mappingVersion: "m1", changes: [.make("A", version: 2)])
        #expect(try temp.ledger.outboxDepth(stream: "dossiers") == 3)
        #expect(try temp.ledger.waitingRecords().map(\.sourceKey) == ["B", "C"])

        try temp.ledger.reschedule(again, notBefore: Self.start + 100_000, errorCode: "transport.connect",
                                   message: "cannot connect to 127.0.0.1:9 (again)", mayHaveLanded: false)
        let reasons = try temp.ledger.waitingReasons()
        #expect(reasons.map(\.errorCode) == ["transport.connect"])
        #expect(reasons.first?.count == 2)
        #expect(reasons.first?.mayHaveLanded == 1, "C stays ambiguous")
        #expect(reasons.first?.latestMessage == "cannot connect to 127.0.0.1:9 (again)")
        #expect(try temp.ledger.waitingRecords().first { $0.sourceKey == "C" }?.attempts == 2)
    }
}
