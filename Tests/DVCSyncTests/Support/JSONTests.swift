import DVCSync
import Testing

@Suite struct JSONTests {
    @Test func parsesAndWritesCanonically() throws {
        let value = try JSONParser.parse(#" { "b": [1, 2.50, -0e1], "a": "Nguyễn \"A\"\n", "c": {"z": null, "y": true} } "#)
        #expect(JSONWriter.string(value) == #"{"a":"Nguyễn \"A\"\n","b":[1,2.50,-0e1],"c":{"y":true,"z":null}}"#)
    }

    @Test func decodesEscapesAndSurrogates() throws {
        let value = try JSONParser.parse(#"["\u0041\u1EC5\ud83d\ude00\/\t"]"#)
        #expect(value == .array([.string("Aễ😀/\t")]))
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "01", "1.", "\"\u{01}\"", "tru", "[1] 2", "\"\\ud800\""])
    func rejectsMalformed(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22, 0xC3, 0x28, 0x22]) }
    }

    @Test func limitsNesting() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
    }

    @Test func sha256KnownVectors() {
        #expect(ContentHash.sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(ContentHash.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(ContentHash.sha256Hex(million) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func hashIgnoresKeyOrder() throws {
        let a = try JSONParser.parse(#"{"x":1,"y":"2"}"#)
        let b = try JSONParser.parse(#"{"y":"2","x":1}"#)
        #expect(ContentHash.of(a) == ContentHash.of(b))
        #expect(ContentHash.of(a) != ContentHash.of(try JSONParser.parse(#"{"x":"1","y":"2"}"#)))
    }
}
