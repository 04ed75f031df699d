import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// Effectively once: real `dvcsync sync` processes are killed with SIGKILL at random moments (during pull, between
/// ledger commit and push, during push, after the portal applied a batch and before the ledger recorded it) and
/// restarted; in the end the portal holds every source dossier in its latest version, with no duplicate create.
@Suite struct KillTests {
    @Test func sigkillAtRandomMomentsLosesAndDuplicatesNothing() async throws {
        let slow = try Scenario.load(from: RepoPaths.mock.appendingPathComponent("scenarios/slow-answers.json"))
        try await withGatewayHarness(dossiers: 150, seed: 5, portalScenario: slow) { harness in
            let config = try harness.writeConfiguration(["push.batchSize": "10", "push.concurrency": "2",
                                                         "source.pageSize": "40"])
            var random = SplitMix64(seed: 99)
            var killed = 0
            func pushes() -> Int {
                let snapshot = harness.mocks.portal.snapshot()
                return snapshot["DongBoHoSoMC"].requests + snapshot["CapNhatTienDoHoSoMC"].requests
            }
            var phases: [String: Int] = [:]
            // At least 14 rounds, and more until 5 kills have landed during pushes: on a loaded machine a pass can
            // push what is left before the kill comes. The province moves on every 7 rounds, so there is always
            // something left to push (bounded: 42 rounds).
            var round = 0
            while round < 14 || ((phases["push"] ?? 0) < 5 && round < 42) {
                defer { round += 1 }
                if round > 0 && round % 7 == 0 { harness.mocks.province.advance(bySeconds: 2 * 86_400) }
                let before = pushes()
                let child = try harness.startGateway(["sync"], configuration: config)
                if round % 3 == 0 {
                    // Start-up or pull.
                    try await Task.sleep(for: .microseconds(30_000 + random.below(500_000)))
                } else {
                    // Push: after 1–3 more requests reached the portal, often while an answer is still dripping
                    // (applied on the portal, not yet recorded in the ledger).
                    let target = before + 1 + random.below(3)
                    let deadline = Date().addingTimeInterval(20)
                    while pushes() < target && child.process.isRunning && Date() < deadline { try await Task.sleep(for: .milliseconds(2)) }
                    try await Task.sleep(for: .microseconds(random.below(250_000)))
                }
                if child.process.isRunning {
                    child.signal(SIGKILL)
                    killed += 1
                    phases[round % 3 == 0 ? "start/pull" : "push", default: 0] += 1
                }
                _ = await child.waitForExit()
            }
            let final = try harness.startGateway(["sync"], configuration: config)
            #expect(await final.waitForExit(timeout: 120) == 0, "final sync output: \(final.output)")
            #expect((phases["push"] ?? 0) >= 5, "too few kills landed during pushes: \(phases)")

            let ledger = try Ledger(path: harness.ledgerPath)
            #expect(try ledger.integrityCheck() == ["ok"])
            #expect(try ledger.outboxDepth() == 0)
            #expect(try ledger.deadLetters().isEmpty)
            let snapshot = harness.mocks.portal.snapshot()
            #expect(snapshot["DongBoHoSoMC"].duplicates == 0, "creates refused as duplicates")
            let source = harness.mocks.province.snapshot().dossiers.count
            let records = try ledger.recordHashes(stream: SyncStream.dossiers.rawValue)
            #expect(records.count == source)
            #expect(snapshot.dossierCount == source)
            let stale = try harness.staleOnPortal(ledger)
            #expect(stale.isEmpty, "dossiers not in their latest version on the portal: \(stale.prefix(5))")
            let steps = try ledger.recordHashes(stream: SyncStream.steps.rawValue).count
            #expect(snapshot.stepCount == steps)
        }
    }
}
