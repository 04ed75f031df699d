import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// With the portal unreachable, what the operator sees (the outbox's last error, the pass's retries by reason) names
/// the connection failure, also once the circuit breaker has opened and refuses the calls itself.
@Suite struct UnreachablePortalTests {
    /// `(last_error_code, last_error)` of every outbox row of `stream`.
    static func outboxErrors(_ path: String, stream: String) throws -> [(code: String, message: String)] {
        let db = try SQLiteConnection(path: path)
        let statement = try db.statement("SELECT last_error_code, last_error FROM outbox WHERE stream = ?")
        try statement.bind(.text(stream))
        var rows: [(code: String, message: String)] = []
        while try statement.step() { rows.append((statement.text(0), statement.text(1))) }
        return rows
    }

    @Test func theRecordedReasonIsTheConnectionFailureBehindTheOpenBreaker() async throws {
        try await withGatewayHarness(dossiers: 30) { harness in
            let closed = try UnresponsiveListener(listening: false)
            let gateway = try harness.makeGateway(extra: [
                "portal.adapterBase": "http://127.0.0.1:\(closed.port)", "transport.maxAttempts": "1",
                "push.batchSize": "1", "push.settleSeconds": "0",
            ])
            defer { gateway.shutdown() }
            let summary = try await gateway.engine.run(streams: [.dossiers])
            #expect(gateway.transport.metrics.circuitRejections > 0, "the breaker opened during the pass")
            // Each dossier put back at least once (a short back-off may end within the pass), all for the same reason.
            let reasons = summary.push.retriesByReason
            #expect(Array(reasons.keys) == ["transport.connect"], "\(reasons)")
            #expect(reasons["transport.connect", default: 0] >= 30)

            let rows = try Self.outboxErrors(harness.ledgerPath, stream: SyncStream.dossiers.rawValue)
            #expect(rows.count == 30)
            #expect(rows.allSatisfy { $0.code == "transport.connect" }, "\(rows.map(\.code))")
            let refused = rows.filter { $0.message.contains("circuit breaker") }
            #expect(!refused.isEmpty)
            for row in refused {
                #expect(row.message.contains("open after transport.connect: "), "\(row.message)")
                #expect(row.message.contains("127.0.0.1:\(closed.port)"), "\(row.message)")
                #expect(!row.message.contains("mock-secret"))
            }
        }
    }
}
