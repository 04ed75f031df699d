import DVCJSON

/// A growable byte buffer for writing canonical JSON, appended to through a pointer (no uniqueness or reference
/// counting per append, unlike `[UInt8]`); the bytes are copied out once at the end.
struct ByteWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Bytes written so far.
    private(set) var count = 0

    init(capacity: Int) {
        self.capacity = max(16, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The bytes written, as an array.
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(count + extra) }
    }

    @inline(never)
    private mutating func grow(_ needed: Int) {
        let larger = max(needed, capacity * 2)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.update(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = larger
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        reserve(bytes.count)
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    @inline(__always)
    mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    /// Drops what was written after the first `count` bytes.
    mutating func truncate(to count: Int) {
        self.count = min(count, self.count)
    }

    /// Appends `text` as a JSON string literal, byte for byte `JSONWriter.writeString`.
    @inline(__always)
    mutating func appendString(_ text: String) {
        let copied: Bool? = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard !JSONWriter.needsEscape(utf8: bytes) else { return false }
            reserve(bytes.count + 2)
            base[count] = UInt8(ascii: "\"")
            if let source = bytes.baseAddress { (base + count + 1).update(from: source, count: bytes.count) }
            base[count + 1 + bytes.count] = UInt8(ascii: "\"")
            count += bytes.count + 2
            return true
        }
        if copied == true { return }
        var escaped: [UInt8] = []
        JSONWriter.writeString(text, into: &escaped)
        append(escaped)
    }
}
