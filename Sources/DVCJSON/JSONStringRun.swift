/// Scanning the inside of a JSON string eight bytes at a time.
public enum JSONStringRun {
    /// How many bytes from `offset` in `bytes` can be skipped inside a string without looking at them one by one.
    /// When a quote, a backslash or a control character (below 0x20) lies in the eight-byte words read, the count
    /// ends exactly at the first of them; otherwise it is a multiple of eight that stops fewer than eight bytes
    /// before the end. The caller goes on byte by byte from there; bytes at or above 0x80 are plain here (UTF-8 is
    /// validated separately).
    @inlinable @inline(__always)
    public static func plainPrefix(_ bytes: UnsafeBufferPointer<UInt8>, from offset: Int) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        var index = offset
        while index + 8 <= bytes.count {
            // Little-endian order puts the first byte in the lowest bits on every platform.
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            // High bit of each byte that is a quote, a backslash or below 0x20. A byte can be flagged wrongly only
            // above a byte that is rightly flagged (a borrow), so the lowest flag is the first such byte.
            let special = (((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
                | ((word &- ones &* 0x20) & ~word)) & high
            if special != 0 { return index - offset + (special.trailingZeroBitCount >> 3) }
            index += 8
        }
        return index - offset
    }
}
