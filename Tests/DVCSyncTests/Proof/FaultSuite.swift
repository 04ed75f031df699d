import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// The fault suite: the real `dvcsync daemon` against every scenario of `Mock/scenarios/`, one after another, and
/// against a portal outage longer than its retry budget. Command: `DVCSYNC_PROOF_SCALE=full swift test --filter
/// FaultSuite` (without the variable, the fast subset CI runs). See docs/proof-faults.md.
@Suite struct FaultSuite {
    /// Daemon settings: short intervals in the fast subset, production-like back-off and breaker at full scale.
    static let extra: [String: String] = ProofScale.pick(
        fast: ["daemon.dossiersEvery": "250ms", "push.batchSize": "2", "push.concurrency": "2", "source.pageSize": "100",
               "push.backoffCap": "1", "transport.totalTimeout": "3", "transport.breakerOpen": "2s",
               "transport.maxAttempts": "2"],
        full: ["daemon.dossiersEvery": "5s", "push.batchSize": "5", "push.concurrency": "2",
               "push.backoffCap": "30s", "transport.totalTimeout": "10"])
    /// Province size and generation window (the window sets how many dossiers a simulated day brings).
    static let dossiers = ProofScale.pick(fast: 40, full: 400)
    static let days = ProofScale.pick(fast: 8, full: 40)
    /// Simulated time each scenario's phase moves the province.
    static let phaseAdvance: Int64 = ProofScale.pick(fast: 86_400, full: 3 * 86_400)
    /// Longest wait for the daemon to deliver a phase's changes.
    static let settleTimeout = ProofScale.pick(fast: 60.0, full: 600.0)

    /// Every shipped scenario, by file name.
    static func scenarioNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: RepoPaths.mock.appendingPathComponent("scenarios").path)
            .filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    @Test func everyScenarioOneAfterAnotherAgainstOneDaemon() async throws {
        try await withProofRig(dossiers: Self.dossiers, days: Self.days, extra: Self.extra) { rig in
            let started = Date()
            let initial = await rig.waitUntilSettled(after: 0, timeout: Self.settleTimeout)
            try #require(initial != nil, "initial sync did not settle; output: \(rig.daemon.output)")
            var figures = ["initial sync of \(Self.dossiers) dossiers: "
                + String(format: "%.1f s", Date().timeIntervalSince(started))]
            let names = try Self.scenarioNames()
            #expect(names.count >= 8, "\(names)")
            for name in names {
                let phase = try await ScenarioPhase.run(try scenario(name), on: rig)
                figures.append(phase.figures)
                guard phase.settled else { break }
            }
            // The portal holds every source record in its latest version: a full reconciliation finds nothing.
            let checking = Date()
            let final = try await rig.reconcile().report
            let failures = final.discrepancies.filter { $0.bucket.isFailure }
            #expect(failures.isEmpty, "\(failures.prefix(5))")
            #expect(final.counts.matched == final.counts.source && final.counts.source > Self.dossiers,
                    "\(final.counts)")
            figures.append("reconciliation: \(final.counts.source) source dossiers, \(final.counts.matched) matched, "
                + "\(failures.count) failures, " + String(format: "%.1f s", Date().timeIntervalSince(checking)))
            print("FaultSuite (\(ProofScale.isFull ? "full" : "fast")):\n" + figures.joined(separator: "\n"))
            #expect(rig.daemon.isRunning, "the daemon exited: \(rig.daemon.output.suffix(2000))")
            #expect(rig.daemon.output.components(separatedBy: " started ").count == 2, "the daemon restarted")
            #expect(rig.portal.snapshot()["DongBoHoSoMC"].duplicates == 0)
        }
    }

    @Test func outageLongerThanTheRetryBudgetWaitsThenDeliversWithoutRestart() async throws {
        try await withProofRig(dossiers: 30, days: 6, extra: Self.extra) { rig in
            let initial = await rig.waitUntilSettled(after: 0, timeout: Self.settleTimeout)
            try #require(initial != nil, "initial sync did not settle; output: \(rig.daemon.output)")
            try await OutagePhase.run(on: rig)
        }
    }
}
