@testable import DVCSync
import Foundation
import Testing

/// `LatinComposition` replaces Foundation's NFC for Latin text; wherever it answers, the bytes must be Foundation's.
@Suite("Mapping Latin composition")
struct MappingLatinCompositionTests {
    /// The marks Vietnamese writes with: grave, acute, circumflex, tilde, breve, hook above, horn, dot below.
    static let vietnameseMarks: [UInt32] = [0x300, 0x301, 0x302, 0x303, 0x306, 0x309, 0x31B, 0x323]

    static func text(_ values: [UInt32]) -> String {
        String(String.UnicodeScalarView(values.compactMap(Unicode.Scalar.init)))
    }

    /// Compares with Foundation; returns whether the fast path answered.
    static func check(_ text: String, _ differ: inout [String]) -> Bool {
        guard let fast = LatinComposition.compose(text) else { return false }
        if Array(fast.utf8) != Array(text.precomposedStringWithCanonicalMapping.utf8) {
            differ.append(text.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: " "))
        }
        return true
    }

    @Test("every Latin letter with one covered mark, or two Vietnamese marks in either order, composes as Foundation")
    func agreesWithFoundation() {
        let tables = LatinComposition.tables
        let covered = (UInt32(0x300)..<0x370).filter { tables.markClass[Int($0 - 0x300)] != 0 }
        #expect(Set(Self.vietnameseMarks).isSubset(of: covered))
        let starters = Array(UInt32(0x20)..<0x7F) + Array(UInt32(0xA0)..<0x300) + Array(UInt32(0x1E00)..<0x1F00)
        var differ: [String] = []
        var answered = 0
        for starter in starters {
            for mark in covered where Self.check(Self.text([starter, mark]), &differ) { answered += 1 }
            for first in Self.vietnameseMarks {
                for second in Self.vietnameseMarks where Self.check(Self.text([starter, first, second]), &differ) {
                    answered += 1
                }
            }
            if Self.check(Self.text([0x61, starter, 0x323, 0x62]), &differ) { answered += 1 }
        }
        #expect(differ.isEmpty, "differ: \(differ.prefix(10))")
        #expect(answered > 50_000)
    }

    @Test("Vietnamese vowels with three marks in every order, and whole decomposed sentences, compose as Foundation")
    func vietnameseSequences() {
        var differ: [String] = []
        var answered = 0
        for vowel in "aăâeêioôơuưyAĂÂEÊIOÔƠUƯY".unicodeScalars.map(\.value) {
            for a in Self.vietnameseMarks {
                for b in Self.vietnameseMarks {
                    for c in Self.vietnameseMarks where Self.check(Self.text([vowel, a, b, c, 0x20]), &differ) {
                        answered += 1
                    }
                }
            }
        }
        for sentence in ["TRẦN THỊ HOÀNG OANH", "Xin cấp Phiếu lý lịch tư pháp để bổ sung hồ sơ xin việc",
                         "Tờ khai yêu cầu cấp Phiếu LLTP.pdf", "Đăng ký khai sinh – bản sao “số 2”"]
        {
            let decomposed = sentence.decomposedStringWithCanonicalMapping
            #expect(LatinComposition.compose(decomposed).map { Array($0.utf8) } == Array(sentence.utf8))
            #expect(Self.check(decomposed, &differ))
        }
        #expect(differ.isEmpty, "differ: \(differ.prefix(10))")
        #expect(answered == 24 * 512)
    }

    @Test("text with scalars the tables do not cover is left to Foundation")
    func uncoveredGoesToFoundation() {
        for text in ["=\u{338}", "\u{A8}\u{301}", "α\u{301}", "a\u{340}", "a\u{35C}b", "日本", "a\u{1F600}", "Ω", "\u{212B}"] {
            #expect(LatinComposition.compose(text) == nil, "\(text.unicodeScalars.map(\.value))")
        }
        #expect(TextNormalization.normalize(" =\u{338} ") == "\u{2260}")
        #expect(TextNormalization.normalize("Nguye\u{302}\u{303}n ") == "Nguyễn")
    }
}
