import DVCMock
@testable import DVCSync
import Foundation
import Testing

/// The mapping's table index must answer exactly as a `Dictionary` keyed by the same text would for keys already in
/// NFC (the mapping normalises both sides first), including keys that share prefixes, differ only past eight bytes,
/// are empty or are Vietnamese.
@Suite("Mapping string table")
struct StringTableTests {
    @Test("agrees with a dictionary on random keys, present and absent")
    func agreesWithDictionary() {
        var random = SplitMix64(seed: 0x5EED)
        let alphabet = Array("abcH0123456789.-_ đăâêôơưĐẠẢÃÀÁạảãàáệếềểễ".unicodeScalars)
        for round in 0..<40 {
            let count = [0, 1, 3, 17, 200, 2_000][round % 6]
            var keys: [String] = []
            for _ in 0..<count {
                let length = random.below(24)
                var text = String.UnicodeScalarView()
                for _ in 0..<length { text.append(alphabet[random.below(alphabet.count)]) }
                keys.append(String(text).precomposedStringWithCanonicalMapping)
            }
            if round % 2 == 0, let first = keys.first { keys.append(first) }  // repeated key: first value kept
            keys.append("")
            let entries = keys.enumerated().map { ($1, $0) }
            var expected: [String: Int] = [:]
            for (key, value) in entries where expected[key] == nil { expected[key] = value }
            // Without hash bits every probe collides, so the byte comparison alone decides.
            for table in [StringTable(entries), StringTable(entries.prefix(300), hashBits: 0)] {
                let expected = table.count == expected.count ? expected : expected.filter { $0.value < 300 }
                #expect(table.count == expected.count)
                for (key, value) in expected { #expect(table[key] == value, "key \(key.debugDescription)") }
                for probe in keys.prefix(50) {
                    for variant in [probe + "x", "x" + probe, String(probe.dropLast()), probe + probe] {
                        #expect(table[variant] == expected[variant], "probe \(variant.debugDescription)")
                    }
                }
            }
        }
    }

    @Test("keys that differ only in their last byte or beyond eight bytes are told apart")
    func nearKeys() {
        let keys = ["1.001193.000.00.00.H20", "1.001193.000.00.00.H21", "1.001193.000.00.00.H2", "12345678",
                    "123456789", "1234567", "UBND_XA_MYTAN", "UBND_XA_MYTAM", "Hộ tịch", "Hộ tịcH"]
        for hashBits: UInt64 in [.max, 0] {
            let table = StringTable(keys.enumerated().map { ($1, $0) }, hashBits: hashBits)
            for (index, key) in keys.enumerated() { #expect(table.index(of: key) == index) }
            #expect(table["1.001193.000.00.00.H22"] == nil)
            #expect(table["Hộ tịc"] == nil)
            // Text from a substring (another storage) finds the same entry.
            let longer = "x1.001193.000.00.00.H20"
            #expect(table[String(longer.dropFirst())] == 0)
        }
    }
}
