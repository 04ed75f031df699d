@testable import DVCSync
import Foundation
import Testing

/// `TextNormalization.isClean` lets `clean` and `normalize` return text unchanged without the Unicode steps; it must
/// only say so when those steps would indeed change nothing.
@Suite("Mapping text fast path")
struct MappingTextFastPathTests {
    /// What `clean` does without its fast path: trim, NFC, control characters removed, trim again.
    static func slowClean(_ text: String) -> (text: String, removed: Int) {
        let trimmed = TextNormalization.trim(text)
        let normal = trimmed.precomposedStringWithCanonicalMapping
        guard let stripped = TextNormalization.removingControls(normal) else { return (normal, 0) }
        return (TextNormalization.trim(stripped.text), stripped.removed)
    }

    /// Scalars at the edges of every range the fast path accepts or rejects, and some on either side.
    static let scalars: [Unicode.Scalar] = [
        0x09, 0x0A, 0x0D, 0x1F, 0x20, 0x21, 0x41, 0x7E, 0x7F, 0x80, 0x85, 0x9F, 0xA0, 0xA1, 0xC0, 0xE0, 0x2FF, 0x300,
        0x301, 0x323, 0x1DFF, 0x1E00, 0x1EA0, 0x1EC7, 0x1EFF, 0x1F00, 0x2000, 0x200B, 0x200F, 0x2010, 0x2013, 0x2028,
        0x2029, 0x202F, 0x205F, 0x2060, 0x206F, 0x2070, 0x3000, 0xFEFF, 0x1F600,
    ].compactMap { Unicode.Scalar($0) }

    @Test("every one- and two-scalar text, and each between letters, cleans as the slow steps do")
    func agreesWithSlowSteps() {
        var texts: [String] = [""]
        for a in Self.scalars {
            texts.append(String(a))
            texts.append("a\(a)b")
            for b in Self.scalars { texts.append(String(a) + String(b)) }
        }
        texts += ["NGUYỄN VĂN AN", "Hộ tịch", "Phí", " Phí", "Phí\u{A0}", "Nguye\u{302}\u{303}n", "Lệ phí – 2024"]
        var fast = 0
        for text in texts {
            let cleaned = TextNormalization.clean(text)
            let slow = Self.slowClean(text)
            #expect(Array(cleaned.text.utf8) == Array(slow.text.utf8) && cleaned.removed == slow.removed,
                    "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            if TextNormalization.isClean(text) == true {
                fast += 1
                #expect(Array(slow.text.utf8) == Array(text.utf8) && slow.removed == 0)
            }
        }
        #expect(fast > 200)  // the fast path was taken, so it was checked
    }
}
