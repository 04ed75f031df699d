@testable import DVCSync
import DVCJSON
import DVCMock
import Foundation
import Testing

/// The list page reader against the full parser: same acceptance, same fields, on hand-made pages and on thousands
/// of corrupted copies of them; item hashes by bytes and canonically.
@Suite struct ListPageReaderTests {
    /// What the scans took from a list page before the reader existed: the whole answer parsed (malformed UTF-8
    /// replaced), then each item's fields looked up.
    struct Reference: Equatable {
        var total: Int?
        var items: [[String?]]?
    }

    static func reference(_ body: [UInt8]) -> Reference? {
        guard let parsed = (try? JSONParser.parse(body)) ?? (try? JSONParser.parse(String(decoding: body, as: UTF8.self))),
            case .object = parsed
        else { return nil }
        let names = ["dossierNo", "dossierId", "modifiedDate"] + OpenCPSConnector.activityDates
        return Reference(total: parsed["total"]?.scalarText.flatMap { Int($0) },
                         items: parsed["data"]?.arrayValue?.map { item in names.map { item[$0]?.scalarText } })
    }

    static func read(_ body: [UInt8]) -> Reference? {
        guard let page = try? ListPageReader.read(body, hash: .bytes) else { return nil }
        return Reference(total: page.total, items: page.items?.map { item in
            [item.key, item.id, item.modified]
        })
    }

    /// The reader's items compared field by field with the reference (dates by the newest one).
    static func agree(_ body: [UInt8]) -> Bool {
        let expected = reference(body)
        let page = try? ListPageReader.read(body, hash: .bytes)
        guard let expected, let page else { return expected == nil && page == nil }
        guard expected.total == page.total else { return false }
        guard let items = expected.items else { return page.items == nil }
        guard let got = page.items, got.count == items.count else { return false }
        for (fields, item) in zip(items, got) {
            guard fields[0] == item.key, fields[1] == item.id, fields[2] == item.modified else { return false }
            // Dates before 1970 never raise the look-back anchor.
            let newest = fields[3...].compactMap { $0.flatMap(VietnamTime.parseDateTime) }
                .map { Int64($0.timeIntervalSince1970) }.reduce(0, max)
            guard newest == item.latest else { return false }
        }
        return true
    }

    static let page = """
        {"total": 1234, "data": [
          {"dossierId": 101, "dossierNo": "000.00.14.H20-231204-0001", "modifiedDate": "04/12/2023 08:15:00",
           "receiveDate": "04/12/2023 08:10:00", "finishDate": "", "applicantName": "Nguyễn Văn A\\n\\"B\\"",
           "dossierFiles": [{"fileName": "a.pdf", "size": 1.5e3}, null, true, false], "count": -0.25},
          {"dossier\\u004Eo": "000.00.14.H20-231204-0002", "dossierId": "102", "releaseDate": "31/12/2023 23:59:59",
           "submitDate": "01/01/2024 00:00:01", "note": "Ph\\u01b0\\u1eddng \\ud83d\\ude00 \\/ \\\\", "empty": {}},
          {"dossierId": 103, "dossierNo": 2023, "modifiedDate": null, "createDate": "29/02/2024 10:00:00",
           "dossierNo": "000.00.14.H20-231204-0003"},
          "not an object", 42, [],
          {"dossierNo": "000.00.14.H20-231204-0004", "receiveDate": "31/02/2023 10:00:00"}
        ], "message": {"nested": [1, [2, [3]]]}}
        """

    @Test func readsTheFieldsTheFullParserReads() throws {
        let body = Array(Self.page.utf8)
        #expect(Self.reference(body) != nil)
        #expect(Self.agree(body))
        let items = try #require(try ListPageReader.read(body, hash: .bytes).items)
        #expect(items.count == 7)
        #expect(items[1].key == "000.00.14.H20-231204-0002")  // escaped key
        #expect(items[2].key == "000.00.14.H20-231204-0003")  // the last of two equal keys wins
        #expect(items[2].id == "103")                            // a number where text is expected
        #expect(items[3].key == nil && items[3].hash.count == 64)
        #expect(items[6].latest == 0)                            // 31 February is no date
    }

    @Test func acceptsExactlyWhatTheParserAccepts() {
        let cases = [
            "", " ", "[]", "{}", "{\"data\": []}", "{\"data\": {}}", "{\"data\": [1,]}", "{\"data\": [01]}",
            "{\"data\": [-]}", "{\"data\": [1.]}", "{\"data\": [1e]}", "{\"data\": [\"\\x\"]}", "{\"data\": [\"\\u12\"]}",
            "{\"data\": [\"a\u{01}\"]}", "{\"data\": [tru]}", "{\"data\": [nul]}", "{\"data\": []} x", "{\"data\": [}",
            "{\"data\": [{\"a\" 1}]}", "{\"data\": [{\"a\": 1,}]}", "{\"data\": [{1: 1}]}", "{\"total\": \"12\"}",
            "{\"data\": [" + String(repeating: "[", count: 300) + String(repeating: "]", count: 300) + "]}",
            "{\"data\": [" + String(repeating: "[", count: 200) + String(repeating: "]", count: 200) + "]}",
        ]
        for text in cases {
            let agrees = Self.agree(Array(text.utf8))
            #expect(agrees, "\(text.prefix(60))")
        }
        // Malformed UTF-8 inside a string is read leniently by both; outside strings it is an error for both.
        #expect(Self.agree(Array("{\"data\": [{\"dossierNo\": \"A".utf8) + [0xC3, 0x28] + Array("\"}]}".utf8)))
        #expect(Self.agree([0xFF] + Array("{\"data\": []}".utf8)))
    }

    @Test func corruptedPagesAreReadAsTheParserReadsThem() async {
        var random = SplitMix64(seed: 7)
        let original = Array(Self.page.utf8)
        let alphabet = Array("{}[]\":,\\u0123456789eE.+- tfnaxA".utf8) + [0x00, 0x0A, 0xC3, 0xFF]
        var accepted = 0
        for round in 0..<1500 {
            // Long CPU-bound loops give the shared pool back now and then (other suites' servers run there).
            if round % 50 == 0 { await Task.yield() }
            var body = original
            for _ in 0..<(1 + round % 3) {
                let at = Int(random.next() % UInt64(body.count))
                switch random.next() % 3 {
                case 0: body[at] = alphabet[Int(random.next() % UInt64(alphabet.count))]
                case 1: body.remove(at: at)
                default: body.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: at)
                }
            }
            if Self.reference(body) != nil { accepted += 1 }
            let agrees = Self.agree(body)
            #expect(agrees, "round \(round): \(String(decoding: body, as: UTF8.self))")
        }
        // Both outcomes were exercised.
        #expect(accepted > 100 && accepted < 1400)
    }

    @Test func hashesFollowTheConfiguredMode() throws {
        let one = Array(#"{"data": [{"dossierNo": "X", "a": 1, "b": "Phường"}]}"#.utf8)
        let reordered = Array(#"{"data": [{"b": "Phường", "dossierNo": "X", "a": 1}]}"#.utf8)
        let changed = Array(#"{"data": [{"dossierNo": "X", "a": 2, "b": "Phường"}]}"#.utf8)
        func hash(_ body: [UInt8], _ mode: OpenCPSConfiguration.ListHash) throws -> String {
            try #require(try ListPageReader.read(body, hash: mode).items?.first?.hash)
        }
        #expect(try hash(one, .bytes) == ContentHash.sha256Hex(Array(#"{"dossierNo": "X", "a": 1, "b": "Phường"}"#.utf8)))
        #expect(try hash(one, .bytes) != hash(reordered, .bytes))
        #expect(try hash(one, .bytes) != hash(changed, .bytes))
        let canonical = try JSONParser.parse(#"{"dossierNo": "X", "a": 1, "b": "Phường"}"#)
        #expect(try hash(one, .canonical) == ContentHash.of(canonical))
        #expect(try hash(one, .canonical) == hash(reordered, .canonical))
        #expect(try hash(one, .canonical) != hash(changed, .canonical))
    }

    /// The byte-level date reader against the `split`-based one it replaces, on random text over its alphabet.
    @Test func dateTimesAreReadAsBefore() async {
        func before(_ text: String) -> Date? {
            let fields = text.split(whereSeparator: { $0 == "/" || $0 == " " || $0 == ":" }).map { Int($0) }
            guard fields.count == 6, fields.allSatisfy({ $0 != nil }) else { return nil }
            let v = fields.map { $0! }
            return VietnamTime.make(year: v[2], month: v[1], day: v[0], hour: v[3], minute: v[4], second: v[5])
        }
        var random = SplitMix64(seed: 11)
        let alphabet = Array("0123456789/ :+-x")
        var parsed = 0
        for round in 0..<4_000 {
            if round % 1000 == 0 { await Task.yield() }
            var text = "\(random.next() % 32)/\(random.next() % 13)/\(2000 + random.next() % 30) "
                + "\(random.next() % 25):\(random.next() % 61):\(random.next() % 61)"
            if random.next() % 2 == 0 {
                var characters = Array(text)
                let at = Int(random.next() % UInt64(characters.count))
                characters[at] = alphabet[Int(random.next() % UInt64(alphabet.count))]
                text = String(characters)
            }
            let expected = before(text)
            if expected != nil { parsed += 1 }
            #expect(VietnamTime.parseDateTime(text) == expected, "\(text)")
            let fromBytes = Array(text.utf8).withUnsafeBufferPointer { VietnamTime.parseDateTime(utf8: $0) }
            #expect(fromBytes == expected, "bytes of \(text)")
        }
        #expect(VietnamTime.parseDateTime("04/12/2023  08:15:00") == before("04/12/2023  08:15:00"))
        #expect(VietnamTime.parseDateTime("04/12/2023 08:15:0000000000001") == before("04/12/2023 08:15:0000000000001"))
        #expect(parsed > 200)
    }
}

