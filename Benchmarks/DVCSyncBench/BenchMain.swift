import ArgumentParser

/// `dvcsync-bench`: runs the project's benchmarks and prints their figures (see docs/benchmarks.md).
@main
struct BenchMain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dvcsync-bench",
        abstract: "Benchmarks of dvcsync: printed figures and ratios to baselines measured in the same run.",
        subcommands: [
            TransportBench.self, MockIngestBench.self, GeneratorBench.self, MappingBench.self,
            ReconcileBench.self, ReportSampleCommand.self, SyncBench.self, LedgerBench.self, LedgerLibraryBench.self, AllBench.self,
        ]
    )
}
