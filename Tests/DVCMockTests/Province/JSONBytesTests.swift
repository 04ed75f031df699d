import DVCJSON
import Testing

@testable import DVCMock

/// The mock's JSON writer: what it writes parses back to the same values (escaping at every position, commas at
/// every depth), whatever the buffer had to grow through.
@Suite struct JSONBytesTests {
    static let pieces: [String] = ["a", "Đồng Tháp", "\"", "\\", "\n", "\r", "\t", "\u{01}", "\u{1F}", "\u{7F}",
                                   "😀", "/", " ", "abcdefgh", "ệ", "\u{0C}"]

    @Test func stringsRoundTripWithEveryEscapeAtEveryOffset() throws {
        var random = SplitMix64(seed: 7)
        var texts: [String] = [""]
        for _ in 0..<2_000 {
            var text = ""
            for _ in 0..<Int(random.next() % 24) { text += Self.pieces[Int(random.next() % UInt64(Self.pieces.count))] }
            texts.append(text)
        }
        for prefix in 0..<17 {
            for special in ["\"", "\\", "\u{00}", "\n", "\u{1B}"] {
                texts.append(String(repeating: "x", count: prefix) + special + String(repeating: "y", count: 9))
            }
        }
        var w = JSONBytes(capacity: 1)
        w.beginArray()
        for text in texts { w.string(text) }
        w.endArray()
        let parsed = try JSONParser.parse(w.bytes)
        #expect(parsed == .array(texts.map { .string($0) }))
    }

    @Test func containersNestWithCommasAtEveryDepth() throws {
        var w = JSONBytes(capacity: 1)
        w.beginObject()
        w.key("a"); w.int(-9_223_372_036_854_775_807)
        w.key("b"); w.beginArray(); w.int(0); w.beginArray(); w.endArray(); w.beginObject(); w.endObject()
        w.beginObject(); w.key("c"); w.bool(true); w.key("d"); w.null(); w.endObject()
        w.beginObject(); w.key("h"); w.int(1); w.endObject(); w.int(Int64.max); w.endArray()
        w.key("e"); w.date(nil)
        w.key("f"); w.coercedDigits("0123"); w.key("g"); w.coercedDigits("4567")
        w.endObject()
        let text = String(decoding: w.bytes, as: UTF8.self)
        #expect(text == #"{"a":-9223372036854775807,"b":[0,[],{},{"c":true,"d":null},{"h":1},9223372036854775807],"e":"","#
            + #""f":"0123","g":4567}"#)
        _ = try JSONParser.parse(w.bytes)
    }
}
