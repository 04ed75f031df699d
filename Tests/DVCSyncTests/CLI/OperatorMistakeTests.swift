import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// The mistakes an operator makes on a first day, through the built `dvcsync`: each stops with the subcommand's
/// usage (exit 64) or a coded error naming the file and the fix (exit 1), never a raw Foundation error, and nothing
/// is created where the operator did not mean it.
@Suite struct OperatorMistakeTests {
    func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32?, output: String) {
        let child = try ChildProcess(BuiltProducts.executable("dvcsync"), arguments, environment: environment)
        let status = await child.waitForExit(timeout: 180)
        return (status, child.output)
    }

    @Test func ledgerCommandsRefuseAPathWithNoLedgerAndCreateNothing() async throws {
        let directory = try RepoPaths.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let typo = directory.appendingPathComponent("ledgr.sqlite").path
        for command in [["status"], ["runs"], ["failures"], ["retry"], ["requeue"], ["export"], ["verify"]] {
            let result = try await run(["ledger"] + command + ["--ledger", typo])
            #expect(result.status == 1, "\(command): \(result.output)")
            #expect(result.output.contains("ledger.not_found: no ledger at \(typo)"), "\(result.output)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
    }

    @Test func argumentMistakesShowTheSubcommandsUsage() async throws {
        let cases: [([String], String, String)] = [
            (["sync", "--stream", "catalogue"], "--stream must be dossiers or steps, got catalogue",
             "Usage: dvcsync sync"),
            (["sync", "--stream", "dosiers"], "got dosiers", "Usage: dvcsync sync"),
            (["ledger", "retry", "--stream", "foo"], "--stream must be one of catalogue, dossiers, steps",
             "Usage: dvcsync ledger retry"),
            (["ledger", "requeue", "--stream", "dead"], "got dead", "Usage: dvcsync ledger requeue"),
            (["ledger", "export", "--format", "xml"], "--format must be json or csv, got xml",
             "Usage: dvcsync ledger export"),
            (["publish", "--decision", "1/QĐ", "--decision-date", "2026-11-20"], "dd/MM/yyyy",
             "Usage: dvcsync publish"),
            (["publish", "--decision", "1/QĐ", "--decision-date", "1/1/26"], "dd/MM/yyyy", "Usage: dvcsync publish"),
            (["sync", "--json-logs"], "Unknown option '--json-logs'", "Usage: dvcsync sync"),
            (["daemon", "--metrics-port", "70000"], "--metrics-port must be 0 (off) or a port 1-65535",
             "Usage: dvcsync daemon"),
        ]
        for (arguments, message, usage) in cases {
            let result = try await run(arguments)
            #expect(result.status == 64, "\(arguments): \(result.output)")
            #expect(result.output.contains(message), "\(arguments): \(result.output)")
            #expect(result.output.contains(usage), "\(arguments): \(result.output)")
        }
    }

    @Test func missingFoldersAndFilesAreNamedWithTheFix() async throws {
        let directory = try RepoPaths.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let nowhere = directory.appendingPathComponent("nowhere").path
        let mappings = try await run(["mappings", "check", "--mappings", nowhere])
        #expect(mappings.status == 1, "\(mappings.output)")
        #expect(mappings.output.contains("mapping.not_found: \(nowhere) does not exist. Fix:"), "\(mappings.output)")

        let report = try await run(["reconcile", "--output", nowhere + "/report.html", "--format", "html"])
        #expect(report.status == 1, "\(report.output)")
        #expect(report.output.contains("reconcile.output: cannot create \(nowhere)/report.html (No such file"),
                "\(report.output)")

        let demoFolder = directory.appendingPathComponent("demo")
        let demo = try await run(["demo", "--data", nowhere, "--directory", demoFolder.path])
        #expect(demo.status == 1, "\(demo.output)")
        #expect(demo.output.contains("demo.not_found: \(nowhere)/agencies.json not found. Fix:"), "\(demo.output)")
        #expect(!FileManager.default.fileExists(atPath: demoFolder.path), "nothing created before the check")

        let config = try await run(["sync", "--config", nowhere + ".yaml"])
        #expect(config.status == 1, "\(config.output)")
        #expect(config.output.contains("config.invalid: \(nowhere).yaml: no such file. Fix:"), "\(config.output)")
        #expect(!config.output.contains("key `-`"), "\(config.output)")

        let none = try await run(["sync"])
        #expect(none.status == 1, "\(none.output)")
        #expect(none.output.contains("(no --config file): key `portal.adapterBase`: missing. Fix: set "
            + "`portal.adapterBase` in a file given with --config or DVCSYNC_PORTAL_ADAPTERBASE"), "\(none.output)")
    }

    @Test func demoReplacesOnlyItsLedgerInItsFolder() async throws {
        let directory = try RepoPaths.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let keep = directory.appendingPathComponent("notes.txt")
        try "operator notes".write(to: keep, atomically: true, encoding: .utf8)
        let result = try await run([
            "demo", "--dossiers", "5", "--directory", directory.path,
            "--data", RepoPaths.mock.appendingPathComponent("data").path,
            "--mappings", RepoPaths.mappings.appendingPathComponent("h20").path,
        ])
        #expect(result.status == 0, "\(result.output)")
        #expect(try String(contentsOf: keep, encoding: .utf8) == "operator notes")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("ledger.sqlite").path))
    }

    @Test func misspeltSectionIsNamedAsTheUnknownKey() async throws {
        let directory = try RepoPaths.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("dvcsync.yaml")
        try """
            portal:
              adapterBase: http://127.0.0.1:9
              username: 000.00.00.H20
            sourse:
              baseURL: http://127.0.0.1:9/o/rest/v2
              groupId: "1"
              username: u
            """.write(to: config, atomically: true, encoding: .utf8)
        let result = try await run(["sync", "--config", config.path], environment: GatewayHarness.secrets)
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("config.unknown_key: \(config.path): key `sourse.baseURL`: unknown key. "
            + "Fix: did you mean `source.baseURL`?"), "\(result.output)")
    }

    @Test func aMappingFolderThatIsNotThereNamesItsKey() async throws {
        try await withGatewayHarness(dossiers: 1) { harness in
            let config = try harness.writeConfiguration(["mappings.directory": "no-such-mappings/h20"])
            let child = try harness.startGateway(["sync"], configuration: config)
            #expect(await child.waitForExit(timeout: 180) == 1, "\(child.output)")
            #expect(child.output.contains("mapping.check_failed: the mappings in no-such-mappings/h20 "
                + "(mappings.directory, relative to the working directory) have errors"), "\(child.output)")
        }
    }

    @Test func aLedgerPathThatIsAFolderOrNotADatabaseSaysSo() async throws {
        let directory = try RepoPaths.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let folder = try await run(["ledger", "status", "--ledger", directory.path])
        #expect(folder.status == 1, "\(folder.output)")
        #expect(folder.output.contains("ledger.cannot_open: \(directory.path) is a folder. Fix:"), "\(folder.output)")
        let text = directory.appendingPathComponent("notes.sqlite")
        try "not a ledger".write(to: text, atomically: true, encoding: .utf8)
        let notLedger = try await run(["ledger", "verify", "--ledger", text.path])
        #expect(notLedger.status == 1, "\(notLedger.output)")
        #expect(notLedger.output.contains("ledger.corrupt: \(text.path) is not a dvcsync ledger (file is not a "
            + "database). Fix:"), "\(notLedger.output)")
    }

    @Test func aLedgerFolderThatDoesNotExistIsNamed() async throws {
        let directory = try RepoPaths.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let folder = directory.appendingPathComponent("var-lib-dvcsync").path
        try await withGatewayHarness(dossiers: 2) { harness in
            let config = try harness.writeConfiguration(["ledger.path": folder + "/ledger.sqlite"])
            let child = try harness.startGateway(["sync"], configuration: config)
            #expect(await child.waitForExit(timeout: 180) == 1, "\(child.output)")
            #expect(child.output.contains("ledger.cannot_open: cannot open the ledger \(folder)/ledger.sqlite: the "
                + "folder \(folder) does not exist. Fix:"), "\(child.output)")
        }
    }

    @Test func aRefusedPortalLoginSaysWhatToCheck() async throws {
        try await withGatewayHarness(dossiers: 2) { harness in
            let config = try harness.writeConfiguration(["transport.maxAttempts": "1", "push.settleSeconds": "0"])
            var environment = GatewayHarness.secrets
            environment["DVCSYNC_PORTAL_PASSWORD"] = "not-the-password"
            let child = try ChildProcess(BuiltProducts.executable("dvcsync"), ["sync", "--config", config.path],
                                         environment: environment)
            #expect(await child.waitForExit(timeout: 180) == 3, "\(child.output)")
            #expect(child.output.contains("the portal refused the login at \(harness.mocks.portalURL)/mapi/login: "
                + "check portal.username and the portal password"), "\(child.output)")
            #expect(!child.output.contains("not-the-password"))
        }
    }

    @Test func publishPadsTheDecisionDateTheMappingNeeds() async throws {
        try await withGatewayHarness(dossiers: 1) { harness in
            let config = try harness.writeConfiguration()
            let child = try harness.startGateway(["publish", "--decision", "7/QĐ-UBND", "--decision-date", "2/3/2026"],
                                                 configuration: config)
            #expect(await child.waitForExit(timeout: 180) == 0, "\(child.output)")
            #expect(child.output.contains("cannot be mapped 0"), "\(child.output)")
            let ledger = try Ledger(path: harness.ledgerPath)
            #expect(try ledger.quarantined().isEmpty)
            #expect(try ledger.streamStatus().first { $0.stream == "catalogue" }?.onPortal ?? 0 > 0)
        }
    }

    /// A sync or publish started while another process writes the same ledger (a daemon, an overlapping cron sync)
    /// stops before recovery, which would close that process's running pass and flag its batches in flight.
    @Test func aSecondWriterOnTheSameLedgerStopsBeforeRecovery() async throws {
        try await withGatewayHarness(dossiers: 2) { harness in
            let config = try harness.writeConfiguration()
            let first = try harness.startGateway(["sync"], configuration: config)
            #expect(await first.waitForExit(timeout: 180) == 0, "\(first.output)")
            let ledger = try Ledger(path: harness.ledgerPath)
            let running = try ledger.startRun(kind: "daemon", streams: ["dossiers"], mappingVersion: nil)
            let lock = try InstanceLock(ledgerPath: harness.ledgerPath)
            for arguments in [["sync"], ["publish", "--decision", "1/QĐ", "--decision-date", "01/01/2026"]] {
                let child = try harness.startGateway(arguments, configuration: config)
                #expect(await child.waitForExit(timeout: 180) == 1, "\(arguments): \(child.output)")
                #expect(child.output.contains("daemon.already_running: another dvcsync daemon, sync or publish uses "
                    + "this ledger: process \(getpid())"), "\(child.output)")
            }
            #expect(try ledger.runs().first { $0.id == running }?.status == "running")
            let dryRun = try harness.startGateway(["sync", "--dry-run"], configuration: config)
            #expect(await dryRun.waitForExit(timeout: 180) == 0, "a dry run writes nothing: \(dryRun.output)")
            lock.release()
            let after = try harness.startGateway(["sync"], configuration: config)
            #expect(await after.waitForExit(timeout: 180) == 0, "\(after.output)")
        }
    }
}
