import DVCMock
import DVCSync
import Foundation
import Testing

/// Hostile input never crashes or hangs the parser, and whatever it accepts survives a canonical round trip.
@Suite struct HostileInputTests {
    /// Random JSON-ish text built from a seed: nested containers, escapes, numbers, Vietnamese text, junk bytes.
    func randomDocument(_ random: inout SplitMix64, depth: Int = 0) -> String {
        let pick = random.below(depth > 6 ? 5 : 8)
        switch pick {
        case 0: return ["null", "true", "false", "-0", "1e400", "0.5E-3", "12345678901234567890"][random.below(7)]
        case 1: return "\"" + ["Nguyễn Văn A", "\\u0000", "\\ud83d\\ude00", "'; DROP TABLE record;--", "\\r\\nX-Evil: 1",
                               "31/02/2023", "\\\\", "\u{7F}"][random.below(8)] + "\""
        case 2: return String(random.below(1_000_000))
        case 3: return ["{", "}", "[", "]", ",", ":", "\"", "\\", "\u{01}", "tru"][random.below(10)]
        case 4: return "\"" + String(repeating: "ạ", count: random.below(3000)) + "\""
        case 5, 6:
            let count = random.below(5)
            let items = (0..<count).map { _ in randomDocument(&random, depth: depth + 1) }
            return "[" + items.joined(separator: ",") + "]"
        default:
            let count = random.below(5)
            let items = (0..<count).map { index in "\"k\(index)\":" + randomDocument(&random, depth: depth + 1) }
            return "{" + items.joined(separator: ",") + "}"
        }
    }

    @Test func randomDocumentsParseOrFailCleanlyAndRoundTrip() throws {
        var random = SplitMix64(seed: 2026)
        var accepted = 0
        for _ in 0..<3000 {
            let text = randomDocument(&random)
            guard let value = try? JSONParser.parse(text) else { continue }
            accepted += 1
            let canonical = JSONWriter.bytes(value)
            let again = try JSONParser.parse(canonical)
            #expect(again == value)
            #expect(JSONWriter.bytes(again) == canonical)
        }
        #expect(accepted > 500)
    }

    @Test func randomBytesNeverCrash() {
        var random = SplitMix64(seed: 7)
        for _ in 0..<2000 {
            let bytes = (0..<random.below(64)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            _ = try? JSONParser.parse(bytes)
        }
    }

    @Test func hugeFieldAndDeepNestingAreHandled() throws {
        let big = String(repeating: "x", count: 10 << 20)
        let value = try JSONParser.parse("{\"TrichYeuHoSo\":\"\(big)\"}")
        #expect(value["TrichYeuHoSo"]?.scalarText?.utf8.count == 10 << 20)
        let deep = String(repeating: "{\"a\":", count: 100_000) + "1" + String(repeating: "}", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
    }
}
