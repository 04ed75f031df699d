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
        static let configuration = CommandConfiguration(
            abstract: "Per stream: cursor, counts, outbox depth, records waiting for a retry and why, last run.")
        @OptionGroup var options: GlobalOptions
        func run() async throws {
            let ledger = try CLIContext(options).openLedger()
            print(LedgerReports.status(try ledger.streamStatus(), waiting: try ledger.waitingReasons(),
                                       lastRun: try ledger.runs(limit: 1).first))
        }
    }

    struct Runs: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Latest sync runs.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "How many runs to show (1 or more).") var limit = 20
        func validate() throws {
            guard limit >= 1 else { throw ValidationError("--limit must be 1 or more, got \(limit)") }
        }
        func run() async throws {
            print(LedgerReports.runs(try CLIContext(options).openLedger().runs(limit: limit)))
        }
    }

    struct Failures: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Quarantined records, dead letters and records waiting for a retry, with reasons.")
        @OptionGroup var options: GlobalOptions
        func run() async throws {
            let ledger = try CLIContext(options).openLedger()
            print(LedgerReports.failures(quarantined: try ledger.quarantined(), deadLetters: try ledger.deadLetters(),
                                         waitingReasons: try ledger.waitingReasons(),
                                         waiting: try ledger.waitingRecords(limit: LedgerReports.waitingRowLimit)))
        }
    }

    struct Retry: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make every waiting outbox record due now.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "Only this stream (catalogue, dossiers, steps).") var stream: String?
        func validate() throws { try StreamName.check(stream) }
        func run() async throws {
            print("\(try CLIContext(options).openLedger().retryNow(stream: stream)) records due now")
        }
    }

    struct Requeue: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Move dead letters back to the outbox.")
        @OptionGroup var options: GlobalOptions
        @Option(help: "Only this stream (catalogue, dossiers, steps).") var stream: String?
        @Option(help: "Only this record key (MaHoSo; a step is MaHoSo#logId; a procedure its MATTHC).")
        var key: String?
        func validate() throws { try StreamName.check(stream) }
        func run() async throws {
            let done = try CLIContext(options).openLedger().requeueDeadLetters(stream: stream, sourceKey: key)
            print("\(done.requeued) dead letters back in the outbox")
            if done.superseded > 0 {
                print("\(done.superseded) dropped: their record changed since, and its newer version is on the portal "
                      + "or queued")
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Export the ledger as JSON (streams, runs, failures, waiting records) or CSV (failures and "
                + "waiting records).")
        @OptionGroup var options: GlobalOptions
        @Option(help: ArgumentHelp("json (streams, runs, quarantined records, dead letters, records waiting for a "
                                   + "retry) or csv (one row per failure or waiting record)."))
        var format = "json"
        func validate() throws {
            guard ["json", "csv"].contains(format) else {
                throw ValidationError("--format must be json or csv, got \(format)")
            }
        }
        func run() async throws {
            let ledger = try CLIContext(options).openLedger()
            print(try LedgerReports.export(ledger, format: format) ?? "")
        }
    }

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run SQLite's integrity check on the ledger; exit status 3 when it finds a problem.")
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
            let context = try CLIContext(options)
            let ledger = try Ledger(path: context.ledgerPath, configuration: try context.ledgerConfiguration())
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

/// The streams the ledger knows, for `--stream` options.
enum StreamName {
    static func check(_ name: String?) throws {
        guard let name else { return }
        guard SyncStream(rawValue: name) != nil else {
            let names = SyncStream.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("--stream must be one of \(names), got \(name)")
        }
    }
}
