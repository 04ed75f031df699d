import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

extension SyncReliabilityTests {
    /// A run cancelled while pushing leaves the ledger recoverable: `recover()` and one more run end with the portal
    /// holding exactly the source and no dossier created twice.
    @Suite struct InterruptedRunTests {
        enum Moment: String, CaseIterable { case firstDossiers, manyDossiers, steps }

        /// Every push is answered 120 ms late, so a run is interrupted with requests in flight that land after it;
        /// from a point past `moment` on, pushes of one service are never answered (nor applied), so the run is
        /// still pushing when the test interrupts it, however late a loaded machine lets the test get there.
        static func slowPortal(stuckAfter moment: Moment) -> Scenario {
            let (service, firstStuck) = switch moment {
            case .firstDossiers: ("DongBoHoSoMC", 4)
            case .manyDossiers: ("DongBoHoSoMC", 6)
            case .steps: ("CapNhatTienDoHoSoMC", 6)
            }
            return Scenario(name: "slow-pushes", rules: [
                FaultRule(service: "DongBoHoSoMC", fault: FaultSpec(kind: .latency, distribution: .fixed, ms: 120)),
                FaultRule(service: "CapNhatTienDoHoSoMC",
                          fault: FaultSpec(kind: .latency, distribution: .fixed, ms: 120)),
                FaultRule(service: service, requests: "\(firstStuck)-", fault: FaultSpec(kind: .hang, ms: 600_000)),
            ])
        }

        @Test(arguments: Moment.allCases)
        func cancelledRunRecoversWithoutDuplicates(at moment: Moment) async throws {
            try await withGatewayHarness(dossiers: 24, portalScenario: Self.slowPortal(stuckAfter: moment)) { harness in
                let fixture = try SyncFixture(harness, extra: ["push.batchSize": "3", "push.concurrency": "3"])
                defer { fixture.gateway.shutdown() }
                let engine = fixture.gateway.engine
                let run = Task { try await engine.run(streams: [.dossiers, .steps]) }
                let reached = try await Self.wait(until: {
                    let snapshot = fixture.portal.snapshot()
                    switch moment {
                    case .firstDossiers: return snapshot.dossierCount >= 1
                    case .manyDossiers: return snapshot.dossierCount >= 12
                    case .steps: return snapshot.stepCount >= 10
                    }
                })
                #expect(reached)
                run.cancel()
                let outcome = await run.result
                let snapshot = fixture.portal.snapshot()
                #expect(snapshot.dossierCount < 24 || snapshot.stepCount > 0)
                if case .success = outcome { Issue.record("the run finished before it was interrupted") }
                #expect(try fixture.ledger.outboxDepth() > 0)
                #expect(try fixture.ledger.runs(limit: 1).first?.status == "interrupted")

                // A restarted process comes back after the requests it left in flight have been settled by the
                // portal (here: answered 120 ms late); a lookup racing them could not see them yet. The portal
                // answers every push again (the unanswered ones were never applied).
                try await Task.sleep(for: .milliseconds(500))
                harness.mocks.portalServer.setScenario(.happy)
                let recovered = try engine.recover()
                #expect(recovered.abandonedRuns == 0)
                #expect(recovered.releasedLeases == 0, "the interrupted workers gave back their batches themselves")
                try await fixture.runUntilDrained(maxPasses: 3)
                #expect(try fixture.expectPortalEqualsSource() == 24)
                #expect(harness.mocks.portal.snapshot()["DongBoHoSoMC"].duplicates == 0)
                #expect(try fixture.ledger.deadLetters().isEmpty)
            }
        }

        @Test func leasesOfACrashedProcessAreLookedUpBeforeResending() async throws {
            try await withGatewayHarness(dossiers: 30) { harness in
                // The portal already holds everything (delivered through another ledger).
                let first = try SyncFixture(harness)
                try await first.runUntilDrained(maxPasses: 1)
                first.gateway.shutdown()
                #expect(first.portal.snapshot().dossierCount == 30)

                // A second ledger pulls while the portal is unreachable, then leases the dossiers as a process that
                // sent them and died before recording the answers would leave them.
                let path = harness.directory.appendingPathComponent("crashed.sqlite").path
                let offline = try SyncFixture(harness, extra: ["ledger.path": path,
                                                               "portal.adapterBase": "http://127.0.0.1:9"])
                _ = try await offline.gateway.engine.run(streams: [.dossiers, .steps])
                offline.clock.advance(by: .seconds(3600))
                let leased = try offline.ledger.lease(stream: SyncStream.dossiers.rawValue, limit: 1000)
                offline.gateway.shutdown()
                #expect(leased.count == 30)

                let restarted = try SyncFixture(harness, extra: ["ledger.path": path])
                defer { restarted.gateway.shutdown() }
                let mark = restarted.lastSequence
                let released = try restarted.gateway.engine.recover()
                #expect(released.releasedLeases == 30)
                let passes = try await restarted.runUntilDrained(maxPasses: 2)
                #expect(passes.reduce(0) { $0 + $1.push.verified } == 30)
                #expect(restarted.acceptedKeys("DongBoHoSoMC", after: mark).isEmpty, "a held dossier was sent again")
                #expect(restarted.portal.snapshot()["DongBoHoSoMC"].duplicates == 0)
                try restarted.expectPortalEqualsSource()
            }
        }

        static func wait(until condition: () -> Bool, seconds: Double = 30) async throws -> Bool {
            let deadline = Date().addingTimeInterval(seconds)
            while Date() < deadline {
                if condition() { return true }
                try await Task.sleep(for: .milliseconds(5))
            }
            return condition()
        }
    }
}
