import DVCJSON

/// A small hand-written JSON writer, fast enough to render pages of 500 dossiers per request: bytes go through a
/// pointer-backed buffer (`ByteWriter`) and the comma state of each open container is one bit of a word.
struct JSONBytes: ~Copyable {
    private var out: ByteWriter
    /// Bit `n` set: the container open at depth `n + 1` already holds a member (the next one needs a comma).
    private var commaBits: UInt64 = 0
    private var depth = 0
    private var pendingValueAfterKey = false

    init(capacity: Int = 4096) { out = ByteWriter(capacity: capacity) }

    /// The bytes written, as an array.
    var bytes: [UInt8] { out.bytes }

    mutating func beginObject() { valueStart(); out.append(0x7B); open() }
    mutating func endObject() { out.append(0x7D); close() }
    mutating func beginArray() { valueStart(); out.append(0x5B); open() }
    mutating func endArray() { out.append(0x5D); close() }

    private mutating func open() {
        precondition(depth < 64, "JSONBytes nests at most 64 containers")
        depth += 1
        commaBits &= ~(1 << UInt64(depth - 1))
    }

    private mutating func close() { depth -= 1 }

    /// Writes `"name":` (with a comma when needed); the value must follow.
    mutating func key(_ name: StaticString) {
        comma()
        out.reserve(name.utf8CodeUnitCount + 3)
        out.append(0x22)
        out.append(UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        out.append(0x22); out.append(0x3A)
        pendingValueAfterKey = true
    }

    @inline(__always)
    private mutating func comma() {
        guard depth > 0 else { return }
        let bit: UInt64 = 1 << UInt64(depth - 1)
        if commaBits & bit != 0 { out.append(0x2C) } else { commaBits |= bit }
    }

    @inline(__always)
    private mutating func valueStart() {
        if pendingValueAfterKey { pendingValueAfterKey = false } else { comma() }
    }

    mutating func string(_ value: String) { valueStart(); appendQuoted(value) }

    mutating func int(_ value: Int64) { valueStart(); appendInt(value) }
    mutating func int(_ value: Int) { int(Int64(value)) }
    mutating func bool(_ value: Bool) { valueStart(); appendRaw(value ? "true" : "false") }
    mutating func null() { valueStart(); appendRaw("null") }

    /// Writes digits as a JSON number when they have no leading zero, else as a string (the source's coercion quirk).
    mutating func coercedDigits(_ value: String) {
        if let first = value.utf8.first, first != 0x30, value.utf8.count < 16, value.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            valueStart(); appendRaw(value)
        } else {
            string(value)
        }
    }

    /// Writes a pre-rendered JSON value verbatim.
    mutating func raw(_ json: [UInt8]) { valueStart(); out.append(json) }

    /// Writes a date `dd/MM/yyyy HH:mm:ss`, or `""` when `t` is nil.
    mutating func date(_ t: Int64?) {
        valueStart()
        out.append(0x22)
        if let t { appendDateTime(t) }
        out.append(0x22)
    }

    mutating func appendDateTime(_ t: Int64) {
        let c = ProvinceTime.civil(t)
        out.reserve(19)
        two(c.day); out.append(0x2F); two(c.month); out.append(0x2F); four(c.year)
        out.append(0x20); two(c.hour); out.append(0x3A); two(c.minute); out.append(0x3A); two(c.second)
    }

    mutating func two(_ v: Int) { out.append(UInt8(48 + v / 10 % 10)); out.append(UInt8(48 + v % 10)) }
    mutating func four(_ v: Int) { two(v / 100); two(v % 100) }

    /// Appends one raw byte.
    mutating func appendByte(_ byte: UInt8) { out.append(byte) }

    mutating func appendRaw(_ s: String) {
        let done: Void? = s.utf8.withContiguousStorageIfAvailable { out.append($0) }
        if done == nil { out.append(Array(s.utf8)) }
    }

    mutating func appendInt(_ value: Int64) {
        if value == 0 { out.append(0x30); return }
        var v = value.magnitude
        if value < 0 { out.append(0x2D) }
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        withUnsafeMutableBytes(of: &digits) { buf in
            var n = buf.count
            while v > 0 { n -= 1; buf[n] = UInt8(48 + v % 10); v /= 10 }
            out.append(UnsafeBufferPointer(start: buf.baseAddress!.assumingMemoryBound(to: UInt8.self) + n,
                                           count: buf.count - n))
        }
    }

    mutating func appendQuoted(_ s: String) {
        out.append(0x22)
        let done: Void? = s.utf8.withContiguousStorageIfAvailable { appendEscaping($0) }
        if done == nil {
            var text = s
            text.withUTF8 { appendEscaping($0) }
        }
        out.append(0x22)
    }

    private mutating func appendEscaping(_ buf: UnsafeBufferPointer<UInt8>) {
        var start = 0
        while start < buf.count {
            var end = start + JSONStringRun.plainPrefix(buf, from: start)
            while end < buf.count, buf[end] >= 0x20, buf[end] != 0x22, buf[end] != 0x5C { end += 1 }
            out.append(UnsafeBufferPointer(rebasing: buf[start..<end]))
            if end < buf.count { appendEscaped(buf[end]); end += 1 }
            start = end
        }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func appendEscaped(_ b: UInt8) {
        switch b {
        case 0x22: out.append(0x5C); out.append(0x22)
        case 0x5C: out.append(0x5C); out.append(0x5C)
        case 0x0A: out.append(0x5C); out.append(0x6E)
        case 0x0D: out.append(0x5C); out.append(0x72)
        case 0x09: out.append(0x5C); out.append(0x74)
        default:
            out.append(0x5C); out.append(0x75); out.append(0x30); out.append(0x30)
            out.append(JSONBytes.hex[Int(b >> 4)]); out.append(JSONBytes.hex[Int(b & 15)])
        }
    }
}
