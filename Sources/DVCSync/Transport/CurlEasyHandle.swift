import CCurlShim

/// A pooled libcurl easy handle. The transport-wide options (TLS, timeouts, proxy, user agent, callbacks) are set
/// once when the handle is created; each request then sets only its own options (URL, method, body, headers,
/// fresh-connection flag, callback data), every one of them on every request so nothing carries over from the
/// previous request. The request header list is kept and reused while consecutive requests carry the same headers.
///
/// Used only on the driver thread.
final class CurlEasyHandle {
    /// The libcurl handle, owned by this object (cleaned up in `deinit`, after it left the multi handle).
    let raw: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var listedHeaders: [HTTPHeader]?

    /// Creates a handle with `configuration`'s options; nil when libcurl cannot create one or refuses an option.
    init?(configuration c: CurlTransport.Configuration) {
        guard let raw = curl_easy_init() else { return nil }
        self.raw = raw
        let results: [CURLcode] = [
            dvc_curl_setopt_long(raw, CURLOPT_NOSIGNAL, 1),
            dvc_curl_setopt_long(raw, CURLOPT_TCP_KEEPALIVE, 1),
            dvc_curl_setopt_long(raw, CURLOPT_SSL_VERIFYPEER, 1),
            dvc_curl_setopt_long(raw, CURLOPT_SSL_VERIFYHOST, 2),
            dvc_curl_setopt_long(raw, CURLOPT_FOLLOWLOCATION, 0),
            dvc_curl_setopt_long(raw, CURLOPT_CONNECTTIMEOUT_MS, c.connectTimeout.curlMilliseconds),
            dvc_curl_setopt_long(raw, CURLOPT_TIMEOUT_MS, c.totalTimeout.curlMilliseconds),
            dvc_curl_setopt_long(raw, CURLOPT_LOW_SPEED_LIMIT, c.lowSpeedLimit),
            dvc_curl_setopt_long(raw, CURLOPT_LOW_SPEED_TIME, max(1, c.lowSpeedTime.curlMilliseconds / 1_000)),
            Self.setString(raw, CURLOPT_PROTOCOLS_STR, "http,https"),
            Self.setString(raw, CURLOPT_USERAGENT, c.userAgent),
            Self.setString(raw, CURLOPT_CAINFO, c.caBundlePath),
            Self.setString(raw, CURLOPT_PINNEDPUBLICKEY, c.pinnedPublicKey),
            Self.setString(raw, CURLOPT_SSLCERT, c.clientCertificatePath),
            Self.setString(raw, CURLOPT_SSLKEY, c.clientKeyPath),
            Self.setString(raw, CURLOPT_KEYPASSWD, c.clientKeyPassword),
            Self.setString(raw, CURLOPT_PROXY, c.proxy),
            Self.setString(raw, CURLOPT_NOPROXY, c.noProxy),
            dvc_curl_setopt_write_callback(raw, curlTransferWrite),
            dvc_curl_setopt_header_callback(raw, curlTransferHeader),
        ]
        // No cleanup here: the object is fully initialised, so `deinit` runs after `return nil` and cleans up once.
        guard results.allSatisfy({ $0 == CURLE_OK }) else { return nil }
    }

    deinit {
        curl_easy_cleanup(raw)
        curl_slist_free_all(headerList)
    }

    /// Sets `headers` (plus `Expect:`, which stops libcurl waiting for `100 Continue`) as the request headers,
    /// reusing the list built for the previous request when the headers are the same.
    func setHeaders(_ headers: [HTTPHeader]) -> CURLcode {
        if headers != listedHeaders {
            curl_slist_free_all(headerList)
            headerList = nil
            listedHeaders = nil
            for header in headers {
                var line = header.name
                line += ": "
                line += header.value
                guard let appended = curl_slist_append(headerList, line) else { return CURLE_OUT_OF_MEMORY }
                headerList = appended
            }
            guard let appended = curl_slist_append(headerList, "Expect:") else { return CURLE_OUT_OF_MEMORY }
            headerList = appended
            listedHeaders = headers
        }
        return dvc_curl_setopt_slist(raw, CURLOPT_HTTPHEADER, headerList)
    }

    /// Sets a string option; a nil value leaves libcurl's default.
    static func setString(_ easy: UnsafeMutableRawPointer, _ option: CURLoption, _ value: String?) -> CURLcode {
        guard let value else { return CURLE_OK }
        return value.withCString { dvc_curl_setopt_ptr(easy, option, $0) }
    }
}
