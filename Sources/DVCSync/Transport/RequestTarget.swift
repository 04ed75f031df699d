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
        let lowered = host.lowercased()
        if lowered == "localhost" || lowered == "[::1]" { return true }
        let octets = lowered.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
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
