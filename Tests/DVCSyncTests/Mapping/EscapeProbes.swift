/// Strings of `a` with one special character (control bytes, quote, backslash, DEL, slash, non-ASCII) at every
/// position around the eight-byte steps of the string scans, in lengths ending inside and at step boundaries.
enum EscapeProbes {
    static let specials = (UInt8(0)..<0x20).map { String(UnicodeScalar($0)) } + ["\"", "\\", "\u{7F}", "é", "ệ", "/", "a"]

    /// Each probe with the special character, its position and the string's length.
    static var all: [(text: String, special: String, position: Int, length: Int)] {
        var probes: [(String, String, Int, Int)] = []
        for special in specials {
            for position in 0..<18 {
                for length in [position + 1, 9, 17, 24] where length > position {
                    var parts = Array(repeating: "a", count: length)
                    parts[position] = special
                    probes.append((parts.joined(), special, position, length))
                }
            }
        }
        return probes
    }
}
