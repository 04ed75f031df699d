import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// A portal outage longer than the daemon's whole retry budget, switched on and off while the daemon runs.
enum OutagePhase {
    /// Every portal request answered 503, no `Retry-After`.
    static func outage() throws -> Scenario {
        try Scenario.decode(Array(#"""
            {"name": "outage", "description": "The portal refuses every request.",
             "rules": [{"server": "portal", "fault": {"kind": "status", "status": 503}}]}
            """#.utf8))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// Seconds of the retry budget of `configuration`: the longest a single call keeps retrying a 503 (each retry's
    /// back-off ceiling), plus a record's longest back-off in the outbox, plus the time the circuit breaker stays
    /// open. An outage longer than this outlasts every retry mechanism.
    static func retryBudget(_ configuration: GatewayConfiguration) -> Double {
        let policy = configuration.retry.policy
        let callSpan = (0..<max(0, policy.maxAttempts - 1)).reduce(0.0) { sum, retry in
            sum + min(seconds(policy.maxDelay), seconds(policy.throttledBaseDelay) * pow(2, Double(retry)))
        }
        return callSpan + configuration.engine.push.planner.capSeconds
            + seconds(configuration.retry.breaker.openDuration)
    }

    static func run(on rig: ProofRig) async throws {
        let configuration = try rig.configuration
        let breaker = configuration.retry.breaker
        let budget = retryBudget(configuration)
        let outageSeconds = budget * 1.5 + 1
        let before = try #require(await rig.daemon.metrics())
        let mark = rig.lastSequence
        let onPortal = rig.portal.snapshot().dossierCount
        let pid = rig.daemon.pid

        rig.portalServer.setScenario(try outage())
        let moved = rig.province.advance(bySeconds: 86_400)
        try #require(moved.arrived + moved.changed > 0, "the province brought nothing new")
        let end = Date().addingTimeInterval(outageSeconds)
        while Date() < end, rig.daemon.isRunning { try await Task.sleep(for: .milliseconds(250)) }
        let during = try #require(await rig.daemon.metrics(), "no metrics during the outage")
        let journal = rig.journal(after: mark)

        // Everything waits in the outbox; nothing is given up on.
        let waiting = during.total("dvcsync_outbox_depth")
        #expect(waiting > 0, "the outage left nothing waiting")
        #expect(during.total("dvcsync_dead_letters") == 0)
        #expect(try rig.deadLetters().isEmpty)
        #expect(rig.portal.snapshot().dossierCount == onPortal)
        #expect(!journal.isEmpty && journal.allSatisfy { $0.status == 503 }, "\(journal.prefix(3))")

        // No retry storm: the breaker lets at most a window of failures (plus the calls in flight) through before it
        // opens, then only its probes once per open period.
        let openings = Int((outageSeconds / seconds(breaker.openDuration)).rounded(.up)) + 1
        let requestBound = breaker.windowSize + configuration.engine.push.concurrency
            + openings * breaker.halfOpenProbes
        #expect(journal.count <= requestBound, "\(journal.count) portal requests in \(outageSeconds) s")
        // And each waiting record was put back at most about once per pass (the back-off is honoured).
        let passes = ProofRig.pushingPasses(during) - ProofRig.pushingPasses(before)
        let putBack = during.total("dvcsync_push_retries_total") - before.total("dvcsync_push_retries_total")
        #expect(putBack > 0)
        #expect(putBack <= waiting * 2 * (passes + 1), "\(putBack) put back over \(passes) passes")

        // The outage ends: the same process delivers everything, without a restart.
        rig.portalServer.setScenario(.happy)
        let recoveryStart = Date()
        let settled = await rig.waitUntilSettled(after: ProofRig.passes(during), timeout: FaultSuite.settleTimeout)
        let recovery = Date().timeIntervalSince(recoveryStart)
        #expect(settled != nil, "not delivered after the outage; output: \(rig.daemon.output.suffix(2000))")
        let failures = try await rig.reconcile().report.discrepancies.filter { $0.bucket.isFailure }
        #expect(failures.isEmpty, "\(failures.prefix(3))")
        #expect(try rig.deadLetters().isEmpty)
        #expect(rig.daemon.isRunning && rig.daemon.pid == pid)
        #expect(rig.daemon.output.components(separatedBy: " started ").count == 2, "the daemon restarted")
        print("""
            FaultSuite outage (\(ProofScale.isFull ? "full" : "fast")): retry budget \
            \(String(format: "%.1f", budget)) s, outage \(String(format: "%.1f", outageSeconds)) s, \
            \(Int(waiting)) records waiting, \(journal.count) portal requests (bound \(requestBound)), \
            \(Int(putBack)) put back over \(Int(passes)) passes, delivered \(String(format: "%.1f", recovery)) s \
            after the end
            """)
    }
}
