import CCurlShim

/// The parts of a request URL the transport checks before connecting, parsed with libcurl's own URL parser so the
/// check and the transfer cannot disagree.
struct RequestTarget: Sendable, Equatable {
    /// Lower-cased scheme: `http` or `https`.
    var scheme: String
    /// Host as libcurl sees it (IPv6 in brackets).
    var host: String
    /// Explicit port, if any.
    var port: String?
    /// Path without query or fragment.
    var path: String

    /// Host, port and path; safe for messages (no query, no user info).
    var redacted: String { host + (port.map { ":\($0)" } ?? "") + path }

    /// True for `localhost`, 127.0.0.0/8 and ::1.
    var isLoopback: Bool {
        let bytes = host.utf8
        if bytes.count == 9, zip(bytes, "localhost".utf8).allSatisfy({ $0 | 0x20 == $1 }) { return true }
        if bytes.elementsEqual("[::1]".utf8) { return true }
        // Four dot-separated decimal octets (1–3 digits, at most 255), the first 127; checked without allocating.
        var octets = 0
        var value = 0
        var digits = 0
        var first = -1
        for byte in bytes {
            if byte == UInt8(ascii: ".") {
                guard digits > 0, value <= 255 else { return false }
                if first < 0 { first = value }
                octets += 1
                (value, digits) = (0, 0)
            } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), digits < 3 {
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
            } else {
                return false
            }
        }
        return octets == 3 && digits > 0 && value <= 255 && first == 127
    }

    /// Parses `url`; nil when libcurl rejects it or the scheme is not http/https.
    init?(url: String) {
        guard let handle = curl_url() else { return nil }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, url, 0) == CURLUE_OK,
              let scheme = Self.part(handle, CURLUPART_SCHEME)?.lowercased(),
              scheme == "http" || scheme == "https",
              let host = Self.part(handle, CURLUPART_HOST), !host.isEmpty
        else { return nil }
        self.scheme = scheme
        self.host = host
        self.port = Self.part(handle, CURLUPART_PORT)
        self.path = Self.part(handle, CURLUPART_PATH) ?? "/"
    }

    /// Host + path of `url` for error messages, or a placeholder when it does not parse.
    static func redact(_ url: String) -> String {
        RequestTarget(url: url)?.redacted ?? "<invalid URL>"
    }

    private static func part(_ handle: OpaquePointer, _ part: CURLUPart) -> String? {
        var pointer: UnsafeMutablePointer<CChar>?
        guard curl_url_get(handle, part, &pointer, 0) == CURLUE_OK, let pointer else { return nil }
        defer { curl_free(pointer) }
        return String(cString: pointer)
    }
}
