import ArgumentParser
import DVCSync
import Foundation

/// `dvcsync ledger …`: inspect and repair the sync ledger.
struct LedgerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Inspect and repair the sync ledger.",
        subcommands: [Status.self, Runs.self, Failures.self, Retry.self, Requeue.self, Export.self, Verify.self,
                      WriteLoad.self]
    )

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Per stream: cursor, counts, outbox depth, last run.")
        @OptionGroup var options: GlobalOptions
        func run() async throws {
            let ledger = try CLIContext(options).openLedger()
            print(LedgerReports.status(try ledger.streamStatus(), lastRun: try ledger.runs(limit: 1).first))
        }
    }

    struct Runs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Latest sync runs.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "How many runs to show.") var limit = 20
        func run() async throws {
            print(LedgerReports.runs(try CLIContext(options).openLedger().runs(limit: limit)))
        }
    }

    struct Failures: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Quarantined records and dead letters, with reasons.")
        @OptionGroup var options: GlobalOptions
        func run() async throws {
            let ledger = try CLIContext(options).openLedger()
            print(LedgerReports.failures(quarantined: try ledger.quarantined(), deadLetters: try ledger.deadLetters()))
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make every waiting outbox record due now.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "Only this stream (catalogue, dossiers, steps).") var stream: String?
        func run() async throws {
            print("\(try CLIContext(options).openLedger().retryNow(stream: stream)) records due now")
        }
    }

    struct Requeue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Move dead letters back to the outbox.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "Only this stream.") var stream: String?
        @Option(help: "Only this record key (MaHoSo).") var key: String?
        func run() async throws {
            let moved = try CLIContext(options).openLedger().requeueDeadLetters(stream: stream, sourceKey: key)
            print("\(moved) dead letters back in the outbox")
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Export streams, failures and runs as JSON or CSV.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "json or csv.") var format = "json"
        func run() async throws {
            let ledger = try CLIContext(options).openLedger()
            guard let output = try LedgerReports.export(ledger, format: format) else {
                throw ValidationError("--format must be json or csv")
            }
            print(output)
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Run SQLite's integrity check on the ledger.")
        @OptionGroup var options: GlobalOptions
        func run() async throws {
            let result = try CLIContext(options).openLedger().integrityCheck()
            print(result.joined(separator: "\n"))
            if result != ["ok"] { throw ExitCode(3) }
        }
    }

    /// Writes a large transaction (used by the crash test to kill a writer mid-transaction).
    struct WriteLoad: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "write-load", shouldDisplay: false)
        @OptionGroup var options: GlobalOptions
        @Option var records = 200_000
        @Option var pages = 1
        func run() async throws {
            let ledger = try CLIContext(options).openLedger()
            for page in 0..<pages {
                let changes = (0..<records).map { index -> RecordChange in
                    let payload = Array(#"{"MaHoSo":"P\#(page)-\#(index)","x":"\#(index)"}"#.utf8)
                    return RecordChange(sourceKey: "P\(page)-\(index)", sourceHash: "s\(index)",
                                        mappedHash: ContentHash.sha256Hex(payload), payload: payload)
                }
                FileHandle.standardOutput.write(Data("writing page \(page)\n".utf8))
                try ledger.applyPage(stream: "dossiers", mappingVersion: "load", changes: changes,
                                     cursor: "page-\(page)")
                FileHandle.standardOutput.write(Data("committed page \(page)\n".utf8))
            }
        }
    }
}
