import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// The built `dvcsync` binary, run as users run it.
@Suite struct CLITests {
    func run(_ arguments: [String], environment: [String: String] = [:], timeout: Double = 120) async throws
        -> (status: Int32?, output: String)
    {
        let child = try ChildProcess(BuiltProducts.executable("dvcsync"), arguments, environment: environment)
        let status = await child.waitForExit(timeout: timeout)
        return (status, child.output)
    }

    @Test func shippedMappingsPassTheCheck() async throws {
        let result = try await run(["mappings", "check", "--mappings", RepoPaths.mappings.path])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("h20: 0 errors"))
    }

    @Test func brokenMappingFailsWithFileLineAndExitStatus1() async throws {
        let directory = try RepoPaths.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let copy = directory.appendingPathComponent("h20")
        try FileManager.default.copyItem(at: RepoPaths.mappings.appendingPathComponent("h20"), to: copy)
        let file = copy.appendingPathComponent("dossier.yaml")
        var lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
        let index = try #require(lines.firstIndex { $0.hasPrefix("  NgayHenTra:") })
        lines.insert("  NgayHenTraa: dueDate", at: index)
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        let result = try await run(["mappings", "check", "--mappings", copy.path])
        #expect(result.status == 1)
        #expect(result.output.contains("dossier.yaml:\(index + 1):"), "\(result.output)")
        #expect(result.output.contains("NgayHenTraa"))
    }

    @Test func secretInConfigFileIsRefusedWithKeyAndFixAndNotEchoed() async throws {
        let directory = try RepoPaths.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("bad.yaml")
        try "portal:\n  adapterBase: http://127.0.0.1:9\n  username: u\n  password: canary-Pw-7731\n"
            .write(to: config, atomically: true, encoding: .utf8)
        let result = try await run(["sync", "--config", config.path])
        #expect(result.status != 0)
        #expect(result.output.contains("portal.password"))
        #expect(result.output.contains("DVCSYNC_PORTAL_PASSWORD"))
        #expect(!result.output.contains("canary-Pw-7731"))
    }

    @Test func demoEndsWithThePortalEqualToTheLedger() async throws {
        let directory = try RepoPaths.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let child = try ChildProcess(BuiltProducts.executable("dvcsync"), [
            "demo", "--dossiers", "150", "--directory", directory.appendingPathComponent("demo").path,
            "--data", RepoPaths.mock.appendingPathComponent("data").path,
            "--mappings", RepoPaths.mappings.appendingPathComponent("h20").path,
        ])
        #expect(await child.waitForExit(timeout: 120) == 0, "\(child.output)")
        #expect(child.output.contains("identical everywhere; no discrepancies"), "\(child.output)")
        #expect(child.output.contains("duplicate creates seen by the portal: 0"))
    }
}
