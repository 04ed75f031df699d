import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

@Suite struct LedgerCrashTests {
    /// A writer killed with SIGKILL in the middle of a large transaction leaves the last committed page whole and
    /// nothing of the interrupted one, and the database passes its integrity check.
    @Test func sigkillMidTransactionLeavesNoPartialPage() async throws {
        let directory = try RepoPaths.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("ledger.sqlite").path
        let records = 20_000
        let child = try ChildProcess(BuiltProducts.executable("dvcsync"), [
            "ledger", "write-load", "--ledger", path, "--records", "\(records)", "--pages", "3",
        ])
        #expect(await child.waitForOutput("writing page 1"), "child output: \(child.output)")
        try await Task.sleep(for: .milliseconds(100))
        child.signal(SIGKILL)
        #expect(await child.waitForExit() != nil)
        let committed = child.output.components(separatedBy: "committed page").count - 1
        #expect(committed >= 1, "child output: \(child.output)")

        let ledger = try Ledger(path: path)
        #expect(try ledger.integrityCheck() == ["ok"])
        let status = try #require(try ledger.streamStatus().first { $0.stream == "dossiers" })
        #expect(status.records % records == 0, "a partial page survived: \(status.records) rows")
        #expect(status.records == committed * records || status.records == (committed + 1) * records)
        #expect(status.cursor == "page-\(status.records / records - 1)")
        #expect(status.outboxDepth == status.records)
    }
}
