@testable import DVCSync
import Testing

/// The plan writes canonical JSON through `ByteWriter`; its string literals must be `JSONWriter`'s bytes.
@Suite("Mapping byte writer")
struct MappingByteWriterTests {
    @Test("string literals equal JSONWriter's for every special byte at every position, across buffer growth")
    func literalsMatchJSONWriter() {
        let specials = (UInt8(0)..<0x20).map { String(UnicodeScalar($0)) } + ["\"", "\\", "\u{7F}", "ệ", "/", "a"]
        var writer = ByteWriter(capacity: 1)
        var expected: [UInt8] = []
        var escapes = 0
        for special in specials {
            for position in 0..<18 {
                for length in [position + 1, 9, 17, 24] where length > position {
                    var parts = Array(repeating: "a", count: length)
                    parts[position] = special
                    let text = parts.joined()
                    writer.appendString(text)
                    JSONWriter.writeString(text, into: &expected)
                    text.utf8.withContiguousStorageIfAvailable { if JSONWriter.needsEscape(utf8: $0) { escapes += 1 } }
                }
            }
        }
        #expect(writer.bytes == expected)
        #expect(escapes > 1000 && escapes < writer.count)
        let mark = writer.count
        writer.append(UInt8(ascii: ","))
        writer.appendString("tail")
        writer.truncate(to: mark)
        #expect(writer.bytes == expected)
    }
}
