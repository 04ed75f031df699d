import Foundation

/// Unicode NFC for Latin text (decomposed Vietnamese in particular) without bridging to Foundation per call.
/// The decompositions and composition pairs are taken once from Foundation's own normaliser, so the result is the
/// bytes `precomposedStringWithCanonicalMapping` gives; text with any scalar outside the covered set returns nil and
/// goes to Foundation.
enum LatinComposition {
    /// Decomposition data of the covered scalars.
    struct Tables: Sendable {
        /// Canonical combining class of U+0300–U+036F, for the marks the covered letters decompose to (0: not covered).
        var markClass = [UInt8](repeating: 0, count: 0x70)
        /// Full decomposition of U+00C0–U+02FF and U+1E00–U+1EFF: base scalar in the low 32 bits, then up to three
        /// marks as `mark - 0x2FF` in the following bytes; 0 = no decomposition, `UInt64.max` = not covered.
        var decomposition = [UInt64](repeating: 0, count: 0x240 + 0x100)
        /// Primary composites by `starter << 8 | (mark - 0x2FF)`.
        var pairs: [UInt64: UInt32] = [:]

        static func slot(_ value: UInt32) -> Int? {
            if value >= 0xC0 && value < 0x300 { return Int(value - 0xC0) }
            if value >= 0x1E00 && value < 0x1F00 { return 0x240 + Int(value - 0x1E00) }
            return nil
        }

        init() {
            var pending: [(prefix: [Unicode.Scalar], mark: UInt32, composite: UInt32)] = []
            for value in Array(UInt32(0xC0)..<0x300) + Array(UInt32(0x1E00)..<0x1F00) {
                guard let scalar = Unicode.Scalar(value), let slot = Self.slot(value) else { continue }
                let parts = Array(String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars)
                if parts == [scalar] { continue }
                let marks = parts.dropFirst().map(\.value)
                guard parts.count >= 2, parts.count <= 4, parts[0].properties.canonicalCombiningClass.rawValue == 0,
                    marks.allSatisfy({ $0 >= 0x300 && $0 < 0x370 })
                else {
                    decomposition[slot] = .max
                    continue
                }
                var packed = UInt64(parts[0].value)
                for (offset, mark) in marks.enumerated() {
                    packed |= UInt64(mark - 0x2FF) << (32 + 8 * offset)
                    let ccc = Unicode.Scalar(mark)!.properties.canonicalCombiningClass.rawValue
                    markClass[Int(mark - 0x300)] = ccc
                }
                decomposition[slot] = packed
                pending.append((Array(parts.dropLast()), marks.last!, value))
            }
            for (prefix, mark, composite) in pending {
                // The letter composes from its decomposition without the last mark, composed, plus that mark.
                let head = Array(String(String.UnicodeScalarView(prefix)).precomposedStringWithCanonicalMapping
                    .unicodeScalars)
                let whole = String(String.UnicodeScalarView(head + [Unicode.Scalar(mark)!]))
                guard head.count == 1,
                    whole.precomposedStringWithCanonicalMapping.unicodeScalars.map(\.value) == [composite]
                else { continue }
                pairs[UInt64(head[0].value) << 8 | UInt64(mark - 0x2FF)] = composite
            }
        }
    }

    static let tables = Tables()

    /// NFC of `text`, or nil when a scalar is outside what the tables cover (Foundation decides then).
    /// Covered: U+0000–U+02FF but U+00A8, the marks Latin letters decompose to, U+1E00–U+1EFF, U+2010–U+206F.
    static func compose(_ text: String) -> String? {
        let tables = Self.tables
        var text = text
        return text.withUTF8 { bytes -> String? in
            withUnsafeTemporaryAllocation(of: UInt32.self, capacity: bytes.count * 3 + 1) { buffer -> String? in
                guard let count = decompose(bytes, into: buffer, tables) else { return nil }
                reorder(buffer, count, tables)
                let composed = composePairs(buffer, count, tables)
                return String(unsafeUninitializedCapacity: composed * 3) { out in
                    var w = 0
                    for index in 0..<composed {
                        let v = buffer[index]
                        if v < 0x80 {
                            out[w] = UInt8(v); w += 1
                        } else if v < 0x800 {
                            out[w] = UInt8(0xC0 | (v >> 6)); out[w + 1] = UInt8(0x80 | (v & 0x3F)); w += 2
                        } else {
                            out[w] = UInt8(0xE0 | (v >> 12)); out[w + 1] = UInt8(0x80 | ((v >> 6) & 0x3F))
                            out[w + 2] = UInt8(0x80 | (v & 0x3F)); w += 3
                        }
                    }
                    return w
                }
            }
        }
    }

    /// Fully decomposed scalars of well-formed UTF-8 `bytes`; nil at the first scalar not covered.
    @inline(__always)
    private static func decompose(
        _ bytes: UnsafeBufferPointer<UInt8>, into buffer: UnsafeMutableBufferPointer<UInt32>, _ tables: Tables
    ) -> Int? {
        var i = 0
        var n = 0
        while i < bytes.count {
            let b0 = UInt32(bytes[i])
            let value: UInt32
            if b0 < 0x80 {
                buffer[n] = b0
                n += 1
                i += 1
                continue
            } else if b0 < 0xE0 {
                guard i + 1 < bytes.count else { return nil }
                value = (b0 & 0x1F) << 6 | UInt32(bytes[i + 1] & 0x3F)
                i += 2
            } else if b0 < 0xF0 {
                guard i + 2 < bytes.count else { return nil }
                value = (b0 & 0x0F) << 12 | UInt32(bytes[i + 1] & 0x3F) << 6 | UInt32(bytes[i + 2] & 0x3F)
                i += 3
            } else {
                return nil
            }
            if value >= 0x300 && value < 0x370 {
                guard tables.markClass[Int(value - 0x300)] != 0 else { return nil }
                buffer[n] = value
                n += 1
            } else if let slot = Tables.slot(value) {
                let packed = tables.decomposition[slot]
                if packed == .max { return nil }
                if packed == 0 {
                    buffer[n] = value
                    n += 1
                    continue
                }
                buffer[n] = UInt32(truncatingIfNeeded: packed)
                n += 1
                var marks = packed >> 32
                while marks != 0 {
                    buffer[n] = UInt32(marks & 0xFF) + 0x2FF
                    n += 1
                    marks >>= 8
                }
            } else if (value < 0x300 && value != 0xA8) || (value >= 0x2010 && value < 0x2070) {
                // U+00A8 DIAERESIS composes with marks into Greek letters (U+0385, U+1FED), outside the tables.
                buffer[n] = value
                n += 1
            } else {
                return nil
            }
        }
        return n
    }

    @inline(__always)
    private static func combiningClass(_ value: UInt32, _ tables: Tables) -> UInt8 {
        value >= 0x300 && value < 0x370 ? tables.markClass[Int(value - 0x300)] : 0
    }

    /// Canonical ordering: each run of marks sorted by combining class, stably.
    @inline(__always)
    private static func reorder(_ buffer: UnsafeMutableBufferPointer<UInt32>, _ count: Int, _ tables: Tables) {
        guard count > 1 else { return }
        for index in 1..<count {
            let value = buffer[index]
            let ccc = combiningClass(value, tables)
            if ccc == 0 { continue }
            var j = index
            while j > 0 {
                let before = combiningClass(buffer[j - 1], tables)
                if before <= ccc || before == 0 { break }
                buffer[j] = buffer[j - 1]
                j -= 1
            }
            buffer[j] = value
        }
    }

    /// Canonical composition in place (UAX #15); returns the new count.
    @inline(__always)
    private static func composePairs(_ buffer: UnsafeMutableBufferPointer<UInt32>, _ count: Int, _ tables: Tables)
        -> Int
    {
        guard count > 1 else { return count }
        var starter = combiningClass(buffer[0], tables) == 0 ? 0 : -1
        var lastClass: Int = starter == 0 ? 0 : 256
        var w = 1
        for r in 1..<count {
            let value = buffer[r]
            let ccc = Int(combiningClass(value, tables))
            if starter >= 0, ccc != 0, lastClass < ccc || lastClass == 0,
                let composite = tables.pairs[UInt64(buffer[starter]) << 8 | UInt64(value - 0x2FF)]
            {
                buffer[starter] = composite
                continue
            }
            if ccc == 0 { starter = w }
            lastClass = ccc
            buffer[w] = value
            w += 1
        }
        return w
    }
}
