/// A small hand-written JSON writer into `[UInt8]`, fast enough to render pages of 500 dossiers per request.
struct JSONBytes {
    var bytes: [UInt8] = []
    private var needsComma: [Bool] = []

    init(capacity: Int = 4096) { bytes.reserveCapacity(capacity) }

    mutating func beginObject() { valueStart(); bytes.append(0x7B); needsComma.append(false) }
    mutating func endObject() { bytes.append(0x7D); needsComma.removeLast() }
    mutating func beginArray() { valueStart(); bytes.append(0x5B); needsComma.append(false) }
    mutating func endArray() { bytes.append(0x5D); needsComma.removeLast() }

    /// Writes `"name":` (with a comma when needed); the value must follow.
    mutating func key(_ name: StaticString) {
        comma()
        bytes.append(0x22)
        name.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(0x22); bytes.append(0x3A)
        pendingValueAfterKey = true
    }

    private var pendingValueAfterKey = false

    private mutating func comma() {
        if let last = needsComma.last {
            if last { bytes.append(0x2C) }
            needsComma[needsComma.count - 1] = true
        }
    }

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
    mutating func raw(_ json: [UInt8]) { valueStart(); bytes.append(contentsOf: json) }

    /// Writes a date `dd/MM/yyyy HH:mm:ss`, or `""` when `t` is nil.
    mutating func date(_ t: Int64?) {
        valueStart()
        bytes.append(0x22)
        if let t { appendDateTime(t) }
        bytes.append(0x22)
    }

    mutating func appendDateTime(_ t: Int64) {
        let c = ProvinceTime.civil(t)
        two(c.day); bytes.append(0x2F); two(c.month); bytes.append(0x2F); four(c.year)
        bytes.append(0x20); two(c.hour); bytes.append(0x3A); two(c.minute); bytes.append(0x3A); two(c.second)
    }

    mutating func two(_ v: Int) { bytes.append(UInt8(48 + v / 10 % 10)); bytes.append(UInt8(48 + v % 10)) }
    mutating func four(_ v: Int) { two(v / 100); two(v % 100) }

    mutating func appendRaw(_ s: String) { bytes.append(contentsOf: s.utf8) }

    mutating func appendInt(_ value: Int64) {
        if value == 0 { bytes.append(0x30); return }
        var v = value.magnitude
        if value < 0 { bytes.append(0x2D) }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { buf in
            while v > 0 { buf[n] = UInt8(48 + v % 10); v /= 10; n += 1 }
            for i in stride(from: n - 1, through: 0, by: -1) { bytes.append(buf[i]) }
        }
    }

    mutating func appendQuoted(_ s: String) {
        bytes.append(0x22)
        let done: Void? = s.utf8.withContiguousStorageIfAvailable { appendEscaping($0) }
        if done == nil {
            var text = s
            text.withUTF8 { appendEscaping($0) }
        }
        bytes.append(0x22)
    }

    private mutating func appendEscaping(_ buf: UnsafeBufferPointer<UInt8>) {
        if !buf.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
            bytes.append(contentsOf: buf)
        } else {
            for b in buf { appendEscaped(b) }
        }
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    private mutating func appendEscaped(_ b: UInt8) {
        switch b {
        case 0x22: bytes.append(0x5C); bytes.append(0x22)
        case 0x5C: bytes.append(0x5C); bytes.append(0x5C)
        case 0x0A: bytes.append(0x5C); bytes.append(0x6E)
        case 0x0D: bytes.append(0x5C); bytes.append(0x72)
        case 0x09: bytes.append(0x5C); bytes.append(0x74)
        case 0..<0x20:
            bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, JSONBytes.hex[Int(b >> 4)], JSONBytes.hex[Int(b & 15)]])
        default: bytes.append(b)
        }
    }
}
