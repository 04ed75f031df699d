import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// Commands that read a ledger, through the built `dvcsync`: a path with no ledger, another application's SQLite
/// file or an empty file is refused and left byte-for-byte as it was; a report is replaced only once complete.
@Suite struct LedgerGuardTests {
    func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32?, output: String) {
        let child = try ChildProcess(BuiltProducts.executable("dvcsync"), arguments, environment: environment)
        let status = await child.waitForExit(timeout: 180)
        return (status, child.output)
    }

    /// A configuration the gateway starts from without contacting anything (the mappings of the repository).
    func writeConfiguration(in directory: URL, extra: String = "") throws -> String {
        let path = directory.appendingPathComponent("dvcsync.yaml").path
        let mappings = RepoPaths.mappings.appendingPathComponent("h20").path
        try (ConfigFileMistakeTests.requiredYAML + "mappings.directory: \(mappings)\n" + extra)
            .write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Files of `directory` with their bytes.
    func contents(_ directory: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            files[name] = FileManager.default.contents(atPath: directory.appendingPathComponent(name).path)
        }
        return files
    }

    @Test func aForeignOrEmptyFileIsNotTakenForALedger() async throws {
        let directory = try RepoPaths.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let foreign = directory.appendingPathComponent("foreign.db").path
        do {
            let connection = try SQLiteConnection(path: foreign)
            try connection.execute("CREATE TABLE invoice(id INTEGER PRIMARY KEY, total REAL)")
            try connection.execute("INSERT INTO invoice VALUES (1, 2.5)")
        }
        let empty = directory.appendingPathComponent("empty.sqlite").path
        #expect(FileManager.default.createFile(atPath: empty, contents: Data()))
        let config = try writeConfiguration(in: directory)
        let before = try contents(directory)
        for (path, what) in [(foreign, "an SQLite database without dvcsync's tables"), (empty, "an empty file")] {
            for command in [["ledger", "status"], ["ledger", "runs"], ["ledger", "failures"], ["ledger", "export"],
                            ["ledger", "verify"], ["ledger", "retry"], ["ledger", "requeue"], ["reconcile"]] {
                let result = try await run(command + ["--config", config, "--ledger", path],
                                           environment: ConfigurationTests.passwords)
                #expect(result.status == 1, "\(command) \(path): \(result.output)")
                #expect(result.output.contains("ledger.not_a_ledger: \(path) is not a dvcsync ledger (\(what)); it "
                    + "was left untouched. Fix:"), "\(command) \(path): \(result.output)")
            }
        }
        #expect(try contents(directory) == before, "the files were changed")
    }

    @Test func reconcileRefusesALedgerPathThatDoesNotExist() async throws {
        let directory = try RepoPaths.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = try writeConfiguration(in: directory)
        let typo = directory.appendingPathComponent("typo.sqlite").path
        let result = try await run(["reconcile", "--config", config, "--ledger", typo],
                                   environment: ConfigurationTests.passwords)
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("ledger.not_found: no ledger at \(typo) (from --ledger). Fix:"),
                "\(result.output)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["dvcsync.yaml"])
    }

    @Test func aFailedReconcileLeavesThePreviousReportAsItWas() async throws {
        let directory = try RepoPaths.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = try writeConfiguration(in: directory, extra: "push.batchSise: 10\n")
        let report = directory.appendingPathComponent("report.html").path
        try "<html>last week's report</html>".write(toFile: report, atomically: true, encoding: .utf8)
        let result = try await run(["reconcile", "--config", config, "--format", "html", "--output", report],
                                   environment: ConfigurationTests.passwords)
        #expect(result.status == 1, "\(result.output)")
        #expect(result.output.contains("config.unknown_key"), "\(result.output)")
        #expect(try String(contentsOfFile: report, encoding: .utf8) == "<html>last week's report</html>")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
            == ["dvcsync.yaml", "report.html"], "no temporary file is left")
    }

    @Test func anUnknownKeyOfTheLedgerSectionIsNamedByLedgerCommands() async throws {
        let directory = try RepoPaths.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("dvcsync.yaml").path
        try "ledger:\n  pth: /x\n".write(toFile: config, atomically: true, encoding: .utf8)
        for command in [["status"], ["runs"], ["verify"]] {
            let result = try await run(["ledger"] + command + ["--config", config])
            #expect(result.status == 1, "\(command): \(result.output)")
            #expect(result.output.contains("config.unknown_key: \(config): key `ledger.pth`: unknown key. Fix: did you "
                + "mean `ledger.path`?"), "\(command): \(result.output)")
        }
    }
}
