import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// `dvcsync sync`'s exit status tells a scheduler what is left: 3 while records wait for a retry, 2 when records
/// were refused or quarantined, 0 once everything of the pass is on the portal. (A generous total timeout: a source
/// answer slowed by the rest of a parallel test run must not turn into exit 1.)
@Suite struct SyncExitStatusTests {
    @Test func waitingRecordsExitThreeUntilDelivered() async throws {
        let down = Scenario(name: "pushes-refused", rules: [
            FaultRule(service: "DongBoHoSoMC", fault: FaultSpec(kind: .status, status: 503)),
        ])
        try await withGatewayHarness(dossiers: 8, portalScenario: down) { harness in
            let config = try harness.writeConfiguration(["transport.maxAttempts": "1", "push.backoffBase": "0.1",
                                                         "push.backoffCap": "0.1", "transport.totalTimeout": "30"])
            let first = try harness.startGateway(["sync"], configuration: config)
            #expect(await first.waitForExit(timeout: 180) == 3, "\(first.output)")
            #expect(first.output.contains("wait in the outbox"), "\(first.output)")
            #expect(first.output.contains("http.status"), "\(first.output)")
            #expect(harness.mocks.portal.snapshot().dossierCount == 0)

            harness.mocks.portalServer.setScenario(.happy)
            try await Task.sleep(for: .milliseconds(200))  // past the back-off
            let second = try harness.startGateway(["sync"], configuration: config)
            #expect(await second.waitForExit(timeout: 180) == 0, "\(second.output)")
            #expect(harness.mocks.portal.snapshot().dossierCount == 8)
        }
    }

    @Test func quarantinedRecordsExitTwo() async throws {
        try await withGatewayHarness(dossiers: 40, badShare: 0.2) { harness in
            let config = try harness.writeConfiguration(["transport.totalTimeout": "30"])
            let child = try harness.startGateway(["sync"], configuration: config)
            #expect(await child.waitForExit(timeout: 180) == 2, "\(child.output)")
            #expect(child.output.contains("dvcsync ledger failures"), "\(child.output)")
            let ledger = try Ledger(path: harness.ledgerPath)
            let failures = try ledger.quarantined().count + ledger.deadLetters().count
            #expect(failures > 0)
            #expect(try ledger.outboxDepth() == 0, "the rest of the pass went through")
        }
    }
}
