import Foundation
import CCurlShim
import Synchronization

/// One request in flight: its options, the response being collected and the continuation to resume.
///
/// `@unchecked Sendable`: created on the caller's task, then touched only by the driver thread (handed over through
/// the driver's mutex); the one cross-thread field, `cancelRequested`, is a `Mutex`.
final class CurlTransfer: @unchecked Sendable {
    let request: HTTPRequest
    let target: RequestTarget
    let configuration: CurlTransport.Configuration
    let cancelRequested = Mutex(false)
    var continuation: CheckedContinuation<HTTPResponse, any Error>?

    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var status = 0
    private var headers: [HTTPHeader] = []
    private var body: [UInt8] = []
    private var tooLarge = false

    init(request: HTTPRequest, target: RequestTarget, configuration: CurlTransport.Configuration) {
        self.request = request
        self.target = target
        self.configuration = configuration
    }

    deinit { curl_slist_free_all(headerList) }

    /// Sets every option of this request on `easy` (a fresh or reset handle). Throws when an option is refused.
    func configure(_ easy: UnsafeMutableRawPointer) throws(TransportError) {
        let c = configuration
        var results: [CURLcode] = [
            dvc_curl_setopt_long(easy, CURLOPT_NOSIGNAL, 1),
            dvc_curl_setopt_long(easy, CURLOPT_TCP_KEEPALIVE, 1),
            dvc_curl_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 1),
            dvc_curl_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 2),
            dvc_curl_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 0),
            // libcurl silently re-sends a request whose reused connection closed before any answer byte; a request
            // that is not idempotent goes on a new connection so it is sent at most once.
            dvc_curl_setopt_long(easy, CURLOPT_FRESH_CONNECT, request.isIdempotent ? 0 : 1),
            dvc_curl_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, c.connectTimeout.curlMilliseconds),
            dvc_curl_setopt_long(easy, CURLOPT_TIMEOUT_MS, c.totalTimeout.curlMilliseconds),
            dvc_curl_setopt_long(easy, CURLOPT_LOW_SPEED_LIMIT, c.lowSpeedLimit),
            dvc_curl_setopt_long(easy, CURLOPT_LOW_SPEED_TIME, max(1, c.lowSpeedTime.curlMilliseconds / 1_000)),
            Self.setString(easy, CURLOPT_PROTOCOLS_STR, "http,https"),
            Self.setString(easy, CURLOPT_URL, request.url),
            Self.setString(easy, CURLOPT_USERAGENT, c.userAgent),
            Self.setString(easy, CURLOPT_CAINFO, c.caBundlePath),
            Self.setString(easy, CURLOPT_PINNEDPUBLICKEY, c.pinnedPublicKey),
            Self.setString(easy, CURLOPT_SSLCERT, c.clientCertificatePath),
            Self.setString(easy, CURLOPT_SSLKEY, c.clientKeyPath),
            Self.setString(easy, CURLOPT_KEYPASSWD, c.clientKeyPassword),
            Self.setString(easy, CURLOPT_PROXY, c.proxy),
            Self.setString(easy, CURLOPT_NOPROXY, c.noProxy),
        ]
        results += configureMethod(easy)
        results += configureHeaders(easy)
        let me = Unmanaged.passUnretained(self).toOpaque()
        results += [
            dvc_curl_setopt_write_callback(easy, curlTransferWrite),
            dvc_curl_setopt_ptr(easy, CURLOPT_WRITEDATA, me),
            dvc_curl_setopt_header_callback(easy, curlTransferHeader),
            dvc_curl_setopt_ptr(easy, CURLOPT_HEADERDATA, me),
        ]
        if let failed = results.first(where: { $0 != CURLE_OK }) {
            throw CurlErrorMapping.error(for: failed, requestSent: false, target: target.redacted)
        }
    }

    private func configureMethod(_ easy: UnsafeMutableRawPointer) -> [CURLcode] {
        let method = request.method.uppercased()
        switch method {
        case "GET":
            return [dvc_curl_setopt_long(easy, CURLOPT_HTTPGET, 1)]
        case "HEAD":
            return [dvc_curl_setopt_long(easy, CURLOPT_NOBODY, 1)]
        default:
            var results = [
                dvc_curl_setopt_off(easy, CURLOPT_POSTFIELDSIZE_LARGE, Int64(request.body.count)),
                request.body.withUnsafeBytes { dvc_curl_setopt_ptr(easy, CURLOPT_COPYPOSTFIELDS, $0.baseAddress) },
            ]
            if request.body.isEmpty { results[1] = Self.setString(easy, CURLOPT_COPYPOSTFIELDS, "") }
            if method != "POST" { results.append(Self.setString(easy, CURLOPT_CUSTOMREQUEST, method)) }
            return results
        }
    }

    private func configureHeaders(_ easy: UnsafeMutableRawPointer) -> [CURLcode] {
        curl_slist_free_all(headerList)
        headerList = nil
        // "Expect:" stops libcurl from waiting for `100 Continue` before sending larger bodies.
        for line in request.headers.map({ "\($0.name): \($0.value)" }) + ["Expect:"] {
            guard let appended = curl_slist_append(headerList, line) else { return [CURLE_OUT_OF_MEMORY] }
            headerList = appended
        }
        return [dvc_curl_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList)]
    }

    private static func setString(_ easy: UnsafeMutableRawPointer, _ option: CURLoption, _ value: String?) -> CURLcode {
        guard let value else { return CURLE_OK }
        return value.withCString { dvc_curl_setopt_ptr(easy, option, $0) }
    }

    /// Appends received body bytes; returns false to abort when the body exceeds the configured limit.
    fileprivate func receive(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard body.count + bytes.count <= configuration.maxResponseBytes else {
            tooLarge = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    /// Records one header line; a status line starts a new header block (after `100 Continue` or a proxy reply).
    fileprivate func receiveHeader(_ bytes: UnsafeRawBufferPointer) {
        let isSpace: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D || $0 == 0x0A }
        if bytes.starts(with: "HTTP/".utf8) {
            headers.removeAll(keepingCapacity: true)
            return
        }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return }
        var nameEnd = colon
        while nameEnd > 0, isSpace(bytes[nameEnd - 1]) { nameEnd -= 1 }
        var valueStart = colon + 1
        var valueEnd = bytes.count
        while valueStart < valueEnd, isSpace(bytes[valueStart]) { valueStart += 1 }
        while valueEnd > valueStart, isSpace(bytes[valueEnd - 1]) { valueEnd -= 1 }
        guard nameEnd > 0 else { return }
        headers.append(HTTPHeader(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[..<nameEnd]), as: UTF8.self),
                                  String(decoding: UnsafeRawBufferPointer(rebasing: bytes[valueStart..<valueEnd]),
                                         as: UTF8.self)))
    }

    /// The outcome once libcurl reports the transfer done with `result`.
    func outcome(of result: CURLcode, easy: UnsafeMutableRawPointer) -> Result<HTTPResponse, TransportError> {
        if result == CURLE_OK {
            var code = 0
            _ = dvc_curl_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &code)
            return .success(HTTPResponse(status: code, headers: headers, body: body))
        }
        if tooLarge {
            return .failure(TransportError(.protocol, classification: .notRetryable, target: target.redacted,
                                           detail: "response body larger than \(configuration.maxResponseBytes) bytes",
                                           curlCode: Int(result.rawValue)))
        }
        var requestSize = 0
        var pretransfer = 0.0
        _ = dvc_curl_getinfo_long(easy, CURLINFO_REQUEST_SIZE, &requestSize)
        _ = dvc_curl_getinfo_double(easy, CURLINFO_PRETRANSFER_TIME, &pretransfer)
        let sent = requestSize > 0 || pretransfer > 0
        return .failure(CurlErrorMapping.error(for: result, requestSent: sent, target: target.redacted))
    }
}

private func curlTransferWrite(_ data: UnsafeMutablePointer<CChar>, _ size: Int, _ count: Int,
                               _ context: UnsafeMutableRawPointer?) -> Int {
    guard let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    return transfer.receive(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
}

private func curlTransferHeader(_ data: UnsafeMutablePointer<CChar>, _ size: Int, _ count: Int,
                                _ context: UnsafeMutableRawPointer?) -> Int {
    guard let context else { return 0 }
    let length = size * count
    Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
        .receiveHeader(UnsafeRawBufferPointer(start: data, count: length))
    return length
}
