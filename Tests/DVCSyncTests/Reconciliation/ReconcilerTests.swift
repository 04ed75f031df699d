import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

@Suite struct ReconcilerTests {
    /// The lossy scenario, limited to the first `DongBoHoSoMC` request so that a repair can land.
    static func lossyOnce() throws -> Scenario {
        var scenario = try Scenario.load(from: RepoPaths.mock.appendingPathComponent("scenarios/lossy-portal.json"))
        scenario.rules = scenario.rules.map { rule in
            var rule = rule
            rule.requests = "1"
            return rule
        }
        return scenario
    }

    /// Syncs everything, then pushes the portal's copy of the first dossier, changed by `edit`, as an update or a
    /// create; returns that dossier's number and the record pushed.
    static func syncAndPushPortalCopy(
        _ harness: GatewayHarness, _ gateway: Gateway, updating: Bool, edit: (inout [String: JSONValue]) -> Void
    ) async throws -> (key: String, members: [String: JSONValue]) {
        _ = try await gateway.engine.run(streams: [.dossiers, .steps])
        let key = try #require(try gateway.ledger.recordHashes(stream: SyncStream.dossiers.rawValue).first?.key)
        var members = try #require(harness.mocks.portal.dossier(key)?.objectValue)
        members["TienDoXuLy"] = nil
        edit(&members)
        _ = try await gateway.portal.call(service: "DongBoHoSoMC", fields: [
            "isUpdating": updating ? "True" : "False", "data": .array([.object(members)]),
        ])
        return (key, members)
    }

    @Test func cleanSyncReconcilesToNothing() async throws {
        try await withGatewayHarness(dossiers: 40) { harness in
            let gateway = try harness.makeGateway()
            defer { gateway.shutdown() }
            _ = try await gateway.engine.run(streams: [.dossiers, .steps])
            var settings = Reconciler.Configuration()
            settings.thresholds = ReportThresholds(maxPerBucket: 0, minSyncRate: 0.99)
            let reconciler = Reconciler(gateway: gateway, configuration: settings)
            let result = try await reconciler.reconcile()
            let report = result.report
            #expect(report.discrepancies.isEmpty, "\(report.discrepancies.prefix(3))")
            #expect(report.counts == SideCounts(source: 40, ledger: 40, portal: 40, matched: 40))
            #expect(result.repairableKeys.isEmpty)
            #expect(!report.exceedsThresholds(report.thresholds))
            #expect(report.indicators.province.syncRate.total == report.indicators.province.syncRate.count)
            #expect(try reconciler.repair(result) == RepairSummary())
            // Every source dossier was looked up once on the portal, and the report says so.
            let lookups = try #require(report.lookups)
            #expect(lookups.count == 40 && lookups.seconds >= 0 && lookups.limitPerSecond == nil)
            #expect(harness.mocks.portal.snapshot()["TraCuuHoSo"].accepted >= 40)
            #expect(TerminalReportRenderer.render(report).contains("TraCuuHoSo): 40 hồ sơ"))
            #expect(try ReportJSONCodec.decode(ReportJSONCodec.encode(report)).lookups == lookups)
        }
    }

    @Test func lossyPortalIsFoundAndRepaired() async throws {
        try await withGatewayHarness(dossiers: 100, portalScenario: try Self.lossyOnce()) { harness in
            let gateway = try harness.makeGateway(extra: ["push.batchSize": "1000"])
            defer { gateway.shutdown() }
            _ = try await gateway.engine.run(streams: [.dossiers, .steps])
            let dropped = Set(harness.mocks.portal.dropped)
            try #require(!dropped.isEmpty)

            let reconciler = Reconciler(gateway: gateway)
            let first = try await reconciler.reconcile()
            let missing = first.report.discrepancies.filter { $0.bucket == .missingOnPortal }.map(\.maHoSo)
            #expect(Set(missing) == dropped)
            #expect(missing.count == dropped.count)
            #expect(first.report.counts.portal == 100 - dropped.count)
            #expect(first.report.exceedsThresholds(first.report.thresholds))
            let failures = first.report.discrepancies.filter { $0.bucket.isFailure }
            #expect(Set(failures.map(\.maHoSo)) == dropped, "\(failures.map(\.bucket))")
            #expect(Set(first.repairableKeys) == dropped)

            let repaired = try reconciler.repair(first)
            #expect(repaired.dossiers == dropped.count)
            #expect(try gateway.ledger.pendingKeys(stream: SyncStream.dossiers.rawValue) == dropped)
            _ = try await gateway.engine.run(streams: [.dossiers, .steps])
            for key in dropped { #expect(harness.mocks.portal.dossier(key) != nil) }

            let second = try await reconciler.reconcile()
            #expect(second.report.discrepancies.isEmpty, "\(second.report.discrepancies.prefix(3))")
            #expect(second.report.counts.matched == 100)
            #expect(!second.report.exceedsThresholds(second.report.thresholds))
        }
    }

    @Test func changedPortalCopyIsAMismatchAndRepairRestoresIt() async throws {
        try await withGatewayHarness(dossiers: 30) { harness in
            let gateway = try harness.makeGateway()
            defer { gateway.shutdown() }
            let (key, _) = try await Self.syncAndPushPortalCopy(harness, gateway, updating: true) { members in
                members["ChuHoSo"] = .string("Nguyễn Văn Sửa Tay")
            }

            let reconciler = Reconciler(gateway: gateway)
            let first = try await reconciler.reconcile()
            let failures = first.report.discrepancies.filter { $0.bucket.isFailure }
            #expect(failures.map(\.bucket) == [.contentMismatch])
            #expect(failures.first?.maHoSo == key)
            #expect(failures.first?.fields.map(\.field) == ["ChuHoSo"])
            #expect(failures.first?.fields.first?.portalValue == "Nguyễn Văn Sửa Tay")
            let pushed = try #require(try gateway.ledger.lastPushTimes(stream: SyncStream.dossiers.rawValue)[key])
            #expect(failures.first?.lastPushAt == Date(timeIntervalSince1970: Double(pushed) / 1000),
                    "when the gateway's own version was accepted")

            #expect(try reconciler.repair(first).dossiers == 1)
            _ = try await reconciler.push()
            #expect(harness.mocks.portal.dossier(key)?["ChuHoSo"]?.scalarText != "Nguyễn Văn Sửa Tay")
            let second = try await reconciler.reconcile()
            #expect(second.report.discrepancies.isEmpty, "\(second.report.discrepancies.prefix(3))")
        }
    }

    /// Dossiers the portal refused with HTTP 503 wait in the outbox; their discrepancies carry the status and the
    /// error code, and no push time (the portal never accepted them).
    @Test func waitingDossiersCarryTheirLastHTTPStatus() async throws {
        let unavailable = try Scenario.decode(Array(#"""
            {"name": "push-unavailable", "seed": 3, "rules": [
              {"service": "DongBoHoSoMC", "probability": 1.0, "fault": {"kind": "status", "status": 503}}]}
            """#.utf8))
        try await withGatewayHarness(dossiers: 5, portalScenario: unavailable) { harness in
            let gateway = try harness.makeGateway(extra: ["transport.maxAttempts": "1", "push.settleSeconds": "0"])
            defer { gateway.shutdown() }
            _ = try await gateway.engine.run(streams: [.dossiers, .steps])
            let report = try await Reconciler(gateway: gateway).reconcile().report
            let waiting = report.discrepancies.filter { $0.bucket == .pendingInOutbox }
            #expect(waiting.count == 5, "\(report.discrepancies.map(\.bucket))")
            for discrepancy in waiting {
                #expect(discrepancy.httpStatus == 503, "\(discrepancy)")
                #expect(discrepancy.lastPushAt == nil)
            }
        }
    }

    @Test func agencyAndPeriodFiltersNarrowTheComparison() async throws {
        try await withGatewayHarness(dossiers: 40) { harness in
            let gateway = try harness.makeGateway()
            defer { gateway.shutdown() }
            _ = try await gateway.engine.run(streams: [.dossiers, .steps])
            let all = try await Reconciler(gateway: gateway).reconcile().report
            let keys = try gateway.ledger.recordHashes(stream: SyncStream.dossiers.rawValue).map(\.key)
            let agency = Reconciler.agency(of: try #require(keys.first))
            var settings = Reconciler.Configuration()
            settings.agencies = [agency]
            let narrowed = try await Reconciler(gateway: gateway, configuration: settings).reconcile().report
            let expected = keys.filter { Reconciler.agency(of: $0) == agency }.count
            #expect(narrowed.counts.source == expected)
            #expect(narrowed.agencyFilter == [agency])
            #expect(all.counts.source == 40)

            settings = Reconciler.Configuration()
            settings.period = ReportPeriod(from: Date(timeIntervalSince1970: 0), to: Date(timeIntervalSince1970: 1))
            let empty = try await Reconciler(gateway: gateway, configuration: settings).reconcile().report
            #expect(empty.counts.source == 0)
            #expect(empty.discrepancies.isEmpty)
        }
    }

    @Test func periodIndicatorsCountDossiersReceivedBeforeThePeriod() async throws {
        try await withGatewayHarness(dossiers: 60) { harness in
            let gateway = try harness.makeGateway()
            defer { gateway.shutdown() }
            _ = try await gateway.engine.run(streams: [.dossiers, .steps])
            let keys = try gateway.ledger.recordHashes(stream: SyncStream.dossiers.rawValue).map(\.key)
            let all = try keys.map { key in
                let stored = try #require(harness.mocks.portal.dossier(key))
                return IndicatorDossier(mapped: stored, steps: stored["TienDoXuLy"]?.arrayValue ?? [])
            }
            let asOf = Date()
            // A period opening one second after a dossier that took a while was received: that dossier is carried
            // over into it and its outcome (2.1) belongs to the period.
            let straddling = try #require(all.first { dossier in
                guard dossier.isAccepted, let start = dossier.received,
                    let end = DossierTimeline(dossier: dossier, cutoff: asOf)?.end else { return false }
                return end.timeIntervalSince(start) > 3600
            })
            let period = ReportPeriod(from: straddling.received!.addingTimeInterval(1), to: asOf)
            let expected = IndicatorCalculator(period: period, asOf: asOf).compute(dossiers: all).province
            try #require(expected.province.carriedOver > 0)

            var settings = Reconciler.Configuration()
            settings.period = period
            settings.asOf = asOf
            let report = try await Reconciler(gateway: gateway, configuration: settings).reconcile().report
            let province = report.indicators.province
            #expect(province.province.carriedOver == expected.province.carriedOver)
            #expect(province.province.overdueNow == expected.province.overdueNow)
            #expect(province.timeliness == expected.timeliness)
            #expect(province.statusCounts == expected.statusCounts)
            // The older dossiers are looked up for the figures only, never compared.
            #expect(report.counts.source == all.filter { $0.received.map(period.contains) ?? false }.count)
            #expect(report.discrepancies.isEmpty, "\(report.discrepancies.prefix(3))")
        }
    }

    @Test func portalCopiesTheSourceNoLongerListsCountInTheSyncRate() async throws {
        try await withGatewayHarness(dossiers: 20) { harness in
            let gateway = try harness.makeGateway()
            defer { gateway.shutdown() }
            // A dossier the portal and the ledger hold but the source no longer lists.
            let (key, members) = try await Self.syncAndPushPortalCopy(harness, gateway, updating: false) { members in
                members["MaHoSo"] = .string(Reconciler.agency(of: members["MaHoSo"]?.scalarText ?? "") + "-991231-9999")
            }
            let ghost = try #require(members["MaHoSo"]?.scalarText)
            #expect(ghost != key)
            let change = RecordChange(sourceKey: ghost, sourceHash: "gone", mappedHash: "gone",
                                      payload: Array(JSONWriter.string(.object(members)).utf8))
            _ = try gateway.ledger.forceRepublish(stream: SyncStream.dossiers.rawValue, mappingVersion: "gone",
                                                  changes: [change], portalHasThem: true)

            let report = try await Reconciler(gateway: gateway).reconcile().report
            #expect(report.discrepancies.filter { $0.bucket == .unknownToSource }.map(\.maHoSo) == [ghost])
            // 1.4 counts what the portal holds: 21 synced dossiers over the source's 20 (docs/indicators.md).
            #expect(report.indicators.province.syncRate == Ratio(count: 21, total: 20))
        }
    }

    @Test func lookupsArePacedAndLaterChangesListedApart() async throws {
        try await withGatewayHarness(dossiers: 20) { harness in
            let gateway = try harness.makeGateway()
            defer { gateway.shutdown() }
            _ = try await gateway.engine.run(streams: [.dossiers, .steps])
            let clock = ManualClock(start: Date())
            var settings = Reconciler.Configuration()
            settings.lookupsPerSecond = 10
            settings.lookupConcurrency = 3
            let paced = try await Reconciler(gateway: gateway, configuration: settings, clock: clock).reconcile()
            #expect(paced.report.counts.source == 20)
            #expect(clock.sleeps.count == 19)
            #expect(clock.sleeps.allSatisfy { $0 == .milliseconds(100) })

            settings = Reconciler.Configuration()
            settings.asOf = Date(timeIntervalSince1970: 86_400)
            let early = try await Reconciler(gateway: gateway, configuration: settings).reconcile().report
            #expect(early.discrepancies.count == 20)
            #expect(early.discrepancies.allSatisfy { $0.bucket == .newerThanAsOf })
            #expect(!early.exceedsThresholds(early.thresholds))
        }
    }
}
