import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// Security proof: canary secrets never leave the process, files are private, plain HTTP and bad certificates are
/// refused, the mock portal wants a session. Run: `swift test --filter SecuritySuite`.
@Suite("Security: secrets, file modes, transport, sessions")
struct SecuritySuite {
    /// A sync (with bad records and a flaky portal that expires sessions), a reconcile in every format (to files and
    /// to standard output), the ledger commands and a wrong password: no canary in any output or file, and files
    /// are created without group or world access although the process umask is 000.
    @Test func canariesAppearInNoOutputOfSyncReconcileOrLedgerCommands() async throws {
        let flaky = try Scenario.load(from: RepoPaths.mock.appendingPathComponent("scenarios/flaky.json"))
        try await withCanaryMocks(portalScenario: flaky) { mocks in
            let config = try mocks.writeConfig()
            var outputs: [(String, String)] = []
            let sync = try mocks.run(["sync", "--config", config])
            #expect(await sync.waitForExit() == 0, "\(sync.output)")
            outputs.append(("sync", sync.output))
            #expect(mocks.portal.snapshot()["login"].accepted >= 1)
            #expect(mocks.portal.snapshot().dossierCount > 0)

            let stale = mocks.directory.appendingPathComponent("report-stale.html").path
            FileManager.default.createFile(atPath: stale, contents: Data("old".utf8), attributes: [.posixPermissions: 0o666])
            var reports = [stale]
            for format in ["terminal", "json", "csv", "html"] {
                let path = format == "html" ? stale : mocks.directory.appendingPathComponent("report.\(format)").path
                if format != "html" { reports.append(path) }
                let child = try mocks.run(["reconcile", "--config", config, "--format", format, "--output", path])
                let status = await child.waitForExit()
                #expect(status == 0 || status == 2, "reconcile \(format): \(child.output)")
                outputs.append(("reconcile \(format)", child.output))
            }
            let toStdout = try mocks.run(["reconcile", "--config", config, "--format", "json"])
            #expect(await toStdout.waitForExit() != nil)
            #expect(toStdout.output.contains("\"indicators\"") || toStdout.output.contains("{"), "\(toStdout.output)")
            outputs.append(("reconcile stdout", toStdout.output))
            for arguments in [["ledger", "export", "--format", "json"], ["ledger", "export", "--format", "csv"],
                              ["ledger", "failures"], ["ledger", "runs"], ["ledger", "status"]] {
                let child = try mocks.run(arguments + ["--config", config])
                #expect(await child.waitForExit() == 0, "\(arguments): \(child.output)")
                outputs.append((arguments.joined(separator: " "), child.output))
            }
            let wrong = "Cnry-WrongPw-0b7d31"
            let refused = try mocks.run(["sync", "--config", config],
                                        environment: ["DVCSYNC_PORTAL_PASSWORD": wrong,
                                                      "DVCSYNC_SOURCE_PASSWORD": CanaryMocks.sourcePassword])
            #expect(await refused.waitForExit() != 0, "\(refused.output)")
            outputs.append(("sync with a wrong password", refused.output))

            for report in reports {
                #expect(FileManager.default.fileExists(atPath: report))
                #expect(permissions(report) == 0o600, "\(report): \(String(permissions(report) ?? -1, radix: 8))")
            }
            #expect(permissions(mocks.ledgerPath) == 0o600)
            let haystacks = outputs + mocks.files()
            #expect(haystacks.count >= 18)
            #expect(leaks(of: CanaryMocks.canaries + [wrong], in: haystacks).isEmpty,
                    "\(leaks(of: CanaryMocks.canaries + [wrong], in: haystacks))")
        }
    }

    /// The daemon under umask 000: its ledger, WAL and shared-memory files have no group or world access while it
    /// runs, and no canary appears in its log, `/metrics`, `/healthz`, `/readyz` or any file.
    @Test func daemonFilesArePrivateAndMetricsAndLogsHoldNoCanary() async throws {
        try await withCanaryMocks { mocks in
            let port = try DaemonProcessTests.freePort()
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
