import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

extension SyncReliabilityTests {
    /// Syncs through the shipped fault scenarios converge: after enough passes the portal holds exactly the source and
    /// no dossier was created twice.
    @Suite struct FaultScenarioTests {
        /// Small batches so the scenarios' numbered requests fall inside the run.
        static let extra = ["push.batchSize": "5", "push.concurrency": "2", "transport.totalTimeout": "3"]

        @Test(arguments: ["flaky", "rate-limited", "outage-then-recovery", "ambiguous-commit"])
        func scenarioConverges(name: String) async throws {
            try await withGatewayHarness(dossiers: 40, portalScenario: try scenario(name)) { harness in
                let fixture = try SyncFixture(harness, extra: Self.extra)
                defer { fixture.gateway.shutdown() }
                let passes = try await fixture.runUntilDrained(maxPasses: 15)
                #expect(try fixture.ledger.outboxDepth() == 0, "\(passes.count) passes")
                let dead = try fixture.ledger.deadLetters()
                #expect(dead.isEmpty, "\(dead.prefix(3))")
                #expect(try fixture.expectPortalEqualsSource() == 40)
                let faults = harness.mocks.portalServer.requests().filter { !$0.faults.isEmpty }
                #expect(!faults.isEmpty, "the scenario never fired")
            }
        }

        @Test func ambiguousCommitIsSettledByLookupNotByASecondCreate() async throws {
            try await withGatewayHarness(dossiers: 40, portalScenario: try scenario("ambiguous-commit")) { harness in
                let fixture = try SyncFixture(harness, extra: Self.extra)
                defer { fixture.gateway.shutdown() }
                let passes = try await fixture.runUntilDrained(maxPasses: 15)
                let journal = harness.mocks.portalServer.requests()
                let applied = journal.filter { $0.operation == "DongBoHoSoMC" && $0.status == nil && $0.outcome == "0" }
                #expect(applied.count >= 2, "closeAfterApply requests: \(applied.count)")
                #expect(journal.contains { $0.operation == "TraCuuHoSo" })
                #expect(passes.reduce(0) { $0 + $1.push.ambiguous } >= 2)
                #expect(passes.reduce(0) { $0 + $1.push.verified } >= 1)
                #expect(harness.mocks.portal.snapshot()["DongBoHoSoMC"].duplicates == 0)
                try fixture.expectPortalEqualsSource()
            }
        }

        @Test func badRecordsAreQuarantinedWhileTheirBatchMatesArrive() async throws {
            try await withGatewayHarness(dossiers: 80, badShare: 0.1) { harness in
                let fixture = try SyncFixture(harness, extra: ["push.batchSize": "10"])
                defer { fixture.gateway.shutdown() }
                try await fixture.runUntilDrained(maxPasses: 3)
                let bad = harness.mocks.province.badRecords()
                #expect(!bad.isEmpty)
                let quarantined = try fixture.ledger.quarantined()
                let dead = try fixture.ledger.deadLetters()
                #expect(dead.isEmpty, "\(dead.prefix(3))")
                // Defects the mapping cannot repair are quarantined with the field and the reason; over-long and
                // control-character texts are truncated and cleaned, and go out like any other dossier.
                let unfixable = bad.filter { $0.defect != .overlongText && $0.defect != .controlCharacters }
                #expect(!unfixable.isEmpty)
                let byKey = Dictionary(quarantined.map { ($0.sourceKey, $0) }) { first, _ in first }
                for record in unfixable {
                    guard let entry = byKey[record.dossierNo] else {
                        Issue.record("\(record.defect.name) \(record.dossierNo) was not quarantined")
                        continue
                    }
                    #expect(entry.stream == SyncStream.dossiers.rawValue)
                    #expect(!entry.field.isEmpty && !entry.message.isEmpty && entry.errorCode.hasPrefix("mapping."),
                            "\(entry)")
                }
                #expect(Set(quarantined.map(\.sourceKey)) == Set(unfixable.map(\.dossierNo)))
                #expect(try fixture.expectPortalEqualsSource() == 80 - unfixable.count)
            }
        }
    }
}
