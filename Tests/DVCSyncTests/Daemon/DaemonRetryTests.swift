import DVCMock
@testable import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// Records put back after a transient failure go out when their back-off ends, in a push-only pass, instead of
/// waiting for the next scheduled pass.
@Suite struct DaemonRetryTests {
    static let start = Date(timeIntervalSince1970: 1_795_000_000)

    static func passEnd(requests: Int, rescheduled: Int = 0) -> Daemon.PassEnd {
        var summary = SyncSummary()
        summary.push.requests = requests
        summary.push.rescheduled = rescheduled
        return .finished(.success(.synced(summary)))
    }

    /// The timer picks the outbox's time when it comes before the next pass, keeps passes a gap apart, and stays
    /// quiet after a pass that found nothing to send until a scheduled pass has run.
    @Test func timerRunsBeforeTheNextPassOnly() {
        var timer = RetryTimer(enabled: true)
        let due = Self.start.addingTimeInterval(60)
        #expect(timer.next(before: due, outboxDue: nil) == nil)
        #expect(timer.next(before: due, outboxDue: Self.start.addingTimeInterval(5)) == Self.start.addingTimeInterval(5))
        #expect(timer.next(before: due, outboxDue: Self.start.addingTimeInterval(61)) == nil)

        timer.ran(end: Self.passEnd(requests: 2, rescheduled: 2), at: Self.start.addingTimeInterval(5))
        // Due again at once (a short back-off): not before the gap.
        #expect(timer.next(before: due, outboxDue: Self.start) == Self.start.addingTimeInterval(6))

        timer.ran(end: Self.passEnd(requests: 0), at: Self.start.addingTimeInterval(6))
        #expect(timer.next(before: due, outboxDue: Self.start.addingTimeInterval(7)) == nil)
        timer.rearm()
        #expect(timer.next(before: due, outboxDue: Self.start.addingTimeInterval(7)) == Self.start.addingTimeInterval(7))

        timer.ran(end: .finished(.failure(CancellationError())), at: Self.start.addingTimeInterval(8))
        #expect(timer.next(before: due, outboxDue: Self.start.addingTimeInterval(9)) == nil)

        let off = RetryTimer(enabled: false)
        #expect(off.next(before: due, outboxDue: Self.start) == nil)
    }

    /// A push-only pass whose records all went back because the portal refused the login does not run again a
    /// second later (that would try a wrong password every second); one that put records back after a 503 does.
    @Test func aRefusedLoginQuietsTheTimerUntilTheNextScheduledPass() {
        let due = Self.start.addingTimeInterval(60)
        var summary = SyncSummary()
        summary.push.requests = 3
        summary.push.rescheduled = 300
        summary.push.retriesByReason = ["portal.login": 300]
        var timer = RetryTimer(enabled: true)
        timer.ran(end: .finished(.success(.synced(summary))), at: Self.start)
        #expect(timer.next(before: due, outboxDue: Self.start.addingTimeInterval(2)) == nil)
        timer.rearm()
        #expect(timer.next(before: due, outboxDue: Self.start.addingTimeInterval(2)) == Self.start.addingTimeInterval(2))

        summary.push.retriesByReason = ["portal.login": 100, "http.503": 200]
        timer.ran(end: .finished(.success(.synced(summary))), at: Self.start.addingTimeInterval(2))
        #expect(timer.next(before: due, outboxDue: Self.start.addingTimeInterval(4)) == Self.start.addingTimeInterval(4))
    }

    /// The portal refuses every dossier push (503, one attempt each) during the hourly pass, which ends with records
    /// put back; once the portal answers again the daemon sends them within seconds, without another pull.
    @Test func recordsPutBackGoOutWithoutWaitingForThePass() async throws {
        let down = Scenario(name: "pushes-refused", rules: [
            FaultRule(service: "DongBoHoSoMC", fault: FaultSpec(kind: .status, status: 503)),
        ])
        try await withGatewayHarness(dossiers: 20, portalScenario: down) { harness in
            let gateway = try harness.makeGateway(extra: [
                "transport.maxAttempts": "1", "push.backoffBase": "0.2", "push.backoffCap": "0.5",
                "push.batchSize": "5", "transport.breakerOpen": "1", "transport.totalTimeout": "30",
            ])
            defer { gateway.shutdown() }
            var settings = Daemon.Configuration()
            settings.metricsPort = nil
            settings.dossiersEvery = 3600
            let lines = LogLines()
            let daemon = Daemon(gateway: gateway, configuration: settings,
                                log: DaemonLog(json: true, sink: { lines.append($0) }))
            let running = Task { try await daemon.run() }
            defer { daemon.requestStop() }
            try await waitUntil(timeout: 90, "the scheduled pass ends") {
                daemon.metrics.passes["dossiers"]?["succeeded"] == 1
            }
            #expect(try gateway.ledger.outboxDepth() > 0, "the pass left records waiting")
            harness.mocks.portalServer.setScenario(.happy)
            try await waitUntil(timeout: 90, "a retry pass delivers what the scheduled pass put back") {
                // The pass that delivered the last record has ended too (a stop would interrupt it).
                let retried = daemon.metrics.passes["retry"]?["succeeded"] ?? 0
                let depth = try gateway.ledger.outboxDepth()
                return retried >= 1 && depth == 0
                    && harness.mocks.province.snapshot().dossiers.count == harness.mocks.portal.snapshot().dossierCount
            }
            daemon.requestStop()
            try await running.value

            let passes = try lines.all.filter { $0.contains(#""event":"pass""#) }.map { try JSONParser.parse($0) }
            #expect(passes.filter { $0["job"] == .string("dossiers") }.count == 1, "one scheduled pass in the hour")
            #expect(passes.contains { $0["job"] == .string("retry") && $0["status"] == .string("succeeded") })
            #expect(harness.mocks.portal.snapshot()["DongBoHoSoMC"].duplicates == 0)
            let steps = try gateway.ledger.recordHashes(stream: SyncStream.steps.rawValue).count
            #expect(steps > 0 && harness.mocks.portal.snapshot().stepCount == steps)
            #expect(try harness.staleOnPortal(gateway.ledger).isEmpty)
        }
    }
}
