import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// The crash proof: real `dvcsync sync` processes on a generated province are killed with SIGKILL at many moments —
/// random ones over a run, and ones aimed at each phase (start-up, pull, after the commit before the push, push in
/// flight, push applied on the portal but not yet recorded in the ledger) — and restarted. After a last
/// uninterrupted sync every source dossier and step is on the portal in its latest version, no create was refused as
/// a duplicate, the ledger is sound and nothing is left in flight. `DVCSYNC_PROOF_SCALE=full` runs the full proof;
/// `DVCSYNC_PROOF_SEED` replays the kill moments of a run (docs/proof-crash.md).
@Suite("Crash suite") struct CrashSuite {
    @Test func sigkillAtManyMomentsLosesAndDuplicatesNothing() async throws {
        let plan = CrashPlan.from()
        print("Crash suite: scale \(plan.scale), seed \(plan.seed), \(plan.kills) kills to land")
        try await withGatewayHarness(dossiers: plan.dossiers, seed: plan.provinceSeed, badShare: 0) { harness in
            let rig = try await CrashRig.start(harness: harness, plan: plan)
            do {
                try await prove(rig)
                await rig.stop()
            } catch {
                await rig.stop()
                throw error
            }
        }
    }

    func prove(_ rig: CrashRig) async throws {
        let plan = rig.plan
        var tally = CrashTally()
        var random = SplitMix64(seed: plan.seed)
        var expected = plan.expectedRunSeconds
        var round = 0
        var ranOut = false
        // Until enough kills landed and every phase was hit at least once: on a loaded machine a kill aimed at a
        // phase can land in the next one, so rounds go on (aiming every other round at a phase still missing).
        while (tally.landed < plan.kills || !tally.missingPhases.isEmpty) && round < plan.maxRounds {
            // The province moves on regularly, and whenever a run ended by itself (it had run out of work).
            if round > 0 && (round % plan.advanceEvery == 0 || ranOut) {
                rig.harness.mocks.province.advance(bySeconds: plan.advanceDays * 86_400)
                tally.advances += 1
            }
            let target = CrashTarget.forRound(round, missing: tally.missingPhases)
            tally.tried += 1
            tally.byTarget[target, default: (0, 0)].tried += 1
            ranOut = false
            switch try await rig.round(target, random: &random, expectedSeconds: expected) {
            case .killed(let phase, let detail):
                if plan.verbose {
                    print("kill \(tally.landed + 1): aimed \(target.rawValue), landed \(phase.rawValue); \(detail)")
                }
                tally.landed += 1
                tally.byTarget[target, default: (0, 0)].landed += 1
                tally.byPhase[phase, default: 0] += 1
            case .finished(let seconds, let status, let output):
                tally.finishedFirst += 1
                ranOut = true
                expected = max(0.2, seconds)
                if status != 0 { tally.failedRuns.append(output) }
            }
            round += 1
        }

        let verdict = try await CrashVerdict.gather(rig)
        let passed = verdict.passed && tally.failedRuns.isEmpty && tally.landed >= plan.kills
            && tally.missingPhases.isEmpty
        print(tally.table(plan: plan, verdict: verdict.summary, passed: passed))

        #expect(tally.landed >= plan.kills, "only \(tally.landed) of \(plan.kills) kills landed")
        #expect(tally.missingPhases.isEmpty, "phases never hit: \(tally.missingPhases.map(\.rawValue))")
        #expect(tally.failedRuns.isEmpty, "uninterrupted runs failed: \(tally.failedRuns.prefix(2))")
        #expect(verdict.finalStatus == 0, "final sync: \(verdict.finalOutput)")
        #expect(verdict.verifyStatus == 0, "dvcsync ledger verify failed")
        #expect(verdict.integrity == ["ok"])
        #expect(verdict.outboxDepth == 0, "rows left in the outbox")
        #expect(verdict.runningRuns == 0, "runs left 'running'")
        #expect(verdict.deadLetters == 0)
        #expect(verdict.quarantined == 0)
        #expect(verdict.heldRequests == 0, "requests still held by the portal")
        #expect(verdict.duplicates == 0, "creates refused as duplicates")
        #expect(verdict.ledgerDossiers == verdict.sourceDossiers)
        #expect(verdict.portalDossiers == verdict.sourceDossiers)
        #expect(verdict.portalSteps == verdict.ledgerSteps)
        #expect(verdict.stale.isEmpty, "not in their latest version on the portal: \(verdict.stale.prefix(5))")
        #expect(verdict.discrepancies.isEmpty, "reconciliation: \(verdict.discrepancies.prefix(5))")
    }
}
