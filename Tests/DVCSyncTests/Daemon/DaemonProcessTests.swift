import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// The built `dvcsync daemon` as a real process, configured by a YAML file pointing at in-process mocks.
@Suite struct DaemonProcessTests {
    static let environment = DaemonProcess.secrets

    /// Every dossier push takes 300 ms, so a pass is still pushing when the test signals it.
    static func slowPortal() throws -> Scenario {
        try Scenario.decode(Array(#"""
            {"name": "slow-portal", "rules": [
              {"service": "DongBoHoSoMC", "fault": {"kind": "latency", "distribution": "fixed", "ms": 300}}]}
            """#.utf8))
    }

    /// SIGTERM in the middle of a pass: exit 0 within the grace bound, the run recorded as interrupted; a second
    /// daemon on the same ledger is refused meanwhile; a restart finishes the work without duplicates.
    @Test func sigtermMidPassThenRestartResumes() async throws {
        try await withGatewayHarness(dossiers: 40, portalScenario: try Self.slowPortal()) { harness in
            let port = try freeLoopbackPort()
            let config = try Self.writeConfig(harness, extra: [
                "daemon.metricsPort": "\(port)", "daemon.shutdownGrace": "5", "daemon.dossiersEvery": "3600",
                "push.batchSize": "5",
            ])
            let dvcsync = BuiltProducts.executable("dvcsync")
            let first = try ChildProcess(dvcsync, ["daemon", "--config", config], environment: Self.environment)
            #expect(await first.waitForOutput(" started "), "output: \(first.output)")
            let health = await LoopbackHTTPClient.send(port: port, method: "GET", path: "/healthz")
            #expect(health.response?.status == 200)

            let second = try ChildProcess(dvcsync, ["daemon", "--config", config, "--metrics-port", "0"],
                                          environment: Self.environment)
            let refused = await second.waitForExit(timeout: 20)
            #expect(refused != nil && refused != 0)
            #expect(second.output.contains("daemon.already_running"), "output: \(second.output)")
            #expect(second.output.contains(harness.ledgerPath + ".lock"))
            #expect(second.output.contains("process \(first.process.processIdentifier)"))

            try await waitUntil { harness.mocks.portal.snapshot().dossierCount > 0 }
            first.signal(SIGTERM)
            #expect(await first.waitForExit(timeout: 5 + 5) == 0, "output: \(first.output)")
            #expect(first.output.contains("status=interrupted"), "output: \(first.output)")
            let ledger = try Ledger(path: harness.ledgerPath)
            #expect(try ledger.runs().map(\.status) == ["interrupted"])
            #expect(try ledger.outboxDepth() > 0)

            // Requests cut off by the exit still land after their 300 ms: let them, so the lookups see them.
            var landed = -1
            while harness.mocks.portal.snapshot()["DongBoHoSoMC"].requests != landed {
                landed = harness.mocks.portal.snapshot()["DongBoHoSoMC"].requests
                try await Task.sleep(for: .milliseconds(500))
            }
            // The restart passes every second, so records put back with a short back-off go out too.
            let everySecond = Self.environment.merging(["DVCSYNC_DAEMON_DOSSIERSEVERY": "1"]) { $1 }
            let restart = try ChildProcess(dvcsync, ["daemon", "--config", config], environment: everySecond)
            #expect(await restart.waitForOutput("status=succeeded"), "output: \(restart.output)")
            try await waitUntil { try ledger.outboxDepth() == 0 }
            let scrape = try #require(await Self.get(port, "/metrics"))
            let metrics = try PrometheusTextParser(scrape.text)
            #expect(metrics[#"dvcsync_outbox_depth{stream="dossiers"}"#] == 0)
            #expect((metrics[#"dvcsync_passes_total{job="dossiers",status="succeeded"}"#] ?? 0) >= 1)
            #expect(metrics[#"dvcsync_records_on_portal{stream="dossiers"}"#] == 40)
            restart.signal(SIGTERM)
            #expect(await restart.waitForExit(timeout: 10) == 0, "output: \(restart.output)")

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
