import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// One scenario applied to the running daemon: the portal's faults switched to it, the province moved on, the daemon
/// given (bounded) time to deliver, then checked; the portal is back to no faults afterwards.
struct ScenarioPhase {
    var settled: Bool
    /// One line of figures for the suite's table.
    var figures: String

    static func run(_ scenario: Scenario, on rig: ProofRig) async throws -> ScenarioPhase {
        let name = scenario.name
        let started = Date()
        let mark = rig.lastSequence
        let pushingBefore = await rig.pushingPassesNow()
        let droppedBefore = Set(rig.portal.dropped)
        rig.portalServer.setScenario(scenario)
        let (arrived, changed, expectedDrop) = advance(rig, for: scenario)
        // Counted after the province moved: of the two passes `waitUntilSettled` waits for, the second then starts
        // after the move even when this process was held up between the scrape and the move (a pass that was
        // already listing pages before the move would otherwise count as one that saw it).
        let passesBefore = await rig.passesNow()
        let settled = await rig.waitUntilSettled(after: passesBefore, timeout: FaultSuite.settleTimeout)
        let journal = rig.journal(after: mark)
        rig.portalServer.setScenario(.happy)
        #expect(rig.daemon.isRunning, "\(name): the daemon exited: \(rig.daemon.output.suffix(2000))")
        guard let settled else {
            Issue.record("\(name): not delivered within \(FaultSuite.settleTimeout) s")
            return ScenarioPhase(settled: false, figures: "\(name): did not settle")
        }
        let seconds = Date().timeIntervalSince(started)
        let checking = Date()
        let passes = ProofRig.pushingPasses(settled) - pushingBefore
        let faulted = journal.filter { !$0.faults.isEmpty }.count
        if !scenario.rules.isEmpty { #expect(faulted > 0, "\(name): the scenario never fired") }

        let bound = AttemptBound.perRecord(try rig.configuration, passes: passes)
        let attempts = AttemptBound.dossierAttempts(journal)
        for (key, count) in attempts where count > bound {
            Issue.record("\(name): dossier \(key) was sent \(count) times; the policy allows \(bound)")
        }
        #expect(!attempts.isEmpty, "\(name): no dossier was pushed in the phase")

        let dropped = Set(rig.portal.dropped).subtracting(droppedBefore)
        if scenario.rules.contains(where: { $0.fault.kind == .lossy }) {
            #expect(expectedDrop != nil, "\(name): the province brought no dossier the portal drops")
        }
        if let expectedDrop { #expect(dropped.contains(expectedDrop), "\(name): \(expectedDrop) was not dropped") }
        if dropped.isEmpty {
            try rig.expectDelivered(Set(attempts.keys), phase: name)
        } else {
            // The portal acknowledged these and threw them away: the daemon cannot see it, a reconciliation must
            // find exactly them, and its repair must bring them to the portal.
            let reconciliation = try await rig.reconcile(repair: true)
            let failures = reconciliation.report.discrepancies.filter { $0.bucket.isFailure }
            #expect(Set(failures.map(\.maHoSo)) == dropped, "\(name): \(failures.map { ($0.maHoSo, $0.bucket) })")
            let before = await rig.passesNow()
            let repaired = await rig.waitUntilSettled(after: before, timeout: FaultSuite.settleTimeout)
            #expect(repaired != nil, "\(name): the repair was not delivered")
            try rig.expectDelivered(Set(attempts.keys), phase: name + " after repair")
        }
        let worst = attempts.values.max() ?? 0
        let checked = Date().timeIntervalSince(checking)
        let figures = "\(name): +\(arrived) new, \(changed) changed; \(passes.formatted()) passes, "
            + "\(journal.count) portal requests (\(faulted) faulted), max \(worst) sends per dossier "
            + "(bound \(bound)), \(dropped.count) dropped; delivered in \(String(format: "%.1f", seconds)) s, "
            + "checked in \(String(format: "%.1f", checked)) s"
        return ScenarioPhase(settled: true, figures: figures)
    }

    /// Moves the province one phase on. For a lossy scenario it keeps moving a day at a time until a new dossier is
    /// one the portal will drop (a pure function of the seed and `MaHoSo`), returned so the phase can check it.
    static func advance(_ rig: ProofRig, for scenario: Scenario) -> (Int, Int, String?) {
        let moved = rig.province.advance(bySeconds: FaultSuite.phaseAdvance)
        var arrived = moved.arrived
        var changed = moved.changed
        guard let lossy = scenario.rules.first(where: { $0.fault.kind == .lossy }) else { return (arrived, changed, nil) }
        let directives = MockDirectives(dropShare: lossy.fault.share ?? 0,
                                        dropSeed: rig.portalServer.configuration.seed ?? scenario.seed ?? 1)
        var seen = rig.province.snapshot().dossiers.count - arrived
        for _ in 0..<200 {
            let dossiers = rig.province.snapshot().dossiers
            let fresh = dossiers[seen...].map { rig.province.dossierNo(of: $0) }
            if let key = fresh.first(where: directives.drops) { return (arrived, changed, key) }
            seen = dossiers.count
            let more = rig.province.advance(bySeconds: 86_400)
            arrived += more.arrived
            changed += more.changed
        }
        return (arrived, changed, nil)
    }
}

/// How often the configured policy lets one dossier go out.
enum AttemptBound {
    /// The most requests that may carry one dossier while the daemon ran `passes` passes. A record goes out in at
    /// most one push call per pass (once put back it waits for its back-off, and a pass ends when nothing is due),
    /// plus the pass in progress; a call sends it at most `2 + ⌈log₂ push.batchSize⌉` times (the batch, the halves
    /// that isolate a refused record, one resend after "đã tồn tại" or after an ambiguous answer was looked up);
    /// each send makes at most `transport.maxAttempts` HTTP attempts.
    static func perRecord(_ configuration: GatewayConfiguration, passes: Double) -> Int {
        let batch = Double(max(1, configuration.engine.push.batchSize))
        let sendsPerCall = 2 + Int(log2(batch).rounded(.up))
        return configuration.retry.policy.maxAttempts * sendsPerCall * (Int(passes) + 1)
    }

    /// Requests per dossier number among `DongBoHoSoMC` requests (faulted ones included: the journal names their
    /// keys too).
    static func dossierAttempts(_ journal: [MockJournalEntry]) -> [String: Int] {
        var counts: [String: Int] = [:]
        for entry in journal where entry.operation == "DongBoHoSoMC" {
            for key in Set(entry.keys) { counts[key, default: 0] += 1 }
        }
        return counts
    }
}
