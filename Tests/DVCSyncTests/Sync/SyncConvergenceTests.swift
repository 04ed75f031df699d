import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

extension SyncReliabilityTests {
    /// Full and incremental syncs against the mocks end with the portal holding exactly the source.
    @Suite struct SyncConvergenceTests {
        @Test(arguments: [ProvinceSourceMode.stock, .extended])
        func fullSyncPutsEverySourceDossierOnThePortal(mode: ProvinceSourceMode) async throws {
            try await withGatewayHarness(dossiers: 60, mode: mode) { harness in
                let fixture = try SyncFixture(harness, mode: mode, extra: ["push.batchSize": "7"])
                defer { fixture.gateway.shutdown() }
                let passes = try await fixture.runUntilDrained(maxPasses: 1)
                #expect(passes.count == 1)
                #expect(try fixture.expectPortalEqualsSource() == 60)
                #expect(fixture.portal.snapshot().stepCount > 60)
                #expect(try fixture.ledger.quarantined().isEmpty)
            }
        }

        @Test(arguments: [ProvinceSourceMode.stock, .extended])
        func incrementalSyncPushesOnlyWhatChanged(mode: ProvinceSourceMode) async throws {
            try await withGatewayHarness(dossiers: 60, mode: mode) { harness in
                let fixture = try SyncFixture(harness, mode: mode, extra: ["push.batchSize": "9"])
                defer { fixture.gateway.shutdown() }
                try await fixture.runUntilDrained(maxPasses: 1)
                let stepsBefore = fixture.portal.snapshot().stepCount
                let mark = fixture.lastSequence

                let province = harness.mocks.province
                // Three simulated days at a time until something happens (a small province is quiet).
                var advance = fixture.advance(bySeconds: 3 * 86_400)
                for _ in 0..<20 where advance.changed + advance.arrived < 3 {
                    let next = fixture.advance(bySeconds: 3 * 86_400)
                    advance.to = next.to
                    advance.arrived += next.arrived
                }
                let touched = Self.touched(province, from: advance.from, to: advance.to)
                #expect(touched.count >= 3)

                let second = try await fixture.runUntilDrained(maxPasses: 1)
                let dossiersPushed = fixture.acceptedKeys("DongBoHoSoMC", after: mark)
                let stepsPushed = fixture.acceptedKeys("CapNhatTienDoHoSoMC", after: mark)
                #expect(!dossiersPushed.isEmpty && !stepsPushed.isEmpty)
                let untouched = Set(dossiersPushed).subtracting(touched)
                #expect(untouched.isEmpty, "unchanged dossiers pushed: \(untouched.prefix(5))")
                #expect(Set(stepsPushed).isSubset(of: touched))
                #expect(dossiersPushed.count == Set(dossiersPushed).count, "a dossier was pushed twice")
                #expect(second[0].push.delivered == dossiersPushed.count + stepsPushed.count)
                #expect(fixture.portal.snapshot().stepCount <= stepsBefore + stepsPushed.count)
                #expect(try fixture.expectPortalEqualsSource() == 60 + advance.arrived)

                let mark2 = fixture.lastSequence
                let third = try await fixture.gateway.engine.run(streams: [.dossiers, .steps])
                #expect(third.push.requests == 0)
                #expect(third.enqueued.values.reduce(0, +) == 0)
                #expect(fixture.acceptedKeys("DongBoHoSoMC", after: mark2).isEmpty)
                #expect(fixture.acceptedKeys("CapNhatTienDoHoSoMC", after: mark2).isEmpty)
            }
        }

        @Test func unchangedSourcePushesNothing() async throws {
            try await withGatewayHarness(dossiers: 40) { harness in
                let fixture = try SyncFixture(harness)
                defer { fixture.gateway.shutdown() }
                try await fixture.runUntilDrained(maxPasses: 1)
                let before = fixture.portal.snapshot()
                let mark = fixture.lastSequence
                for _ in 0..<2 {
                    let again = try await fixture.gateway.engine.run(streams: [.dossiers, .steps])
                    #expect(again.push.requests == 0)
                    #expect(again.changed.values.reduce(0, +) == 0)
                }
                let pushes = harness.mocks.portalServer.requests().filter {
                    $0.sequence > mark && ["DongBoHoSoMC", "CapNhatTienDoHoSoMC"].contains($0.operation ?? "")
                }
                #expect(pushes.isEmpty)
                #expect(fixture.portal.snapshot() == before)
                try fixture.expectPortalEqualsSource()
            }
        }

        /// Dossier numbers with an event in (from, to], plus those submitted in it.
        static func touched(_ province: MockProvince, from: Int64, to: Int64) -> Set<String> {
            let low = ProvinceDossier.instant(from), high = ProvinceDossier.instant(to)
            var numbers = Set<String>()
            for dossier in province.snapshot().dossiers {
                let events = [dossier.submit, dossier.receive, dossier.supplementRequest, dossier.supplementReturn,
                              dossier.processStart, dossier.payRequest, dossier.payDone, dossier.release,
                              dossier.finish]
                if events.contains(where: { $0 != 0 && $0 > low && $0 <= high }) {
                    numbers.insert(province.dossierNo(of: dossier))
                }
            }
            return numbers
        }
    }
}
