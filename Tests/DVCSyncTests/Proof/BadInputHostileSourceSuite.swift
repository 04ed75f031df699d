import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// Bad input proof, hand-picked hostile cases end to end: a source on loopback serves them to the real gateway
/// (libcurl, OpenCPS connector, shipped mappings, SQLite ledger) pushing to the mock portal.
/// Run: `swift test --filter BadInput`.
@Suite("Bad input: hostile source pages, end to end")
struct BadInputHostileSourceSuite {
    static let sqlLike = "Robert'); DROP TABLE record;-- \" OR 1=1 /*"

    static func key(_ n: Int) -> String { "000.00.33.H20-231204-\(String(format: "%04d", n))" }

    /// One page mixing good records with every hostile kind (record 2's list item holds malformed UTF-8 too): each bad one is set aside with a reason, every good one
    /// reaches the portal intact, and the ledger stays sound.
    @Test func hostilePageQuarantinesEachBadRecordAndDeliversTheGoodOnes() async throws {
        let deep = Array((String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)).utf8)
        var invalidUTF8 = Array(#"{"dossierNo":"\#(Self.key(2))","dossierId":"2","applicantName":"NGUY"#.utf8)
        invalidUTF8 += [0xC3, 0x28, 0xFF] + Array(#"N"}"#.utf8)
        var source = HostileSource()
        source.records = [
            HostileSource.record(id: "1", key: Self.key(1)),
            HostileSource.Record(id: "2", listItem: Array(#"{"dossierId":"2","dossierNo":"\#(Self.key(2))","x":"A"#.utf8)
                                     + [0xFF, 0xC3] + Array(#""}"#.utf8), detail: invalidUTF8),
            HostileSource.record(id: "3", key: Self.key(3),
                                 changes: ["briefNote": .string(String(repeating: "Đ", count: 5_000))]),
            HostileSource.record(id: "4", key: Self.key(4), raw: deep),
            HostileSource.record(id: "5", key: Self.key(5), changes: ["applicantName": .string(Self.sqlLike),
                                                                  "dossierNote": .string(Self.sqlLike)]),
            HostileSource.record(id: "6\r\nX-Injected: 1", key: Self.key(6)),
            HostileSource.record(id: "../serviceinfos", key: Self.key(7)),
            HostileSource.record(id: "8", key: Self.key(8), changes: ["receiveDate": "31/02/2023 08:00:00"]),
            HostileSource.record(id: "9", key: Self.key(9), changes: ["applicantName": "NGUYỄN\u{1}\u{7F} VĂN\r\nBCC: x"]),
            HostileSource.Record(id: "10", listItem: HostileSource.record(id: "10", key: Self.key(10)).listItem, detail: nil),
        ]
        try await withHostileGateway(source) { gateway, portal, _ in
            let summary = try await gateway.engine.run(streams: [.dossiers, .steps])
            let quarantined = Dictionary(uniqueKeysWithValues: try gateway.ledger.quarantined().map { ($0.sourceKey, $0) })
            let dead = Dictionary(uniqueKeysWithValues: try gateway.ledger.deadLetters().map { ($0.sourceKey, $0) })

            for n in [1, 3, 5, 6, 7] { #expect(portal.dossier(Self.key(n)) != nil, "record \(n) not delivered") }
            #expect(portal.dossier(Self.key(3))?["TrichYeuHoSo"]?.scalarText?.count == 1000)
            #expect(portal.dossier(Self.key(5))?["ChuHoSo"]?.scalarText == Self.sqlLike)
            #expect(quarantined[Self.key(2)]?.errorCode == "source.bad_record")
            #expect(quarantined[Self.key(4)]?.errorCode == "source.bad_record")
            #expect(quarantined[Self.key(10)]?.errorCode == "source.bad_record")
            #expect(quarantined[Self.key(8)]?.errorCode == "mapping.date")
            #expect(quarantined[Self.key(8)]?.field == "NgayTiepNhan")
            // Control characters (which the portal refuses) are removed by the mapping, with a warning; line breaks stay.
            #expect(portal.dossier(Self.key(9))?["ChuHoSo"]?.scalarText == "NGUYỄN VĂN\r\nBCC: x")
            #expect(dead.isEmpty, "\(dead)")
            for entry in quarantined.values { #expect(!entry.message.isEmpty && !entry.field.isEmpty, "\(entry)") }
            #expect(summary.quarantined == 4)
            #expect(try gateway.ledger.integrityCheck() == ["ok"])
            #expect(try gateway.ledger.outboxDepth() == 0)
        }
    }

    /// A 10 MB text field (2 MB in the default run, 10 MB with `DVCSYNC_PROOF_SCALE=full`; debug builds parse and
    /// normalise slowly) is read, truncated to the portal's limit with a warning, and delivered.
    @Test func hugeFieldIsTruncatedAndDelivered() async throws {
        let megabytes = ProofScale.count(2, full: 10)
        let template = JSONWriter.bytes(.object(HostileSource.fields(id: "1", key: Self.key(1),
                                                                     changes: ["briefNote": "@@HUGE@@"])))
        let marker = Array("@@HUGE@@".utf8)
        let at = try #require(template.indices.first { template[$0...].starts(with: marker) })
        let field = Array(String(repeating: "Đ", count: megabytes << 19).utf8)  // two bytes each
        var source = HostileSource()
        let listItem = HostileSource.record(id: "1", key: Self.key(1)).listItem
        source.records = [HostileSource.Record(id: "1", listItem: listItem, detail: Array(template[..<at]) + field
                                                   + Array(template[(at + marker.count)...]))]
        try await withHostileGateway(source) { gateway, portal, _ in
            _ = try await gateway.engine.run(streams: [.dossiers])
            let summary = try #require(portal.dossier(Self.key(1))?["TrichYeuHoSo"]?.scalarText)
            #expect(summary.count == 1000 && summary.allSatisfy { $0 == "Đ" })
            #expect(try gateway.ledger.quarantined().isEmpty)
        }
    }

    /// Values that reach the request line are percent-encoded: a CR/LF or `../` in a dossier id neither adds a
    /// header nor changes the endpoint.
    @Test func crlfAndPathSeparatorsInIdsNeverReachTheRequestLine() async throws {
        var source = HostileSource()
        source.records = [HostileSource.record(id: "6\r\nX-Injected: 1", key: Self.key(6)),
                          HostileSource.record(id: "../serviceinfos", key: Self.key(7))]
        try await withHostileGateway(source) { gateway, portal, _ in
            _ = try await gateway.engine.run(streams: [.dossiers])
            let requests = source.received.current
            #expect(requests.contains { $0.uri == "/o/rest/v2/dossiers/6%0D%0AX-Injected%3A%201" })
            #expect(requests.contains { $0.uri == "/o/rest/v2/dossiers/..%2Fserviceinfos" })
            #expect(!requests.contains { $0.headers.contains { $0.name.lowercased() == "x-injected" } })
            #expect(!requests.contains { $0.uri.hasPrefix("/o/rest/v2/serviceinfos") })
            #expect(portal.dossier(Self.key(6)) != nil && portal.dossier(Self.key(7)) != nil)
        }
    }

    /// Empty pages (even with a `total` that promises more) end the scan: the run succeeds with nothing pulled.
    @Test func emptyPagesEndTheScan() async throws {
        var source = HostileSource()
        source.fixedListBody = Array(#"{"total":100000,"data":[]}"#.utf8)
        for mode in ["stock", "extended"] {
            try await withHostileGateway(source, extra: ["source.mode": mode]) { gateway, portal, _ in
                let summary = try await gateway.engine.run(streams: [.dossiers, .steps])
                #expect(summary.detailsFetched == 0)
                #expect(portal.snapshot().dossierCount == 0)
                #expect(try gateway.ledger.runs().first?.status == "succeeded")
            }
        }
    }
}
