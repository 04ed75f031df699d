import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// Security proof: canary secrets never leave the process, files are private, plain HTTP and bad certificates are
/// refused, the mock portal wants a session. Run: `swift test --filter SecuritySuite`.
@Suite("Security: secrets, file modes, transport, sessions")
struct SecuritySuite {
    /// A sync (with bad records and a portal that drops sessions), the ledger commands and a sync with a wrong
    /// password: no canary in any output or file; the ledger is created 0600 although the process umask is 000.
    @Test func canariesAppearInNoOutputOfSyncOrLedgerCommands() async throws {
        try await withCanaryMocks(dossiers: 30, portalScenario: try Self.pushFaults()) { mocks in
            // Small batches: enough push requests (dozens, whatever the pull/push overlap) for the portal to drop
            // sessions several times, so the gateway holds several tokens.
            let config = try mocks.writeConfig(["push.batchSize": "5"])
            var outputs: [(String, String)] = []
            let sync = try mocks.run(["sync", "--config", config])
            // 0, or 3 when records dropped with a session still wait for their back-off after the pass.
            let status = await sync.waitForExit()
            #expect(status == 0 || status == 3, "\(sync.output)")
            outputs.append(("sync", sync.output))
            #expect(mocks.portal.snapshot()["login"].accepted >= 2, "sessions were renewed")
            #expect(mocks.portal.snapshot().dossierCount > 0)
            for arguments in [["ledger", "export", "--format", "json"], ["ledger", "export", "--format", "csv"],
                              ["ledger", "failures"], ["ledger", "runs"], ["ledger", "status"]] {
                let child = try mocks.run(arguments + ["--config", config])
                #expect(await child.waitForExit() == 0, "\(arguments): \(child.output)")
                outputs.append((arguments.joined(separator: " "), child.output))
            }
            #expect(outputs[1].1.contains("\"runs\"") && outputs[1].1.contains("succeeded"), "the export has content")
            let wrong = "Cnry-WrongPw-0b7d31"
            let fresh = mocks.directory.appendingPathComponent("wrong-password.sqlite").path
            let loginsRefused = mocks.portal.snapshot()["login"].refused
            let refused = try mocks.run(["sync", "--config", config, "--ledger", fresh],
                                        environment: ["DVCSYNC_PORTAL_PASSWORD": wrong,
                                                      "DVCSYNC_SOURCE_PASSWORD": CanaryMocks.sourcePassword])
            #expect(await refused.waitForExit() == 3, "records wait after a refused login: \(refused.output)")
            #expect(mocks.portal.snapshot()["login"].refused > loginsRefused, "the wrong password reached the portal")
            outputs.append(("sync with a wrong password", refused.output))
            for ledger in [mocks.ledgerPath, fresh] {
                #expect(permissions(ledger) == 0o600, "\(ledger): \(String(permissions(ledger) ?? -1, radix: 8))")
            }
            let haystacks = outputs + mocks.files()
            #expect(haystacks.count >= 10)
            let found = leaks(of: CanaryMocks.canaries + [wrong], in: haystacks)
            #expect(found.isEmpty, "\(found)")
        }
    }

    /// A reconcile in every format, to standard output and to files (one of them an existing world-writable
    /// file): no canary in any output or report, and each report is 0600 although the process umask is 000.
    @Test func reconcileInEveryFormatLeaksNoCanaryAndWritesPrivateReports() async throws {
        try await withCanaryMocks(dossiers: 30) { mocks in
            let settings = try GatewayConfiguration(reading: ConfigSource(values: mocks.values(),
                                                                          environment: CanaryMocks.environment))
            let gateway = try Gateway(configuration: settings)
            _ = try await gateway.engine.run(streams: [.dossiers, .steps])
            gateway.shutdown()
            let config = try mocks.writeConfig()
            let stale = mocks.directory.appendingPathComponent("report-stale.html").path
            _ = FileManager.default.createFile(atPath: stale, contents: Data("old".utf8),
                                           attributes: [.posixPermissions: 0o666])
            var outputs: [(String, String)] = []
            var reports: [String] = []
            for format in ["terminal", "json", "csv", "html"] {
                var arguments = ["reconcile", "--config", config, "--format", format]
                if format != "terminal" {
                    reports.append(format == "html" ? stale : mocks.directory.appendingPathComponent("report.\(format)").path)
                    arguments += ["--output", reports.last!]
                }
                let child = try mocks.run(arguments)
                let status = await child.waitForExit()
                #expect(status == 0 || status == 2, "reconcile \(format): \(child.output)")
                outputs.append(("reconcile \(format)", child.output))
            }
            #expect(outputs[0].1.contains("1.4"), "the terminal report went to standard output: \(outputs[0].1)")
            for report in reports {
                let text = String(decoding: FileManager.default.contents(atPath: report) ?? Data(), as: UTF8.self)
                let expected = report.hasSuffix(".csv") ? "bucket,ma_ho_so" : report.hasSuffix(".json") ? "{" : "<html"
                #expect(text.contains(expected), "\(report) written: \(text.prefix(200))")
                #expect(permissions(report) == 0o600, "\(report): \(String(permissions(report) ?? -1, radix: 8))")
            }
            let haystacks = outputs + mocks.files()
            #expect(haystacks.count >= 8)
            let found = leaks(of: CanaryMocks.canaries, in: haystacks)
            #expect(found.isEmpty, "\(found)")
        }
    }

    /// Faults on the push services only (so the reconcile's lookups are clean): 5xx answers, resets and sessions
    /// the portal drops every few pushes, so the gateway logs in again and holds several tokens.
    static func pushFaults() throws -> Scenario {
        try Scenario.decode(Array(#"""
            {"name": "push-faults", "seed": 5, "rules": [
              {"service": "DongBoHoSoMC", "probability": 0.05, "fault": {"kind": "status", "status": 500}},
              {"service": "CapNhatTienDoHoSoMC", "probability": 0.05, "fault": {"kind": "reset"}},
              {"service": "DongBoHoSoMC", "every": 3, "fault": {"kind": "expireSession"}},
              {"service": "CapNhatTienDoHoSoMC", "every": 5, "fault": {"kind": "expireSession"}}]}
            """#.utf8))
    }

    /// The daemon under umask 000: its ledger, WAL and shared-memory files have no group or world access while it
    /// runs, and no canary appears in its log, `/metrics`, `/healthz`, `/readyz` or any file.
    @Test func daemonFilesArePrivateAndMetricsAndLogsHoldNoCanary() async throws {
        try await withCanaryMocks { mocks in
            let port = try freeLoopbackPort()
            let config = try mocks.writeConfig(["daemon.metricsPort": "\(port)", "daemon.dossiersEvery": "3600"])
            let daemon = try mocks.run(["daemon", "--config", config])
            #expect(await daemon.waitForOutput("status=succeeded"), "\(daemon.output)")
            var haystacks = [(String, String)]()
            for path in ["/metrics", "/healthz", "/readyz"] {
                let response = await DaemonProcessTests.get(port, path)
                #expect(response?.status == 200, "\(path)")
                haystacks.append((path, response?.text ?? ""))
            }
            #expect(haystacks[0].1.contains("dvcsync_"))
            for suffix in ["", "-wal", "-shm"] {
                let path = mocks.ledgerPath + suffix
                #expect(FileManager.default.fileExists(atPath: path), "\(path) missing")
                let mode = permissions(path) ?? 0o777
                #expect(mode & 0o077 == 0, "\(path): \(String(mode, radix: 8))")
            }
            haystacks += mocks.files()
            daemon.signal(SIGTERM)
            #expect(await daemon.waitForExit(timeout: 30) == 0, "\(daemon.output)")
            haystacks.append(("daemon log", daemon.output))
            #expect(leaks(of: CanaryMocks.canaries, in: haystacks).isEmpty, "\(leaks(of: CanaryMocks.canaries, in: haystacks))")
        }
    }
}
