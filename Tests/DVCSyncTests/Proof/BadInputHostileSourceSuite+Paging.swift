import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

extension BadInputHostileSourceSuite {
    /// A source that ignores paging and returns the same full page forever (with a `total` promising a million):
    /// the scan stops on the second identical page with `source.page_repeated`, in both source modes, and the run
    /// is recorded as failed with that code; the CLI exits non-zero naming it.
    @Test func sourceReturningTheSamePageForeverStopsWithAClearError() async throws {
        let records = (1...3).map { HostileSource.record(id: "\($0)", key: Self.key($0)) }
        let page = Array(#"{"total":1000000,"data":["#.utf8) + Array(records.map(\.listItem).joined(separator: [0x2C]))
            + Array("]}".utf8)
        for mode in ["stock", "extended"] {
            var endless = HostileSource()
            endless.records = records
            endless.fixedListBody = page
            let source = endless
            try await withHostileGateway(source, extra: ["source.mode": mode, "source.pageSize": "3"]) { gateway, _, _ in
                let error = await #expect(throws: SourceError.self) {
                    try await gateway.engine.run(streams: [.dossiers, .steps])
                }
                #expect(error?.code == "source.page_repeated", "\(mode): \(String(describing: error))")
                let lists = source.received.current.filter { $0.uri.hasPrefix("/o/rest/v2/dossiers?") }
                #expect(lists.count == 2, "\(mode): \(lists.map(\.uri))")
                let run = try #require(try gateway.ledger.runs().first)
                #expect(run.status == "failed")
                #expect(run.message?.contains("source.page_repeated") == true)
            }
        }
        var endless = HostileSource()
        endless.records = records
        endless.fixedListBody = page
        let source = endless
        try await withLoopbackServer(handler: { source.reply($0) }) { server in
            let folder = try RepoPaths.makeTemporaryDirectory(prefix: "dvcsync-paging")
            defer { try? FileManager.default.removeItem(at: folder) }
            let config = folder.appendingPathComponent("dvcsync.yaml").path
            try DaemonConfigFile.write([
                "ledger.path": folder.appendingPathComponent("ledger.sqlite").path,
                "portal.adapterBase": "http://127.0.0.1:9", "portal.username": "000.00.00.H20",
                "source.baseURL": server.baseURL + "/o/rest/v2", "source.groupId": "35417",
                "source.username": "gateway@dongthap.gov.vn", "source.pageSize": "3",
                "mappings.directory": ProofFixtures.mappingFolder.path,
            ], to: config)
            let child = try ChildProcess(BuiltProducts.executable("dvcsync"), ["sync", "--config", config],
                                         environment: ["DVCSYNC_PORTAL_PASSWORD": "p", "DVCSYNC_SOURCE_PASSWORD": "s"])
            let status = await child.waitForExit(timeout: 30)
            #expect(status != nil && status != 0, "\(child.output)")
            #expect(child.output.contains("source.page_repeated"), "\(child.output)")
        }
    }
}
