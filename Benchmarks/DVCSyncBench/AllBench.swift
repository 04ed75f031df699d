import ArgumentParser
import Foundation

/// `dvcsync-bench all`: runs every benchmark, each in its own child process, collects the figures they print and
/// writes the report (`docs/benchmarks.md` by default).
struct AllBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "all",
        abstract: "Run every benchmark (each in its own process) and write the figures to docs/benchmarks.md."
    )

    @Flag(help: "Small sizes: checks that every benchmark runs and reports, in seconds (figures are not meaningful).")
    var quick = false

    @Option(help: "Where to write the report (Markdown); '-' for standard output only.")
    var write = "docs/benchmarks.md"

    @Option(help: "Notes appended to the report (what limits what); skipped when absent.")
    var notes = "Benchmarks/analysis.md"

    @Option(help: "Dossiers in the generated province for the end-to-end sync runs (default 20000, quick 200).")
    var syncDossiers: Int?

    @Option(help: "Repository root: benchmarks read Mock/ and Mappings/ from it and relative paths start there.")
    var root = "."

    @Option(parsing: .upToNextOption, help: "Run only these benchmarks (names as in the plan, e.g. transport sync-stock).")
    var only: [String] = []

    func run() throws {
        guard FileManager.default.changeCurrentDirectoryPath(root) else {
            throw ValidationError("cannot enter the repository root \(root)")
        }
        let plan = BenchPlan.runs(quick: quick, syncDossiers: syncDossiers)
        let unknown = Set(only).subtracting(plan.map(\.name))
        guard unknown.isEmpty else {
            throw ValidationError("unknown benchmark(s) \(unknown.sorted()); known: \(plan.map(\.name))")
        }
        let started = Date()
        var outcomes: [BenchOutcome] = []
        for run in plan where only.isEmpty || only.contains(run.name) {
            FileHandle.standardError.write(Data("== \(run.name): dvcsync-bench \(run.arguments.joined(separator: " "))\n".utf8))
            let load = MachineFacts.loadAverage()
            let result = try BenchChild(arguments: run.arguments).run()
            FileHandle.standardError.write(Data(result.output.utf8))
            outcomes.append(BenchOutcome(run: run, result: result, loadBefore: load))
        }
        let report = BenchReport(started: started, quick: quick, outcomes: outcomes,
                                 notes: try? String(contentsOfFile: notes, encoding: .utf8)).markdown()
        if write == "-" {
            print(report)
        } else {
            try Data(report.utf8).write(to: URL(fileURLWithPath: write))
            print("wrote \(write): \(outcomes.count) benchmarks, \(outcomes.flatMap(\.result.figures).count) figures")
        }
        let failed = outcomes.filter { $0.result.exitStatus != 0 }.map(\.run.name)
        if !failed.isEmpty { throw BenchError("benchmark(s) failed: \(failed.joined(separator: ", "))") }
    }
}

/// One planned benchmark run: a name for the report and the child's arguments.
struct BenchRun: Sendable {
    var name: String
    var arguments: [String]
}

/// The benchmarks `all` runs, full size or quick.
enum BenchPlan {
    static func runs(quick: Bool, syncDossiers: Int?) -> [BenchRun] {
        let sync = String(syncDossiers ?? (quick ? 200 : 20_000))
        let baseline = quick ? "50" : "500"
        func pick(_ full: [String], _ small: [String]) -> [String] { quick ? small : full }
        return [
            BenchRun(name: "transport", arguments: ["transport"] + pick([], ["--requests", "400"])),
            BenchRun(name: "mock-ingest", arguments: ["mock-ingest"] + pick([], ["--dossiers", "2000"])),
            BenchRun(name: "generator", arguments: ["generator"] + pick([], ["--dossiers", "20000", "--small", "2000"])),
            BenchRun(name: "mapping", arguments: ["mapping"] + pick([], ["--count", "2000", "--runs", "1"])),
            BenchRun(name: "ledger", arguments: ["ledger"] + pick([], ["--records", "2000", "--page", "100"])),
            BenchRun(name: "ledger-libraries",
                     arguments: ["ledger-libraries"] + pick([], ["--records", "2000", "--page", "100"])),
            BenchRun(name: "reconcile-compare",
                     arguments: ["reconcile-compare"] + pick([], ["--records", "20000", "--repeats", "1"])),
            BenchRun(name: "sync-stock",
                     arguments: ["sync", "--dossiers", sync, "--baseline-dossiers", baseline, "--mode", "stock"]),
            BenchRun(name: "sync-extended",
                     arguments: ["sync", "--dossiers", sync, "--baseline-dossiers", baseline, "--mode", "extended"]),
        ]
    }
}

/// A finished run with the load average measured just before it.
struct BenchOutcome {
    var run: BenchRun
    var result: BenchChild.Result
    var loadBefore: Double
}
