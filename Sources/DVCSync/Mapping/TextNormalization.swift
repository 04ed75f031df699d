import Foundation

/// Unicode NFC as the mapping computes it, for code outside the mapping engine (a hand-written mapping compared with it).
public enum UnicodeNFC {
    /// The NFC form of `text`: Latin and Vietnamese composed by `LatinComposition`, anything else by Foundation.
    public static func compose(_ text: String) -> String {
        LatinComposition.compose(text) ?? text.precomposedStringWithCanonicalMapping
    }
}

/// Text steps of the mapping: trimming, Unicode NFC and truncation counted in Unicode scalars after NFC.
enum TextNormalization {
    /// Trims white space and returns the NFC form; Foundation composes only text outside `LatinComposition`'s range.
    @inline(__always)
    static func normalize(_ text: String) -> String {
        if isClean(text) == true { return text }
        let trimmed = trim(text)
        if isKnownNFC(trimmed) { return trimmed }
        return UnicodeNFC.compose(trimmed)
    }

    /// One pass over contiguous UTF-8: true when `clean` would return the text unchanged because it has no control
    /// character, no white space at either end and only scalars `isKnownNFC` accepts (ASCII, U+0080–U+02FF, Latin
    /// Extended Additional, U+2010–U+206F); false when the slow steps must decide; nil when the storage is not
    /// contiguous.
    @inline(__always)
    static func isClean(_ text: String) -> Bool? {
        text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            let count = bytes.count
            guard count > 0 else { return true }
            if bytes[0] <= 32 { return false }
            var i = 0
            var lastStart = 0
            let ones: UInt64 = 0x0101_0101_0101_0101
            let high: UInt64 = 0x8080_8080_8080_8080
            while i < count {
                if i + 8 <= count {
                    // Eight ASCII bytes at once: none at or above 0x80, none below 0x20, none equal to 0x7F.
                    let word = UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self)
                    let del = word ^ (ones &* 0x7F)
                    if (word | ((word &- ones &* 0x20) & ~word) | ((del &- ones) & ~del)) & high == 0 {
                        lastStart = i + 7
                        i += 8
                        continue
                    }
                }
                let b0 = bytes[i]
                lastStart = i
                if b0 < 0x80 {
                    if b0 < 0x20 || b0 == 0x7F { return false }
                    i += 1
                } else if b0 >= 0xC2 && b0 < 0xCC {  // U+0080–U+02FF
                    guard i + 1 < count else { return false }
                    let b1 = bytes[i + 1]
                    // C1 controls (U+0080–U+009F), NBSP (U+00A0) and U+0085 go the slow way.
                    if b0 == 0xC2 && b1 <= 0xA0 { return false }
                    i += 2
                } else if b0 == 0xE1 {  // U+1E00–U+1EFF
                    guard i + 2 < count else { return false }
                    let b1 = bytes[i + 1]
                    if b1 < 0xB8 || b1 > 0xBB { return false }
                    i += 3
                } else if b0 == 0xE2 {  // U+2010–U+206F, without the separators and spaces in it
                    guard i + 2 < count else { return false }
                    let b1 = bytes[i + 1], b2 = bytes[i + 2]
                    if b1 == 0x80 {
                        if b2 < 0x90 || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF { return false }
                    } else if b1 == 0x81 {
                        if b2 > 0xAF || b2 == 0x9F { return false }
                    } else {
                        return false
                    }
                    i += 3
                } else {
                    return false
                }
            }
            // The first byte was checked above; an ASCII last scalar must not be a space.
            return bytes[lastStart] >= 0x80 || bytes[lastStart] > 32
        }
    }

    /// `normalize`, then control characters removed (with their count): what the mapping's `normalize` step does.
    @inline(__always)
    static func clean(_ text: String) -> (text: String, removed: Int) {
        if isClean(text) == true { return (text, 0) }
        let normal = normalize(text)
        guard let stripped = removingControls(normal) else { return (normal, 0) }
        return (trim(stripped.text), stripped.removed)
    }

    /// Removes leading and trailing white space as Foundation's `.whitespacesAndNewlines` does, when the first or
    /// last scalar is Unicode White_Space.
    @inline(__always)
    static func trim(_ text: String) -> String {
        let utf8 = text.utf8
        // Printable ASCII at both ends: nothing to trim (a non-ASCII last byte needs its whole scalar).
        if let first = utf8.first, let last = utf8.last, first > 32, first < 0x7F, last > 32, last < 0x7F {
            return text
        }
        let scalars = text.unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return text }
        if !isSpace(first) && !isSpace(last) { return text }
        // Foundation's `.whitespacesAndNewlines`, without bridging to NSString.
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, isTrimmed(scalars[start]) { start = scalars.index(after: start) }
        while start < end {
            let before = scalars.index(before: end)
            guard isTrimmed(scalars[before]) else { break }
            end = before
        }
        return String(scalars[start..<end])
    }

    /// What Foundation's `.whitespacesAndNewlines` trims: Unicode White_Space and U+200B.
    @inline(__always)
    private static func isTrimmed(_ scalar: Unicode.Scalar) -> Bool { isSpace(scalar) || scalar.value == 0x200B }

    @inline(__always)
    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 { return v == 32 || (v >= 9 && v <= 13) }
        return scalar.properties.isWhitespace
    }

    /// True when every scalar is in a block with no decomposable or combining characters (NFC quick check "yes"):
    /// below U+0300, Latin Extended Additional (precomposed Vietnamese), general punctuation after U+2010.
    @inline(__always)
    static func isKnownNFC(_ text: String) -> Bool {
        let ascii = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            var high: UInt8 = 0
            for byte in bytes { high |= byte }
            return high < 0x80
        }
        if ascii == true { return true }
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x300 || (v >= 0x1E00 && v < 0x1F00) || (v >= 0x2010 && v < 0x2070) { continue }
            return false
        }
        return true
    }

    /// `text` without its control characters (C0 other than tab, line feed and carriage return; DEL; C1), with the
    /// number removed, or nil when it has none. Portals refuse them and no official text needs them.
    static func removingControls(_ text: String) -> (text: String, removed: Int)? {
        let found = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            var previous: UInt8 = 0
            for byte in bytes {
                if (byte < 0x20 && byte != 9 && byte != 10 && byte != 13) || byte == 0x7F { return true }
                if previous == 0xC2 && byte >= 0x80 && byte <= 0x9F { return true }
                previous = byte
            }
            return false
        } ?? text.unicodeScalars.contains(where: isControl)
        guard found else { return nil }
        var kept = String.UnicodeScalarView()
        var removed = 0
        for scalar in text.unicodeScalars {
            if isControl(scalar) { removed += 1 } else { kept.append(scalar) }
        }
        return (String(kept), removed)
    }

    @inline(__always)
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (v < 0x20 && v != 9 && v != 10 && v != 13) || (v >= 0x7F && v <= 0x9F)
    }

    /// The first `limit` Unicode scalars of (NFC) `text`, or nil when it is already short enough.
    static func truncated(_ text: String, to limit: Int) -> String? {
        if text.utf8.count <= limit { return nil }  // never more scalars than UTF-8 bytes
        let scalars = text.unicodeScalars
        var count = 0
        var index = scalars.startIndex
        while index != scalars.endIndex {
            if count == limit { return String(scalars[scalars.startIndex..<index]) }
            count += 1
            index = scalars.index(after: index)
        }
        return nil
    }
}
