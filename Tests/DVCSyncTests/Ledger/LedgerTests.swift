import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

@Suite struct LedgerTests {
    static let allMigrations = ["2026-11-01-initial", "2026-11-25-outbox-order", "2026-11-26-outbox-by-record",
                                 "2026-12-08-outbox-leases"]

    @Test func migratesEmptyDatabaseAndReopensExisting() throws {
        let temp = try TemporaryLedger()
        defer { temp.remove() }
        #expect(try temp.ledger.appliedMigrations() == Self.allMigrations)
        try temp.ledger.applyPage(stream: "dossiers", mappingVersion: "m1", changes: [.make("A")], cursor: "c1")
        let reopened = try Ledger(path: temp.path)
        #expect(try reopened.appliedMigrations() == Self.allMigrations)
        #expect(try reopened.cursor(stream: "dossiers") == "c1")
        #expect(try reopened.integrityCheck() == ["ok"])
    }

    @Test func newFilesAreNotWorldReadable() throws {
        let temp = try TemporaryLedger()
        defer { temp.remove() }
        let mode = try FileManager.default.attributesOfItem(atPath: temp.path)[.posixPermissions] as? Int
        #expect(mode.map { $0 & 0o077 } == 0)
    }

    @Test func unchangedRecordsAreNotEnqueuedAgain() throws {
        let temp = try TemporaryLedger()
        defer { temp.remove() }
        let first = try temp.ledger.applyPage(stream: "dossiers", mappingVersion: "m1", changes: [.make("A"), .make("B")])
        #expect(first.enqueued == 2)
        let items = try temp.ledger.lease(stream: "dossiers", limit: 10)
        try temp.ledger.markDelivered(items)
        let second = try temp.ledger.applyPage(stream: "dossiers", mappingVersion: "m1",
                                               changes: [.make("A"), .make("B", version: 2)])
        #expect(second.unchanged == 1)
        #expect(second.enqueued == 1)
        #expect(try temp.ledger.pendingKeys(stream: "dossiers") == ["B"])
    }

    @Test func mappingChangeWithSameOutputPushesNothing() throws {
        let temp = try TemporaryLedger()
        defer { temp.remove() }
        try temp.ledger.applyPage(stream: "dossiers", mappingVersion: "m1", changes: [.make("A")])
        try temp.ledger.markDelivered(try temp.ledger.lease(stream: "dossiers", limit: 10))
        let result = try temp.ledger.applyPage(stream: "dossiers", mappingVersion: "m2", changes: [.make("A")])
        #expect(result.changed == 1)
        #expect(result.enqueued == 0)
        #expect(try temp.ledger.outboxDepth() == 0)
    }

    @Test func newerVersionWaitsForTheOneInFlight() throws {
        let temp = try TemporaryLedger()
        defer { temp.remove() }
        try temp.ledger.applyPage(stream: "dossiers", mappingVersion: "m1", changes: [.make("A")])
        let inFlight = try temp.ledger.lease(stream: "dossiers", limit: 10)
        try temp.ledger.applyPage(stream: "dossiers", mappingVersion: "m1", changes: [.make("A", version: 2)])
        #expect(try temp.ledger.lease(stream: "dossiers", limit: 10).isEmpty)
        try temp.ledger.markDelivered(inFlight)
        let next = try temp.ledger.lease(stream: "dossiers", limit: 10)
        #expect(next.count == 1)
        #expect(next.first?.remoteHash == inFlight.first?.mappedHash)
        #expect(next.first?.mappedHash == RecordChange.make("A", version: 2).mappedHash)
    }

    @Test func stepsWaitForTheirDossier() throws {
        let temp = try TemporaryLedger()
        defer { temp.remove() }
        try temp.ledger.applyPage(stream: "dossiers", mappingVersion: "m1", changes: [.make("D1")])
        try temp.ledger.applyPage(stream: "steps", mappingVersion: "m1", changes: [
            .make("D1#1", orderKey: "D1", sequence: 1), .make("D1#2", orderKey: "D1", sequence: 2),
        ])
        #expect(try temp.ledger.lease(stream: "steps", limit: 10, parentStream: "dossiers").isEmpty)
        try temp.ledger.markDelivered(try temp.ledger.lease(stream: "dossiers", limit: 10))
        let steps = try temp.ledger.lease(stream: "steps", limit: 10, parentStream: "dossiers")
        #expect(steps.map(\.sourceKey) == ["D1#1", "D1#2"])
    }

    @Test func crashLeasesBecomeAmbiguousAndDeadLettersRequeue() throws {
        let temp = try TemporaryLedger()
        defer { temp.remove() }
        try temp.ledger.applyPage(stream: "dossiers", mappingVersion: "m1", changes: [.make("A"), .make("B")])
        let leased = try temp.ledger.lease(stream: "dossiers", limit: 10)
        #expect(leased.allSatisfy { !$0.mayHaveLanded })
        #expect(try temp.ledger.releaseLeases() == 2)
        let again = try temp.ledger.lease(stream: "dossiers", limit: 10)
        #expect(again.allSatisfy { $0.mayHaveLanded })
        try temp.ledger.deadLetter(again[0], errorCode: "portal.refused", reason: "MaTTHC không tồn tại")
        #expect(try temp.ledger.deadLetters().map(\.reason) == ["MaTTHC không tồn tại"])
        #expect(try temp.ledger.requeueDeadLetters().requeued == 1)
        #expect(try temp.ledger.deadLetters().isEmpty)
        #expect(try temp.ledger.pendingKeys(stream: "dossiers") == ["A", "B"])
    }

    @Test func runsLeftRunningAreAbandonedOnStart() throws {
        let temp = try TemporaryLedger()
        defer { temp.remove() }
        let run = try temp.ledger.startRun(kind: "sync", streams: ["dossiers"], mappingVersion: "m1")
        #expect(try temp.ledger.abandonStaleRuns() == 1)
        #expect(try temp.ledger.runs().first { $0.id == run }?.status == "abandoned")
    }

    @Test func quarantineIsClearedWhenTheRecordMapsAgain() throws {
        let temp = try TemporaryLedger()
        defer { temp.remove() }
        let bad = QuarantineEntry(stream: "dossiers", sourceKey: "A", field: "NgayTiepNhan",
                                  errorCode: "mapping.date", message: "31/02/2023 is not a date")
        let page = try temp.ledger.applyPage(stream: "dossiers", mappingVersion: "m1", changes: [.make("B")],
                                             quarantined: [bad])
        #expect(page.quarantined == 1 && page.enqueued == 1)
        #expect(try temp.ledger.quarantined().map(\.field) == ["NgayTiepNhan"])
        try temp.ledger.applyPage(stream: "dossiers", mappingVersion: "m1", changes: [.make("A")])
        #expect(try temp.ledger.quarantined().isEmpty)
    }
}
