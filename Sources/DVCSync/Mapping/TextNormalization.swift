import Foundation

/// Text steps of the mapping: trimming, Unicode NFC and truncation counted in Unicode scalars after NFC.
enum TextNormalization {
    /// Trims white space and returns the NFC form; ASCII and already-composed Vietnamese skip Foundation.
    @inline(__always)
    static func normalize(_ text: String) -> String {
        if let plain = plainASCII(text), plain { return text }
        let trimmed = trim(text)
        return isKnownNFC(trimmed) ? trimmed : trimmed.precomposedStringWithCanonicalMapping
    }

    /// One pass over contiguous UTF-8: true when the text is printable ASCII (no control character, no DEL) without
    /// surrounding white space, false when it is not, nil when the storage is not contiguous.
    @inline(__always)
    static func plainASCII(_ text: String) -> Bool? {
        text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard let first = bytes.first, let last = bytes.last else { return true }
            if first <= 32 || last <= 32 { return false }
            var high: UInt8 = 0
            var low: UInt8 = 0xFF
            for byte in bytes {
                high |= byte | (byte &+ 1)  // DEL (0x7F) + 1 sets the high bit too
                low = min(low, byte)
            }
            return high < 0x80 && low >= 0x20
        }
    }

    /// `normalize`, then control characters removed (with their count): what the mapping's `normalize` step does.
    @inline(__always)
    static func clean(_ text: String) -> (text: String, removed: Int) {
        if let plain = plainASCII(text), plain { return (text, 0) }
        let normal = normalize(text)
        guard let stripped = removingControls(normal) else { return (normal, 0) }
        return (trim(stripped.text), stripped.removed)
    }

    /// Removes leading and trailing ASCII and Unicode white space.
    @inline(__always)
    static func trim(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return text }
        if !isSpace(first) && !isSpace(last) { return text }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

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
