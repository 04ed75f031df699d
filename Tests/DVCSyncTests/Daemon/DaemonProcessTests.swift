import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// The built `dvcsync daemon` as a real process, configured by a YAML file pointing at in-process mocks.
@Suite struct DaemonProcessTests {
    static let environment = DaemonProcess.secrets

    /// The first three dossier pushes are answered; every later one is read and never answered nor applied. A pass
    /// is then still pushing when the test signals it, however long a loaded machine takes the test to get there.
    static func stuckPortal() throws -> Scenario {
        try Scenario.decode(Array(#"""
            {"name": "stuck-after-three-pushes", "rules": [
              {"service": "DongBoHoSoMC", "requests": "4-", "fault": {"kind": "hang", "ms": 600000}}]}
            """#.utf8))
    }

    /// SIGTERM in the middle of a pass: exit 0 within the grace bound, the run recorded as interrupted; a second
    /// daemon on the same ledger is refused while one runs; a restart finishes the work without duplicates.
    @Test func sigtermMidPassThenRestartResumes() async throws {
        try await withGatewayHarness(dossiers: 40, portalScenario: try Self.stuckPortal()) { harness in
            let port = try freeLoopbackPort()
            let config = try Self.writeConfig(harness, extra: [
                // One dossier request of 2 at a time: 6 dossiers land, then the pass waits on unanswered pushes
                // (each given up after a time-out, looked up and sent again) until the daemon is stopped.
                "daemon.metricsPort": "\(port)", "daemon.shutdownGrace": "5", "daemon.dossiersEvery": "3600",
                "push.batchSize": "2", "push.concurrency": "1",
            ])
            let dvcsync = BuiltProducts.executable("dvcsync")
            let first = try ChildProcess(dvcsync, ["daemon", "--config", config], environment: Self.environment)
            #expect(await first.waitForOutput(" started "), "output: \(first.output)")
            let health = await LoopbackHTTPClient.send(port: port, method: "GET", path: "/healthz")
            #expect(health.response?.status == 200)

            try await waitUntil { harness.mocks.portal.snapshot().dossierCount > 0 }
            first.signal(SIGTERM)
            #expect(await first.waitForExit(timeout: 5 + 5) == 0, "output: \(first.output)")
            #expect(first.output.contains("status=interrupted"), "output: \(first.output)")
            let ledger = try Ledger(path: harness.ledgerPath)
            #expect(try ledger.runs().map(\.status) == ["interrupted"])
            #expect(try ledger.outboxDepth() > 0)

            // The portal answers again (the unanswered pushes were never applied). The restart passes every second,
            // so records put back with a short back-off go out too.
            harness.mocks.portalServer.setScenario(.happy)
            let everySecond = Self.environment.merging(["DVCSYNC_DAEMON_DOSSIERSEVERY": "1"]) { $1 }
            let restart = try ChildProcess(dvcsync, ["daemon", "--config", config], environment: everySecond)
            #expect(await restart.waitForOutput("status=succeeded"), "output: \(restart.output)")
            // A second daemon on the same ledger is refused while this one runs (checked here, not during the first
            // pass: how long a process takes to start on a loaded machine must not decide whether that pass is
            // still pushing when it is stopped).
            let second = try ChildProcess(dvcsync, ["daemon", "--config", config, "--metrics-port", "0"],
                                          environment: Self.environment)
            let refused = await second.waitForExit(timeout: 180)
            #expect(refused != nil && refused != 0)
            #expect(second.output.contains("daemon.already_running"), "output: \(second.output)")
            #expect(second.output.contains(harness.ledgerPath + ".lock"))
            #expect(second.output.contains("process \(restart.process.processIdentifier)"))
            try await waitUntil { try ledger.outboxDepth() == 0 }
            let scrape = try #require(await Self.get(port, "/metrics"))
            let metrics = try PrometheusTextParser(scrape.text)
            #expect(metrics[#"dvcsync_outbox_depth{stream="dossiers"}"#] == 0)
            #expect((metrics[#"dvcsync_passes_total{job="dossiers",status="succeeded"}"#] ?? 0) >= 1)
            #expect(metrics[#"dvcsync_records_on_portal{stream="dossiers"}"#] == 40)
            restart.signal(SIGTERM)
            #expect(await restart.waitForExit(timeout: 30) == 0, "output: \(restart.output)")

            let portal = harness.mocks.portal.snapshot()
            #expect(portal.dossierCount == 40)
            #expect(portal["DongBoHoSoMC"].duplicates == 0)
            #expect(try ledger.outboxDepth() == 0)
            let statuses = try ledger.runs().map(\.status)
            #expect(statuses.last == "interrupted" && statuses.contains("succeeded"), "\(statuses)")
            #expect(statuses.allSatisfy { $0 == "succeeded" || $0 == "interrupted" }, "\(statuses)")
            #expect(!first.output.contains("mock-secret") && !restart.output.contains("mock-secret"))
        }
    }

    /// A daemon with a reconcile schedule, against a portal that silently drops some dossiers, writes a report no one
    /// else may read and exports the count of dossiers missing on the portal: exactly the ones the portal dropped.
    @Test func scheduledReconciliationWritesReportsAndMetrics() async throws {
        try await withGatewayHarness(dossiers: 40, portalScenario: try Self.lossyOnce(share: 0.1)) { harness in
            let port = try freeLoopbackPort()
            let reports = harness.directory.appendingPathComponent("reports")
            let config = try Self.writeConfig(harness, extra: [
                "daemon.metricsPort": "\(port)", "daemon.dossiersEvery": "3600", "daemon.reconcileEvery": "3600",
                "push.batchSize": "1000", "reconcile.directory": reports.path, "reconcile.formats": "json,html",
            ])
            let daemon = try ChildProcess(BuiltProducts.executable("dvcsync"), ["daemon", "--config", config],
                                          environment: Self.environment)
            #expect(await daemon.waitForOutput("job=reconcile status=succeeded", timeout: 120),
                    "output: \(daemon.output)")
            let names = try FileManager.default.contentsOfDirectory(atPath: reports.path).sorted()
            #expect(names.count == 2 && names.allSatisfy { $0.hasPrefix("reconcile-") }, "\(names)")
            let json = try #require(names.first { $0.hasSuffix(".json") })
            let path = reports.appendingPathComponent(json).path
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode.map { $0 & 0o007 } == 0)
            let report = try ReportJSONCodec.decode(Array(try Data(contentsOf: URL(fileURLWithPath: path))))

            let dropped = harness.mocks.portal.dropped
            try #require(!dropped.isEmpty)
            let scrape = try #require(await Self.get(port, "/metrics"))
            let metrics = try PrometheusTextParser(scrape.text)
            #expect(metrics[#"dvcsync_reconcile_discrepancies{bucket="missing_on_portal"}"#] == Double(dropped.count))
            #expect(metrics[#"dvcsync_reconcile_discrepancies{bucket="content_mismatch"}"#] == 0)
            #expect(Set(report.discrepancies.filter { $0.bucket == .missingOnPortal }.map(\.maHoSo)) == Set(dropped))
            let written = try #require(metrics["dvcsync_reconcile_last_report_timestamp_seconds"])
            #expect(abs(written - Date().timeIntervalSince1970) < 600)
            #expect(metrics[#"dvcsync_passes_total{job="reconcile",status="succeeded"}"#] == 1)
            daemon.signal(SIGTERM)
            #expect(await daemon.waitForExit(timeout: 30) == 0, "output: \(daemon.output)")
            #expect(!daemon.output.contains("mock-secret"))
        }
    }

    /// The mock's lossy-portal scenario dropping `share` of the dossiers of the first push request only.
    static func lossyOnce(share: Double) throws -> Scenario {
        var scenario = try ReconcilerTests.lossyOnce()
        scenario.rules = scenario.rules.map { rule in
            var rule = rule
            rule.fault.share = share
            return rule
        }
        return scenario
    }

    /// `GET path` over a fresh loopback connection.
    static func get(_ port: Int, _ path: String) async -> LoopbackResponse? {
        await LoopbackHTTPClient.send(port: port, method: "GET", path: path).response
    }

    /// Writes the harness's configuration (plus `extra`) as a nested YAML file in the harness folder.
    static func writeConfig(_ harness: GatewayHarness, extra: [String: String]) throws -> String {
        let path = harness.directory.appendingPathComponent("dvcsync.yaml").path
        try DaemonConfigFile.write(harness.values().merging(extra) { _, new in new }, to: path)
        return path
    }
}
