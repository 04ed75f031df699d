@testable import DVCSync
import Foundation
import Testing

/// `TextNormalization.isClean` lets `clean` and `normalize` return text unchanged without the Unicode steps; it must
/// only say so when those steps would indeed change nothing.
@Suite("Mapping text fast path")
struct MappingTextFastPathTests {
    /// The trim the mapping has always done: Foundation's `.whitespacesAndNewlines` when an end is White_Space.
    static func foundationTrim(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
              first.properties.isWhitespace || last.properties.isWhitespace
        else { return text }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// What `clean` does without its fast path: trim, NFC, control characters removed, trim again.
    static func slowClean(_ text: String) -> (text: String, removed: Int) {
        let trimmed = foundationTrim(text)
        let normal = trimmed.precomposedStringWithCanonicalMapping
        guard let stripped = TextNormalization.removingControls(normal) else { return (normal, 0) }
        return (foundationTrim(stripped.text), stripped.removed)
    }

    /// Scalars at the edges of every range the fast path accepts or rejects, and some on either side.
    static let scalars: [Unicode.Scalar] = [
        0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x21, 0x41, 0x7E, 0x7F, 0x80, 0x85, 0x9F, 0xA0, 0xA1, 0xC0, 0xE0, 0x2FF, 0x300,
        0x301, 0x323, 0x1DFF, 0x1E00, 0x1EA0, 0x1EC7, 0x1EFF, 0x1F00, 0x2000, 0x200B, 0x200F, 0x2010, 0x2013, 0x2028,
        0x2029, 0x202F, 0x205F, 0x2060, 0x206F, 0x2070, 0x3000, 0xFEFF, 0x1F600,
    ].compactMap { Unicode.Scalar($0) }

    @Test("every one- and two-scalar text, and each between letters, trims and cleans as the Foundation steps do")
    func agreesWithSlowSteps() {
        var texts: [String] = [""]
        for a in Self.scalars {
            texts.append(String(a))
            texts.append("a\(a)b")
            // Long enough for the eight-byte steps, with the scalar in and after them.
            texts += ["abcdefgh\(a)ijklmnopq", "\(a)bcdefghijklmnop", "abcdefghijklmnop\(a)", "abcdefg\(a)"]
            for b in Self.scalars { texts.append(String(a) + String(b)) }
        }
        texts += ["  \u{3000}Hộ tịch\u{2029}\n", "\u{1680}", "\u{85}a\u{A0}", "NGUYỄN VĂN AN", "Hộ tịch", "Phí", " Phí", "Phí\u{A0}", "Nguye\u{302}\u{303}n", "Lệ phí – 2024"]
        var fast = 0
        for text in texts {
            let cleaned = TextNormalization.clean(text)
            let slow = Self.slowClean(text)
            #expect(Array(cleaned.text.utf8) == Array(slow.text.utf8) && cleaned.removed == slow.removed,
                    "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            #expect(Array(TextNormalization.trim(text).utf8) == Array(Self.foundationTrim(text).utf8))
            if TextNormalization.isClean(text) == true {
                fast += 1
                #expect(Array(slow.text.utf8) == Array(text.utf8) && slow.removed == 0)
            }
        }
        #expect(fast > 200)  // the fast path was taken, so it was checked
    }

    @Test("every BMP scalar at either end of a text trims as Foundation trims it")
    func trimMatchesFoundation() {
        var differ: [String] = []
        for value in UInt32(0)...0xFFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            for text in ["\(scalar)a\(scalar)", "\u{2028}a\(scalar)", "\(scalar)a "] {
                if Array(TextNormalization.trim(text).utf8) != Array(Self.foundationTrim(text).utf8) {
                    differ.append(String(value, radix: 16))
                }
            }
        }
        #expect(differ.isEmpty, "differ at U+\(differ.prefix(20))")
    }
}
