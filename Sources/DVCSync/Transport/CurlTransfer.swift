import Foundation
import CCurlShim
import Synchronization

/// One request in flight: its options, the response being collected and the continuation to resume.
///
/// `@unchecked Sendable`: created on the caller's task, then touched only by the driver thread (handed over through
/// the driver's mutex); the one cross-thread field, `cancelRequested`, is atomic.
final class CurlTransfer: @unchecked Sendable {
    let request: HTTPRequest
    let target: RequestTarget
    let configuration: CurlTransport.Configuration
    let cancelRequested = Atomic(false)
    var continuation: UnsafeContinuation<HTTPResponse, any Error>?

    private var headers: [HTTPHeader] = []
    private var body: [UInt8] = []
    private var tooLarge = false

    init(request: HTTPRequest, target: RequestTarget, configuration: CurlTransport.Configuration) {
        self.request = request
        self.target = target
        self.configuration = configuration
    }

    /// Sets this request's own options on `handle`, whose transport-wide options are already set. Every per-request
    /// option is set each time (method, body, headers, fresh connection, callback data), so nothing is left over from
    /// the handle's previous request. Throws when an option is refused.
    func configure(_ handle: CurlEasyHandle) throws(TransportError) {
        let easy = handle.raw
        let me = Unmanaged.passUnretained(self).toOpaque()
        var failed = CURLE_OK
        func check(_ result: CURLcode) { if result != CURLE_OK, failed == CURLE_OK { failed = result } }
        check(CurlEasyHandle.setString(easy, CURLOPT_URL, request.url))
        // libcurl silently re-sends a request whose reused connection closed before any answer byte; a request that
        // is not idempotent goes on a new connection so it is sent at most once.
        check(dvc_curl_setopt_long(easy, CURLOPT_FRESH_CONNECT, request.isIdempotent ? 0 : 1))
        configureMethod(easy, check)
        check(handle.setHeaders(request.headers))
        check(dvc_curl_setopt_ptr(easy, CURLOPT_WRITEDATA, me))
        check(dvc_curl_setopt_ptr(easy, CURLOPT_HEADERDATA, me))
        if failed != CURLE_OK {
            throw CurlErrorMapping.error(for: failed, requestSent: false, target: target.redacted)
        }
    }

    /// Method and body. `HTTPGET` also clears a previous request's `NOBODY` and upload; `CUSTOMREQUEST` is set to
    /// the method or cleared.
    private func configureMethod(_ easy: UnsafeMutableRawPointer, _ check: (CURLcode) -> Void) {
        let method = request.method.uppercased()
        switch method {
        case "GET", "HEAD":
            check(dvc_curl_setopt_long(easy, CURLOPT_HTTPGET, 1))
            check(dvc_curl_setopt_long(easy, CURLOPT_NOBODY, method == "HEAD" ? 1 : 0))
            check(dvc_curl_setopt_ptr(easy, CURLOPT_CUSTOMREQUEST, nil))
        default:
            check(dvc_curl_setopt_long(easy, CURLOPT_NOBODY, 0))
            check(dvc_curl_setopt_off(easy, CURLOPT_POSTFIELDSIZE_LARGE, Int64(request.body.count)))
            if request.body.isEmpty {
                check(CurlEasyHandle.setString(easy, CURLOPT_COPYPOSTFIELDS, ""))
            } else {
                check(request.body.withUnsafeBytes { dvc_curl_setopt_ptr(easy, CURLOPT_COPYPOSTFIELDS, $0.baseAddress) })
            }
            check(method == "POST" ? dvc_curl_setopt_ptr(easy, CURLOPT_CUSTOMREQUEST, nil)
                                   : CurlEasyHandle.setString(easy, CURLOPT_CUSTOMREQUEST, method))
        }
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
            headers.reserveCapacity(Self.expectedHeaderCount)
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

    /// Room reserved for response headers up front, so a typical response appends without regrowing the array.
    private static let expectedHeaderCount = 12

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

func curlTransferWrite(_ data: UnsafeMutablePointer<CChar>, _ size: Int, _ count: Int,
                               _ context: UnsafeMutableRawPointer?) -> Int {
    guard let context else { return 0 }
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    let length = size * count
    return transfer.receive(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
}

func curlTransferHeader(_ data: UnsafeMutablePointer<CChar>, _ size: Int, _ count: Int,
                                _ context: UnsafeMutableRawPointer?) -> Int {
    guard let context else { return 0 }
    let length = size * count
    Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
        .receiveHeader(UnsafeRawBufferPointer(start: data, count: length))
    return length
}
