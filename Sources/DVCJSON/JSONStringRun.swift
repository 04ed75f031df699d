/// Scanning the inside of a JSON string eight bytes at a time.
public enum JSONStringRun {
    /// How many bytes from `offset` in `bytes` can be skipped inside a string without looking at them one by one:
    /// a multiple of eight, ending before the first eight-byte word that holds a quote, a backslash or a control
    /// character (below 0x20). The caller goes on byte by byte from there; bytes at or above 0x80 are plain here
    /// (UTF-8 is validated separately).
    @inline(__always)
    public static func plainPrefix(_ bytes: UnsafeBufferPointer<UInt8>, from offset: Int) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        var index = offset
        while index + 8 <= bytes.count {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            // A zero byte in `quote` or `backslash`, or a byte below 0x20 in `word` (no false negatives; a false
            // positive only sends the caller to its byte loop early).
            let special = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
                | ((word &- ones &* 0x20) & ~word)
            if special & high != 0 { break }
            index += 8
        }
        return index - offset
    }
}
