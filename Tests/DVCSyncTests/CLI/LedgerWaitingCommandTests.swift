import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// With the portal unreachable, the built `dvcsync ledger failures`, `status` and `export` name why records wait
/// and how many, as the ledger counts them.
@Suite struct LedgerWaitingCommandTests {
    /// The cells of a text-table line (columns are separated by two spaces or more).
    static func cells(_ line: Substring) -> [String] {
        line.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The fields of the JSON export a script reads.
    struct Export: Decodable {
        struct Reason: Decodable {
            var stream: String, errorCode: String, count: Int, mayHaveLanded: Int, waitingSince: Int64
            var nextAttemptAt: Int64, latestMessage: String
        }
        struct Row: Decodable {
            var stream: String, sourceKey: String, attempts: Int, errorCode: String, message: String, state: String
            var nextAttemptAt: Int64, mayHaveLanded: Bool, enqueuedAt: Int64
        }
        var waitingByReason: [Reason]
        var waiting: [Row]
    }

    @Test func failuresStatusAndExportNameTheConnectionFailure() async throws {
        try await withGatewayHarness(dossiers: 12) { harness in
            let closed = try UnresponsiveListener(listening: false)
            let config = try harness.writeConfiguration([
                "portal.adapterBase": "http://127.0.0.1:\(closed.port)", "transport.maxAttempts": "1",
                "push.settleSeconds": "0", "transport.totalTimeout": "30",
            ])
            let sync = try harness.startGateway(["sync", "--stream", "dossiers"], configuration: config)
            #expect(await sync.waitForExit(timeout: 180) == 3, "\(sync.output)")
            let waiting = try Ledger(path: harness.ledgerPath).outboxDepth(stream: SyncStream.dossiers.rawValue)
            #expect(waiting == 12)

            let failures = try harness.startGateway(["ledger", "failures"], configuration: config)
            #expect(await failures.waitForExit(timeout: 180) == 0, "\(failures.output)")
            let text = failures.output
            #expect(text.contains("Waiting for retry (\(waiting)), by stream and reason:"), "\(text)")
            let lines = text.split(separator: "\n")
            let reason = lines.map(Self.cells).first {
                $0.first == "dossiers" && $0.count > 6 && $0[1] == "transport.connect"
            }
            #expect(reason?[2] == "\(waiting)", "\(text)")
            #expect(reason?[6].contains("127.0.0.1:\(closed.port)") == true, "\(text)")
            let rows = lines.map(Self.cells).filter { $0.count > 3 && $0[3] == "transport.connect" }
            #expect(rows.count == waiting, "\(text)")
            #expect(!text.contains("mock-secret") && !text.contains("\"MaHoSo\""))

            let status = try harness.startGateway(["ledger", "status"], configuration: config)
            #expect(await status.waitForExit(timeout: 180) == 0, "\(status.output)")
            let table = status.output.split(separator: "\n").map(Self.cells)
            let header = try #require(table.first)
            let retrying = try #require(header.firstIndex(of: "retrying"))
            let main = try #require(header.firstIndex(of: "main reason"))
            let dossiers = try #require(table.first { $0.first == "dossiers" })
            #expect(dossiers[retrying] == "\(waiting)", "\(status.output)")
            #expect(dossiers[main] == "transport.connect", "\(status.output)")

            let export = try harness.startGateway(["ledger", "export"], configuration: config)
            #expect(await export.waitForExit(timeout: 180) == 0, "\(export.output)")
            let document = try JSONDecoder().decode(Export.self, from: Data(export.output.utf8))
            #expect(document.waitingByReason.map(\.errorCode) == ["transport.connect"])
            #expect(document.waitingByReason.first?.count == waiting)
            #expect(document.waiting.count == waiting)
            #expect(document.waiting.allSatisfy { $0.attempts >= 1 && $0.stream == "dossiers" })
            #expect(!export.output.contains("\"payload\""))

            let csv = try harness.startGateway(["ledger", "export", "--format", "csv"], configuration: config)
            #expect(await csv.waitForExit(timeout: 180) == 0, "\(csv.output)")
            let waitingLines = csv.output.split(separator: "\n").filter { $0.hasPrefix("waiting,dossiers,") }
            #expect(waitingLines.count == waiting, "\(csv.output)")
            #expect(waitingLines.allSatisfy { $0.contains(",transport.connect,") })
        }
    }
}
