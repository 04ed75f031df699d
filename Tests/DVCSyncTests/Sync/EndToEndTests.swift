import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

@Suite struct EndToEndTests {
    @Test func fullSyncThenIncrementalThenNothing() async throws {
        try await withGatewayHarness(dossiers: 60) { harness in
        let gateway = try harness.makeGateway()
        defer { gateway.shutdown() }
        let first = try await gateway.engine.run(streams: [.dossiers, .steps])
        let snapshot = harness.mocks.portal.snapshot()
        let quarantined = try gateway.ledger.quarantined()
        let dead = try gateway.ledger.deadLetters()
        #expect(quarantined.isEmpty, "\(quarantined.prefix(3))")
        #expect(dead.isEmpty, "\(dead.prefix(3))")
        #expect(snapshot.dossierCount == 60)
        #expect(first.outboxDepth == 0)
        #expect(snapshot.stepCount == first.enqueued[.steps])
        #expect(snapshot["DongBoHoSoMC"].duplicates == 0)

        let again = try await gateway.engine.run(streams: [.dossiers, .steps])
        #expect(again.push.requests == 0)
        #expect(again.enqueued.values.reduce(0, +) == 0)
        }
    }
}
