/// The production `HTTPTransport`: libcurl's multi interface on one dedicated thread, with pooled easy handles and
/// kept-alive connections, so many requests can be in flight at once without blocking Swift's thread pool.
///
/// TLS verification is always on. Plain `http://` is refused before connecting unless the host is loopback or
/// `Configuration.allowPlainHTTP` is set. Failures below HTTP throw `TransportError`; every HTTP status comes back as
/// an `HTTPResponse` (wrap in `RetryingTransport` for retries, call `requireSuccess(for:)` to turn statuses into errors).
public final class CurlTransport: HTTPTransport {
    /// The settings this transport was created with.
    public let configuration: Configuration
    private let driver: CurlMultiDriver

    /// Starts the transport's libcurl thread.
    public init(configuration: Configuration = Configuration()) throws(TransportError) {
        self.configuration = configuration
        self.driver = try CurlMultiDriver(configuration: configuration)
    }

    deinit { driver.stop() }

    /// Stops the libcurl thread; requests still in flight fail with `transport.protocol`. Later sends fail too.
    public func shutdown() { driver.stop() }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let target = try Self.check(request, configuration: configuration)
        let transfer = CurlTransfer(request: request, target: target, configuration: configuration)
        try Task.checkCancellation()
        return try await withTaskCancellationHandler {
            try await withUnsafeThrowingContinuation { continuation in
                transfer.continuation = continuation
                driver.submit(transfer)
            }
        } onCancel: {
            driver.cancel(transfer)
        }
    }

    /// Validates `request` before any connection: parsable http(s) URL, plain HTTP only to loopback unless allowed,
    /// no line breaks in headers.
    static func check(_ request: HTTPRequest, configuration: Configuration) throws(TransportError) -> RequestTarget {
        guard let target = RequestTarget(url: request.url) else {
            throw TransportError(.protocol, classification: .notRetryable, target: "<invalid URL>",
                                 detail: "the URL is not a valid http or https URL")
        }
        if target.scheme == "http", !target.isLoopback, !configuration.allowPlainHTTP {
            throw TransportError(.plainHTTPRefused, classification: .notRetryable, target: target.redacted,
                                 detail: "plain http is allowed only to loopback; use https or set allowPlainHTTP")
        }
        let forbidden: (String) -> Bool = { $0.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0 } }
        if let bad = request.headers.first(where: { forbidden($0.name) || forbidden($0.value) || $0.name.isEmpty }) {
            throw TransportError(.protocol, classification: .notRetryable, target: target.redacted,
                                 detail: "header \(bad.name.filter { $0.isLetter || $0 == "-" }) has an invalid name or value")
        }
        return target
    }
}
