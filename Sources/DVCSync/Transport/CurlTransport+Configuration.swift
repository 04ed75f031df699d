extension CurlTransport {
    /// Settings of the libcurl transport. Defaults suit the national portal (60 s read timeout) over a provincial
    /// network; see docs/transport.md.
    public struct Configuration: Sendable {
        /// Time allowed to resolve and connect, TLS handshake included. Default 10 s.
        public var connectTimeout: Duration = .seconds(10)
        /// Time allowed for the whole request, connect included. Default 60 s (the portal's read timeout).
        public var totalTimeout: Duration = .seconds(60)
        /// A transfer slower than this many bytes/s for `lowSpeedTime` is aborted as stalled. Default 1 byte/s.
        public var lowSpeedLimit: Int = 1
        /// How long a transfer may stay below `lowSpeedLimit` (whole seconds). Default 15 s.
        public var lowSpeedTime: Duration = .seconds(15)
        /// PEM file of CA certificates (`CURLOPT_CAINFO`): replaces libcurl's default CA file; a CA folder built into
        /// libcurl (`CURLOPT_CAPATH`, e.g. /etc/ssl/certs on Debian) stays trusted. Default nil (system store).
        public var caBundlePath: String?
        /// Server public-key pin(s) in libcurl form, e.g. `sha256//base64;sha256//base64` (current + backup),
        /// or a PEM/DER public-key file. Default nil (no pin).
        public var pinnedPublicKey: String?
        /// Client certificate (PEM) for mutual TLS. Default nil.
        public var clientCertificatePath: String?
        /// Private key (PEM) of the client certificate. Default nil.
        public var clientKeyPath: String?
        /// Pass phrase of `clientKeyPath`; never logged. Default nil.
        public var clientKeyPassword: String?
        /// Proxy URL; overrides the `http_proxy`/`https_proxy`/`all_proxy` environment variables that libcurl
        /// honours when this is nil. An empty string disables any proxy. Default nil.
        public var proxy: String?
        /// Hosts that bypass the proxy (libcurl `NOPROXY` syntax); nil leaves `no_proxy` from the environment.
        public var noProxy: String?
        /// Allows plain `http://` to non-loopback hosts. Default false: only 127.0.0.0/8, ::1 and localhost.
        public var allowPlainHTTP = false
        /// Concurrent connections to one host. Default 8.
        public var maxConnectionsPerHost = 8
        /// Concurrent connections in total; also the size of the kept-alive connection cache. Default 16.
        public var maxTotalConnections = 16
        /// Largest response body accepted; larger ones fail with `transport.protocol`. Default 64 MiB.
        public var maxResponseBytes = 64 << 20
        /// `User-Agent` header. Default `dvcsync`.
        public var userAgent = "dvcsync"

        /// Configuration with the documented defaults.
        public init() {}
    }
}

extension Duration {
    /// Whole milliseconds, rounded up so a non-zero duration never becomes 0 (which libcurl reads as "no limit").
    var curlMilliseconds: Int {
        let (seconds, attoseconds) = components
        let millis = seconds * 1_000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int(max(0, millis))
    }
}

extension Duration {
    /// Seconds as a floating-point number.
    var timeInterval: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
