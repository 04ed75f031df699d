import DVCSyncTestSupport
import Foundation
import Testing

/// `dvcsync-bench all` is the one command that produces docs/benchmarks.md: it must run each benchmark in its own
/// process, collect the figures they print and write them with their baselines and goals.
@Suite("dvcsync-bench all")
struct BenchAllTests {
    @Test("a quick run writes every planned figure with its baseline, ratio, goal and peak memory")
    func quickRunWritesReport() async throws {
        let directory = try RepoPaths.makeTemporaryDirectory(prefix: "bench-all")
        defer { try? FileManager.default.removeItem(at: directory) }
        let report = directory.appendingPathComponent("benchmarks.md")
        let child = try ChildProcess(BuiltProducts.executable("dvcsync-bench"), [
            "all", "--quick", "--only", "mapping", "ledger", "--root", RepoPaths.root.path,
            "--write", report.path, "--notes", directory.appendingPathComponent("none.md").path,
        ])
        #expect(await child.waitForExit(timeout: 120) == 0, "output: \(child.output.suffix(2000))")
        let text = try String(contentsOf: report, encoding: .utf8)
        #expect(text.contains("Quick run"))
        // The mapping benchmark's two figures and the ledger's four (FULL and NORMAL, each against the same rows
        // and, without a goal, against one row per record), each a table row.
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("| mapping |") || $0.hasPrefix("| ledger |") }
        #expect(rows.count == 6 + 2, "figure rows plus one memory row per benchmark: \(rows)")
        let ledgerRows = rows.filter { $0.contains("page writes at synchronous=") && !$0.contains("one row per record") }
        #expect(ledgerRows.count == 2)
        let oneRowRows = rows.filter { $0.contains("vs one row per record") }
        #expect(oneRowRows.count == 2 && oneRowRows.allSatisfy { $0.hasSuffix("|  |  |") }, "\(oneRowRows)")
        for row in ledgerRows {
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            // benchmark, figure, value, baseline, ratio, goal, met
            #expect(cells.count == 7)
            #expect(cells[3].contains("raw prepared inserts of the same rows"))
            let ratio = Double(cells[4]) ?? -1
            #expect(ratio > 0 && ratio < 10, "ratio cell: \(cells[4])")
            #expect(cells[5] == "ratio ≥ 0.5")
            #expect(cells[6] == (ratio >= 0.5 ? "yes" : "**no**"))
        }
        #expect(!text.contains("@figure"), "machine lines stay out of the printed output blocks")
        #expect(text.contains("### mapping") && text.contains("### ledger"))
    }

    @Test("an unknown benchmark name is refused with the list of known ones")
    func unknownBenchmarkIsRefused() async throws {
        let child = try ChildProcess(BuiltProducts.executable("dvcsync-bench"),
                                     ["all", "--only", "nosuch", "--write", "-", "--root", RepoPaths.root.path])
        #expect(await child.waitForExit(timeout: 180) != 0)
        #expect(child.output.contains("nosuch") && child.output.contains("sync-stock"))
    }
}
