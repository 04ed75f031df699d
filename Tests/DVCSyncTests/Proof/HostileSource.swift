import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation

/// A fake OpenCPS source on loopback that serves hand-written (hostile) list pages and dossier details as raw bytes.
struct HostileSource: Sendable {
    /// One dossier: its list item and its detail body, as bytes (so they may hold invalid UTF-8).
    struct Record: Sendable {
        var id: String
        var listItem: [UInt8]
        /// Detail body; nil answers 403 as OpenCPS does for an unknown dossier.
        var detail: [UInt8]?
    }

    var records: [Record] = []
    /// When set, every list request gets this body whatever its paging.
    var fixedListBody: [UInt8]?
    /// Every request received.
    let received = Locked<[LoopbackRequest]>([])

    /// The answer to one request.
    func reply(_ request: LoopbackRequest) -> LoopbackReply {
        received.withLock { $0.append(request) }
        let (path, query) = Self.split(request.uri)
        let json = [HTTPHeader("Content-Type", "application/json")]
        if path == "/o/rest/v2/dossiers" {
            if let fixedListBody { return .respond(status: 200, headers: json, body: fixedListBody) }
            let start = Int(query["start"] ?? "") ?? 0
            let end = Int(query["end"] ?? "") ?? records.count
            let slice = records.count > start ? records[start..<min(end, records.count)] : []
            var body = Array(#"{"total":\#(records.count),"data":["#.utf8)
            for (index, record) in slice.enumerated() { body += (index > 0 ? [0x2C] : []) + record.listItem }
            return .respond(status: 200, headers: json, body: body + Array("]}".utf8))
        }
        if path.hasPrefix("/o/rest/v2/dossierlogs/") {
            return .respond(status: 200, headers: json, body: Array(#"{"total":0,"data":[]}"#.utf8))
        }
        if path.hasPrefix("/o/rest/v2/dossiers/") {
            let id = String(path.dropFirst("/o/rest/v2/dossiers/".count)).removingPercentEncoding ?? ""
            guard let detail = records.first(where: { $0.id == id })?.detail else {
                return .respond(status: 403, headers: json, body: Array(#"{"description":"not found"}"#.utf8))
            }
            return .respond(status: 200, headers: json, body: detail)
        }
        return .respond(status: 404)
    }

    static func split(_ uri: String) -> (String, [String: String]) {
        let parts = uri.split(separator: "?", maxSplits: 1).map(String.init)
        var query: [String: String] = [:]
        for pair in (parts.count > 1 ? parts[1] : "").split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
            query[kv[0]] = kv.count > 1 ? kv[1].removingPercentEncoding : ""
        }
        return (parts.first ?? "", query)
    }

    /// The sample dossier's fields with `id`, `key` and `changes`.
    static func fields(id: String, key: String, changes: [String: JSONValue] = [:]) -> [String: JSONValue] {
        var detail = ProofFixtures.sampleDossier
        detail["dossierId"] = .string(id)
        detail["dossierNo"] = .string(key)
        for (name, value) in changes { detail[name] = value }
        return detail
    }

    /// A record from the sample dossier with `changes` applied; `raw` replaces the detail bytes entirely.
    static func record(id: String, key: String, changes: [String: JSONValue] = [:], raw: [UInt8]? = nil) -> Record {
        let detail = fields(id: id, key: key, changes: changes)
        let item: JSONValue = ["dossierId": .string(id), "dossierNo": .string(key), "modifiedDate": "05/12/2023 16:40:00"]
        return Record(id: id, listItem: JSONWriter.bytes(item), detail: raw ?? JSONWriter.bytes(.object(detail)))
    }
}

/// The real gateway (libcurl, OpenCPS connector, shipped mappings, ledger) between a `HostileSource` and the mock
/// portal, both on loopback.
func withHostileGateway<T>(_ source: HostileSource, extra: [String: String] = [:],
                           _ body: (Gateway, MockPortal, LoopbackHTTPServer) async throws -> T) async throws -> T {
    let catalogue = try CatalogueEntry.load(from: RepoPaths.mock.appendingPathComponent("data/procedures.json"))
    return try await withMockPortal(catalogue: catalogue) { portalURL, portal in
        try await withLoopbackServer(handler: { source.reply($0) }) { server in
            let folder = try RepoPaths.makeTemporaryDirectory(prefix: "dvcsync-hostile")
            defer { try? FileManager.default.removeItem(at: folder) }
            let values = [
                "ledger.path": folder.appendingPathComponent("ledger.sqlite").path, "ledger.synchronous": "NORMAL",
                "portal.adapterBase": portalURL.absoluteString, "portal.username": "000.00.00.H20",
                "source.baseURL": server.baseURL + "/o/rest/v2", "source.groupId": "35417",
                "source.username": "gateway@dongthap.gov.vn", "source.pageSize": "25",
                "mappings.directory": ProofFixtures.mappingFolder.path, "transport.totalTimeout": "20",
                "push.backoffCap": "1",
            ].merging(extra) { $1 }
            let config = ConfigSource(values: values, environment: ["DVCSYNC_PORTAL_PASSWORD": "mock-secret",
                                                                    "DVCSYNC_SOURCE_PASSWORD": "mock-source-secret"])
            let gateway = try Gateway(configuration: try GatewayConfiguration(reading: config))
            defer { gateway.shutdown() }
            return try await body(gateway, portal, server)
        }
    }
}
