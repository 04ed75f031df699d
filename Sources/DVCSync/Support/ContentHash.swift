import CCurlShim

/// SHA-256 digests of bytes and of canonical JSON, written as lowercase hex.
public enum ContentHash {
    /// Hex SHA-256 of `bytes`.
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        bytes.withUnsafeBufferPointer { input in
            digest.withUnsafeMutableBufferPointer { output in
                dvc_sha256(input.baseAddress, input.count, output.baseAddress!)
            }
        }
        return hex(digest)
    }

    /// Hex SHA-256 of the bytes in `buffer`.
    public static func sha256Hex(_ buffer: UnsafeRawBufferPointer) -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        digest.withUnsafeMutableBufferPointer { output in
            dvc_sha256(buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), buffer.count, output.baseAddress!)
        }
        return hex(digest)
    }

    /// Hex SHA-256 of a string's UTF-8 bytes.
    public static func sha256Hex(_ text: String) -> String { sha256Hex(Array(text.utf8)) }

    /// Hex SHA-256 of the canonical JSON form of `value` (sorted keys, no whitespace).
    public static func of(_ value: JSONValue) -> String { sha256Hex(JSONWriter.bytes(value)) }

    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    static func hex(_ bytes: [UInt8]) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
