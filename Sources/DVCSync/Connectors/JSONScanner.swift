import DVCJSON

/// Malformed JSON met by `JSONScanner`.
struct JSONScanError: Error {
    var offset: Int
    var reason: String
}

/// Walks JSON text without building values: checks its syntax as `JSONParser` does (RFC 8259, the same nesting
/// limit) and hands out the bytes of the values a reader wants. Strings are not checked for UTF-8 here; a value
/// decoded with `decode` is (malformed UTF-8 becomes U+FFFD there).
struct JSONScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The byte at the cursor (0 at the end).
    var peek: UInt8 { index < bytes.count ? bytes[index] : 0 }

    func fail(_ reason: String) -> JSONScanError { JSONScanError(offset: index, reason: reason) }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// Calls `body` for each member of the object at the cursor with its key (the cursor on the member's value,
    /// which `body` must consume); leaves the cursor after the object.
    mutating func members(depth: Int = 0, _ body: (Key, inout JSONScanner) throws(JSONScanError) -> Void)
        throws(JSONScanError)
    {
        try checkDepth(depth)
        guard peek == UInt8(ascii: "{") else { throw fail("expected an object") }
        index += 1
        skipWhitespace()
        if peek == UInt8(ascii: "}") { index += 1; return }
        while true {
            skipWhitespace()
            guard peek == UInt8(ascii: "\"") else { throw fail("expected key") }
            let key = Key(raw: try skipString())
            skipWhitespace()
            guard peek == UInt8(ascii: ":") else { throw fail("expected ':'") }
            index += 1
            skipWhitespace()
            try body(key, &self)
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"): index += 1; return
            case 0: throw fail("unterminated object")
            default: throw fail("expected ',' or '}'")
            }
        }
    }

    /// Calls `body` for each element of the array at the cursor (the cursor on the element, which `body` must
    /// consume); leaves the cursor after the array.
    mutating func elements(depth: Int = 1, _ body: (inout JSONScanner) throws(JSONScanError) -> Void)
        throws(JSONScanError)
    {
        try checkDepth(depth)
        index += 1
        skipWhitespace()
        if peek == UInt8(ascii: "]") { index += 1; return }
        while true {
            skipWhitespace()
            try body(&self)
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"): index += 1; return
            case 0: throw fail("unterminated array")
            default: throw fail("expected ',' or ']'")
            }
        }
    }

    /// Skips the value at the cursor and returns its bytes.
    mutating func value(depth: Int = 1) throws(JSONScanError) -> UnsafeBufferPointer<UInt8> {
        let start = index
        try skipValue(depth: depth)
        return UnsafeBufferPointer(rebasing: bytes[start..<index])
    }

    /// Skips one value, checking its syntax.
    mutating func skipValue(depth: Int) throws(JSONScanError) {
        try checkDepth(depth)
        switch peek {
        case UInt8(ascii: "{"):
            try members(depth: depth) { (_, scanner) throws(JSONScanError) in try scanner.skipValue(depth: depth + 1) }
        case UInt8(ascii: "["):
            try elements(depth: depth) { (scanner) throws(JSONScanError) in try scanner.skipValue(depth: depth + 1) }
        case UInt8(ascii: "\""): _ = try skipString()
        case UInt8(ascii: "t"): try literal("true")
        case UInt8(ascii: "f"): try literal("false")
        case UInt8(ascii: "n"): try literal("null")
        case 0 where index >= bytes.count: throw fail("unexpected end of input")
        default: try skipNumber()
        }
    }

    private func checkDepth(_ depth: Int) throws(JSONScanError) {
        guard depth < JSONParser.maxDepth else { throw fail("nesting deeper than \(JSONParser.maxDepth)") }
    }

    private mutating func literal(_ text: StaticString) throws(JSONScanError) {
        let count = text.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw fail("invalid literal") }
        for offset in 0..<count where bytes[index + offset] != text.utf8Start[offset] { throw fail("invalid literal") }
        index += count
    }

    /// Skips a string (quotes included), checking escapes and control characters; returns its bytes with quotes.
    private mutating func skipString() throws(JSONScanError) -> UnsafeBufferPointer<UInt8> {
        let start = index
        index += 1
        while index < bytes.count {
            index += JSONStringRun.plainPrefix(bytes, from: index)
            guard index < bytes.count else { break }
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return UnsafeBufferPointer(rebasing: bytes[start..<index])
            }
            if byte < 0x20 { throw fail("control character in string") }
            if byte == UInt8(ascii: "\\") {
                guard index + 1 < bytes.count else { break }
                switch bytes[index + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    index += 2
                case UInt8(ascii: "u"):
                    // Surrogates must come in pairs, high then low, as `JSONParser` requires.
                    let scalar = try hex4(at: index + 2)
                    index += 6
                    if (0xD800...0xDBFF).contains(scalar) {
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                            bytes[index + 1] == UInt8(ascii: "u"), (0xDC00...0xDFFF).contains(try hex4(at: index + 2))
                        else { throw fail("unpaired surrogate") }
                        index += 6
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw fail("unpaired surrogate")
                    }
                default: throw fail("invalid escape")
                }
                continue
            }
            index += 1
        }
        throw fail("unterminated string")
    }

    /// The four hex digits at `at`.
    private func hex4(at: Int) throws(JSONScanError) -> UInt32 {
        guard at + 4 <= bytes.count else { throw fail("short \\u escape") }
        var value: UInt32 = 0
        for byte in bytes[at..<at + 4] {
            switch byte {
            case 0x30...0x39: value = value << 4 | UInt32(byte - 0x30)
            case 0x41...0x46: value = value << 4 | UInt32(byte - 0x41 + 10)
            case 0x61...0x66: value = value << 4 | UInt32(byte - 0x61 + 10)
            default: throw fail("invalid hex digit")
            }
        }
        return value
    }

    /// Skips a number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    private mutating func skipNumber() throws(JSONScanError) {
        func digits(_ scanner: inout JSONScanner) -> Int {
            let start = scanner.index
            while scanner.index < scanner.bytes.count, (0x30...0x39).contains(scanner.bytes[scanner.index]) {
                scanner.index += 1
            }
            return scanner.index - start
        }
        if peek == UInt8(ascii: "-") { index += 1 }
        if peek == UInt8(ascii: "0") {
            index += 1
        } else if digits(&self) == 0 {
            throw fail("invalid number")
        }
        if peek == UInt8(ascii: ".") {
            index += 1
            guard digits(&self) > 0 else { throw fail("invalid number") }
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            index += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { index += 1 }
            guard digits(&self) > 0 else { throw fail("invalid number") }
        }
    }

    /// A member's key as written (quotes included).
    struct Key {
        let raw: UnsafeBufferPointer<UInt8>
        private let escaped: Bool

        init(raw: UnsafeBufferPointer<UInt8>) {
            self.raw = raw
            escaped = raw.contains(UInt8(ascii: "\\"))
        }

        /// Whether the key is `name` (UTF-8), escapes decoded.
        func `is`(_ name: [UInt8]) -> Bool {
            if !escaped {
                return raw.count == name.count + 2 && name.indices.allSatisfy { raw[$0 + 1] == name[$0] }
            }
            return JSONScanner.scalarText(raw).map { Array($0.utf8) == name } ?? false
        }
    }

    /// The text of a scalar value's bytes as `JSONValue.scalarText` gives it (malformed UTF-8 becomes U+FFFD);
    /// nil for null, objects and arrays.
    static func scalarText(_ value: UnsafeBufferPointer<UInt8>) -> String? {
        guard let first = value.first else { return nil }
        switch first {
        case UInt8(ascii: "\""):
            if !value.contains(UInt8(ascii: "\\")) {
                return String(decoding: UnsafeBufferPointer(rebasing: value[1..<value.count - 1]), as: UTF8.self)
            }
            return decode(value)?.scalarText
        case UInt8(ascii: "t"): return "true"
        case UInt8(ascii: "f"): return "false"
        case UInt8(ascii: "-"), 0x30...0x39: return String(decoding: value, as: UTF8.self)
        default: return nil
        }
    }

    /// Decodes one value's bytes with `JSONParser` (malformed UTF-8 replaced); nil when they are not JSON.
    static func decode(_ value: UnsafeBufferPointer<UInt8>) -> JSONValue? {
        let copy = Array(value)
        if let parsed = try? JSONParser.parse(copy) { return parsed }
        return try? JSONParser.parse(String(decoding: copy, as: UTF8.self))
    }
}
