@testable import DVCSync
import Testing

/// The plan writes canonical JSON through `ByteWriter`; its string literals must be `JSONWriter`'s bytes.
@Suite("Mapping byte writer")
struct MappingByteWriterTests {
    @Test("string literals equal JSONWriter's for every special byte at every position, across buffer growth")
    func literalsMatchJSONWriter() {
        var writer = ByteWriter(capacity: 1)
        var expected: [UInt8] = []
        var escapes = 0
        for probe in EscapeProbes.all {
            writer.appendString(probe.text)
            JSONWriter.writeString(probe.text, into: &expected)
            probe.text.utf8.withContiguousStorageIfAvailable { if JSONWriter.needsEscape(utf8: $0) { escapes += 1 } }
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
