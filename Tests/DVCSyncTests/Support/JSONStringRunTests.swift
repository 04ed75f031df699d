@testable import DVCSync
import DVCJSON
import DVCSyncTestSupport
import Testing

/// Strings are scanned eight bytes at a time until a word holds a quote, a backslash or a control character; each
/// such byte must be found at every position of a word, after plain ASCII or multi-byte UTF-8, by the parser and
/// by the list scanner alike.
@Suite("JSON string scanning, eight bytes at a time")
struct JSONStringRunTests {
    static let fillers = ["a", "ễ", "😀", "~"]

    @Test("escapes and the closing quote are found at every offset of a word")
    func escapesAtEveryOffset() throws {
        for filler in Self.fillers {
            for before in 0..<20 {
                for after in 0..<10 {
                    let head = String(repeating: filler, count: before), tail = String(repeating: "x", count: after)
                    for (escape, decoded) in [(#"\""#, "\""), (#"\\"#, "\\"), (#"\n"#, "\n"), (#"\u0041"#, "A")] {
                        let text = head + escape + tail
                        let value = try JSONParser.parse("[\"\(text)\",1]")
                        #expect(value == .array([.string(head + decoded + tail), .number("1")]), "\(text)")
                        let page = try ListPageReader.read(Array("{\"data\":[{\"dossierNo\":\"\(text)\"}]}".utf8),
                                                           hash: .bytes)
                        #expect(page.items?.first?.key == head + decoded + tail, "\(text)")
                    }
                    // Unescaped: the string ends at the first quote.
                    let plain = head + tail
                    #expect(try JSONParser.parse("\"\(plain)\"") == .string(plain))
                }
            }
        }
    }

    @Test("a control character is refused at every offset of a word")
    func controlCharactersAtEveryOffset() throws {
        for filler in Self.fillers {
            for before in 0..<20 {
                for control: UInt8 in [0x00, 0x01, 0x0A, 0x1F] {
                    var bytes = Array("[\"".utf8) + Array(String(repeating: filler, count: before).utf8)
                    bytes += [control] + Array("tail\"]".utf8)
                    #expect(throws: JSONParseError.self) { try JSONParser.parse(bytes) }
                    var page = Array("{\"data\":[{\"dossierNo\":\"".utf8) + Array(String(repeating: filler, count: before).utf8)
                    page += [control] + Array("x\"}]}".utf8)
                    #expect((try? ListPageReader.read(page, hash: .bytes)) == nil, "control \(control) after \(before)")
                }
                // 0x7F and bytes above it are not control characters in JSON.
                #expect(try JSONParser.parse("\"" + String(repeating: filler, count: before) + "\u{7F}\"")
                    == .string(String(repeating: filler, count: before) + "\u{7F}"))
            }
        }
    }

    @Test("an unterminated string is refused whatever its length")
    func unterminated() {
        for length in 0..<24 {
            let text = "\"" + String(repeating: "ab", count: length)
            #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
        }
    }
}

/// `plainPrefix` on its own: it never skips a special byte, and it stops exactly at the first one it meets in a
/// full word.
@Suite("JSON string scanning: the plain prefix")
struct JSONStringRunPrefixTests {
    static func isSpecial(_ byte: UInt8) -> Bool { byte == 0x22 || byte == 0x5C || byte < 0x20 }

    @Test("the prefix is plain and ends at the first special byte of a full word")
    func prefixIsExact() {
        let random = SeededRandom(seed: 7)
        // Plain bytes from every range (ASCII, UTF-8 lead and continuation bytes, 0x7F) and the special ones.
        let plain: [UInt8] = [0x20, 0x21, 0x23, 0x41, 0x5B, 0x5D, 0x7E, 0x7F, 0x80, 0xA0, 0xBF, 0xC3, 0xE1, 0xF0, 0xFF]
        let special: [UInt8] = [0x22, 0x5C, 0x00, 0x01, 0x0A, 0x1F]
        for _ in 0..<20_000 {
            let count = Int(random.nextUnit() * 40)
            var bytes = (0..<count).map { _ in plain[Int(random.nextUnit() * Double(plain.count))] }
            for _ in 0..<Int(random.nextUnit() * 3) where count > 0 {
                bytes[Int(random.nextUnit() * Double(count))] = special[Int(random.nextUnit() * Double(special.count))]
            }
            let offset = Int(random.nextUnit() * Double(count + 1))
            let skipped = bytes.withUnsafeBufferPointer { JSONStringRun.plainPrefix($0, from: offset) }
            let end = offset + skipped
            #expect(end <= count)
            #expect(!bytes[offset..<end].contains(where: Self.isSpecial), "\(bytes) from \(offset): \(skipped)")
            let firstSpecial = bytes[offset...].firstIndex(where: Self.isSpecial)
            if let firstSpecial, firstSpecial - offset < (count - offset) / 8 * 8 {
                #expect(end == firstSpecial, "\(bytes) from \(offset): \(skipped)")
            } else {
                #expect(end == offset + (count - offset) / 8 * 8, "\(bytes) from \(offset): \(skipped)")
            }
        }
    }
}
