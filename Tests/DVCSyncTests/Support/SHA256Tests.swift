import CCurlShim
import DVCSync
import Foundation
import Testing

/// SHA-256 against the standard's test vectors, and the CPU-accelerated path (SHA extensions, when this CPU has them)
/// against the portable code on every length across several blocks and on split incremental updates.
@Suite struct SHA256Tests {
    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    static func digest(_ bytes: [UInt8], portable: Bool) -> String {
        var out = [UInt8](repeating: 0, count: 32)
        bytes.withUnsafeBufferPointer { input in
            if portable {
                dvc_sha256_portable(input.baseAddress, input.count, &out)
            } else {
                dvc_sha256(input.baseAddress, input.count, &out)
            }
        }
        return hex(out)
    }

    @Test func standardVectors() {
        let vectors: [(String, String)] = [
            ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
            ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
            ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ]
        for (text, expected) in vectors {
            #expect(Self.digest(Array(text.utf8), portable: false) == expected, "\(text)")
            #expect(Self.digest(Array(text.utf8), portable: true) == expected, "\(text)")
        }
        // One million "a", fed in uneven pieces.
        var context = dvc_sha256_ctx()
        dvc_sha256_init(&context)
        let piece = [UInt8](repeating: UInt8(ascii: "a"), count: 1000)
        var fed = 0
        var size = 1
        while fed < 1_000_000 {
            let count = min(size, piece.count, 1_000_000 - fed)
            piece.withUnsafeBufferPointer { dvc_sha256_update(&context, $0.baseAddress, count) }
            fed += count
            size = size % 997 + 13
        }
        var out = [UInt8](repeating: 0, count: 32)
        dvc_sha256_final(&context, &out)
        #expect(Self.hex(out) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func acceleratedMatchesPortableOnEveryLength() {
        var random = SystemRandomNumberGenerator()
        let data = (0..<1100).map { _ in UInt8.random(in: 0...255, using: &random) }
        for length in 0...data.count {
            let slice = Array(data[0..<length])
            #expect(Self.digest(slice, portable: false) == Self.digest(slice, portable: true), "length \(length)")
        }
        // ContentHash goes through the accelerated path.
        #expect(ContentHash.sha256Hex(data) == Self.digest(data, portable: true))
        print("SHA-256 uses the CPU's SHA extensions: \(dvc_sha256_accelerated() == 1)")
    }
}
