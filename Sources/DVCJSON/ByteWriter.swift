/// A growable byte buffer for writing canonical JSON, appended to through a pointer (no uniqueness or reference
/// counting per append, unlike `[UInt8]`); the bytes are copied out once at the end.
public struct ByteWriter: ~Copyable {
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var capacity: Int
    @usableFromInline var written = 0
    /// Bytes written so far.
    @inlinable public var count: Int { written }

    /// An empty buffer with room for `capacity` bytes.
    @inlinable public init(capacity: Int) {
        self.capacity = max(16, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The bytes written, as an array.
    @inlinable public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: written)) }

    /// Makes room for `extra` more bytes.
    @inlinable @inline(__always)
    public mutating func reserve(_ extra: Int) {
        if written + extra > capacity { grow(written + extra) }
    }

    @usableFromInline @inline(never)
    mutating func grow(_ needed: Int) {
        let larger = max(needed, capacity * 2)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.update(from: base, count: written)
        base.deallocate()
        base = moved
        capacity = larger
    }

    /// Appends one byte.
    @inlinable @inline(__always)
    public mutating func append(_ byte: UInt8) {
        reserve(1)
        base[written] = byte
        written += 1
    }

    /// Appends the bytes of a buffer.
    @inlinable @inline(__always)
    public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        reserve(bytes.count)
        (base + written).update(from: source, count: bytes.count)
        written += bytes.count
    }

    /// Appends the bytes of an array.
    @inlinable @inline(__always)
    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    /// Drops what was written after the first `count` bytes.
    @inlinable public mutating func truncate(to count: Int) {
        written = min(count, written)
    }

    /// Appends `text` as a JSON string literal, byte for byte `JSONWriter.writeString`.
    @inlinable @inline(__always)
    public mutating func appendString(_ text: String) {
        let copied: Bool? = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            guard !JSONWriter.needsEscape(utf8: bytes) else { return false }
            reserve(bytes.count + 2)
            base[written] = UInt8(ascii: "\"")
            if let source = bytes.baseAddress { (base + written + 1).update(from: source, count: bytes.count) }
            base[written + 1 + bytes.count] = UInt8(ascii: "\"")
            written += bytes.count + 2
            return true
        }
        if copied == true { return }
        var escaped: [UInt8] = []
        JSONWriter.writeString(text, into: &escaped)
        append(escaped)
    }
}
