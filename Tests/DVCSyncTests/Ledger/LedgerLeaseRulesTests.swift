import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// The outbox rules that keep a record from being sent twice at once, out of order, or in an outdated version:
/// leases held until settled, steps in time order, a version that returns to what the portal held while another is
/// on its way, and dead letters superseded by a newer version.
@Suite struct LedgerLeaseRulesTests {
    /// A ledger whose dossier D is on the portal, with the clock it runs on.
    func deliveredDossier() throws -> (temp: TemporaryLedger, clock: ManualClock) {
        let clock = ManualClock()
        let temp = try TemporaryLedger(clock: clock)
        try temp.ledger.applyPage(stream: "dossiers", mappingVersion: "m1", changes: [.make("D")])
        try temp.ledger.markDelivered(try temp.ledger.lease(stream: "dossiers", limit: 10))
        return (temp, clock)
    }

    func leaseSteps(_ ledger: Ledger, limit: Int = 10) throws -> [String] {
        try ledger.lease(stream: "steps", limit: limit, parentStream: "dossiers").map(\.sourceKey)
    }

    @Test func aLeaseIsNeverTakenOverWhileItsWorkerHoldsIt() throws {
        let clock = ManualClock()
        let temp = try TemporaryLedger(clock: clock)
        defer { temp.remove() }
        try temp.ledger.applyPage(stream: "dossiers", mappingVersion: "m1", changes: [.make("A"), .make("B")])
        let first = try temp.ledger.lease(stream: "dossiers", limit: 10, leaseMilliseconds: 1000)
        #expect(first.map(\.sourceKey) == ["A", "B"])
        clock.advance(by: .seconds(3600))
        #expect(try temp.ledger.lease(stream: "dossiers", limit: 10, leaseMilliseconds: 1000).isEmpty,
                "an hour past the expected time, the batch is still its worker's")
        #expect(try temp.ledger.outboxDepth(stream: "dossiers") == 2)
    }

    @Test func aWorkerGivesBackOnlyTheRowsItStillHolds() throws {
        let clock = ManualClock()
        let temp = try TemporaryLedger(clock: clock)
        defer { temp.remove() }
        try temp.ledger.applyPage(stream: "dossiers", mappingVersion: "m1",
                                  changes: [.make("A"), .make("B"), .make("C")])
        let held = try temp.ledger.lease(stream: "dossiers", limit: 10)
        let a = try #require(held.first { $0.sourceKey == "A" }), b = try #require(held.first { $0.sourceKey == "B" })
        try temp.ledger.markDelivered([a])
        // B is put back and leased again by another worker at the same instant (the clock stands still).
        try temp.ledger.reschedule([b], notBefore: 0, errorCode: "transport.connect", message: "refused",
                                   mayHaveLanded: false)
        let other = try temp.ledger.lease(stream: "dossiers", limit: 10)
        #expect(other.map(\.sourceKey) == ["B"])
        #expect(other[0].leaseId != b.leaseId, "each lease is told apart even when the clock stands still")

        #expect(try temp.ledger.releaseLeases(held) == 1, "only C: A is delivered, B belongs to the other lease")
        let waiting = try temp.ledger.waitingRecords()
        #expect(waiting.first { $0.sourceKey == "B" }?.state == "leased")
        let c = try #require(try temp.ledger.lease(stream: "dossiers", limit: 10).first)
        #expect(c.sourceKey == "C")
        #expect(c.mayHaveLanded, "a row given back may have been sent: it is looked up first")
    }

    @Test func stepsOfADossierGoOutInTimeOrderWhateverTheQueueOrder() throws {
        let (temp, _) = try deliveredDossier()
        defer { temp.remove() }
        // D#1 queued after D#2, as an earlier step queued again after its content changed would be; D#3 last.
        try temp.ledger.applyPage(stream: "steps", mappingVersion: "m1", changes: [
            .make("D#2", orderKey: "D", sequence: 2), .make("D#1", orderKey: "D", sequence: 1),
            .make("D#3", orderKey: "D", sequence: 3)])
        var batches: [[String]] = []
        while true {
            let batch = try temp.ledger.lease(stream: "steps", limit: 10, parentStream: "dossiers")
            if batch.isEmpty { break }
            #expect(try leaseSteps(temp.ledger).isEmpty, "the later steps wait while a batch is in flight")
            batches.append(batch.map(\.sourceKey))
            try temp.ledger.markDelivered(batch)
        }
        #expect(batches == [["D#1"], ["D#2", "D#3"]], "D#1 alone first; then the rest in one batch, in order")
    }

    @Test func aStepPutBackHoldsBackTheLaterStepsOfItsDossierOnly() throws {
        let (temp, clock) = try deliveredDossier()
        defer { temp.remove() }
        try temp.ledger.applyPage(stream: "dossiers", mappingVersion: "m1", changes: [.make("F")])
        try temp.ledger.markDelivered(try temp.ledger.lease(stream: "dossiers", limit: 10))
        try temp.ledger.applyPage(stream: "steps", mappingVersion: "m1", changes: [
            .make("D#1", orderKey: "D", sequence: 1), .make("D#2", orderKey: "D", sequence: 2),
            .make("F#1", orderKey: "F", sequence: 5), .make("F#2", orderKey: "F", sequence: 6)])
        let first = try temp.ledger.lease(stream: "steps", limit: 1, parentStream: "dossiers")
        #expect(first.map(\.sourceKey) == ["D#1"])
        #expect(try leaseSteps(temp.ledger) == ["F#1", "F#2"], "D#2 waits while D#1 is in flight; F goes on")
        try temp.ledger.reschedule(first, notBefore: clock.now.epochMilliseconds + 60_000, errorCode: "http.status",
                                   message: "HTTP 503", mayHaveLanded: false)
        #expect(try leaseSteps(temp.ledger).isEmpty, "D#2 waits for D#1's retry")
        #expect(try temp.ledger.nextDueTime() == clock.now.epochMilliseconds + 60_000,
                "D#1's retry; F's steps are in flight, and D#2 counts only after D#1")
        clock.advance(by: .seconds(61))
        #expect(try leaseSteps(temp.ledger) == ["D#1", "D#2"], "in one batch, in time order")
    }

    /// A ledger whose record A is on the portal in version 1, with version 2 queued.
    func versionTwoOnItsWay() throws -> TemporaryLedger {
        let temp = try TemporaryLedger(clock: ManualClock())
        try temp.ledger.applyPage(stream: "dossiers", mappingVersion: "m1", changes: [.make("A", version: 1)])
        try temp.ledger.markDelivered(try temp.ledger.lease(stream: "dossiers", limit: 10))
        try temp.ledger.applyPage(stream: "dossiers", mappingVersion: "m1", changes: [.make("A", version: 2)])
        return temp
    }

    @Test func aVersionBackToWhatThePortalHeldFollowsTheOneInFlight() throws {
        let temp = try versionTwoOnItsWay()
        defer { temp.remove() }
        let inFlight = try temp.ledger.lease(stream: "dossiers", limit: 10)
        #expect(inFlight.count == 1)
        // The source goes back to version 1's content (another source edit) while version 2 is on its way.
        var back = RecordChange.make("A", version: 1)
        back.sourceHash = ContentHash.sha256Hex("src-A-back")
        try temp.ledger.applyPage(stream: "dossiers", mappingVersion: "m1", changes: [back])
        #expect(try temp.ledger.outboxDepth(stream: "dossiers") == 2, "version 1 queued behind version 2")
        try temp.ledger.markDelivered(inFlight)
        let next = try temp.ledger.lease(stream: "dossiers", limit: 10)
        #expect(next.map(\.mappedHash) == [RecordChange.make("A", version: 1).mappedHash])
        #expect(next.first?.remoteHash == RecordChange.make("A", version: 2).mappedHash, "sent as an update")
    }

    @Test func aVersionBackToWhatThePortalHeldWithNothingInFlightIsNotSent() throws {
        let temp = try versionTwoOnItsWay()
        defer { temp.remove() }
        var back = RecordChange.make("A", version: 1)
        back.sourceHash = ContentHash.sha256Hex("src-A-back")
        try temp.ledger.applyPage(stream: "dossiers", mappingVersion: "m1", changes: [back])
        #expect(try temp.ledger.outboxDepth(stream: "dossiers") == 0,
                "version 2 never left: it is replaced, and the portal already holds version 1")
    }

    @Test func aDeadLetterOfAnOlderVersionIsDroppedNotResent() throws {
        let temp = try TemporaryLedger(clock: ManualClock())
        defer { temp.remove() }
        try temp.ledger.applyPage(stream: "dossiers", mappingVersion: "m1",
                                  changes: [.make("A", version: 1), .make("B", version: 1)])
        for item in try temp.ledger.lease(stream: "dossiers", limit: 10) {
            try temp.ledger.deadLetter(item, errorCode: "portal.refused", reason: "MaTTHC không tồn tại")
        }
        // A changes and its new version reaches the portal; B does not change.
        try temp.ledger.applyPage(stream: "dossiers", mappingVersion: "m1", changes: [.make("A", version: 2)])
        try temp.ledger.markDelivered(try temp.ledger.lease(stream: "dossiers", limit: 10))

        let done = try temp.ledger.requeueDeadLetters()
        #expect(done.requeued == 1 && done.superseded == 1)
        #expect(try temp.ledger.deadLetters().isEmpty)
        let queued = try temp.ledger.lease(stream: "dossiers", limit: 10)
        #expect(queued.map(\.sourceKey) == ["B"], "A's version 1 would overwrite version 2 on the portal")
    }
}
