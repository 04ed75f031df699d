import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A small blocking HTTP/1.1 server for `/healthz`, `/readyz` and `/metrics`: one dedicated thread, one request per
/// connection (`Connection: close`), GET and HEAD only. It never reads request bodies.
public final class MetricsServer: Sendable {
    /// What a handler answers.
    public struct Response: Sendable, Equatable {
        public var status: Int
        public var contentType: String
        public var body: String
        public init(status: Int, contentType: String = "text/plain; charset=utf-8", body: String) {
            self.status = status
            self.contentType = contentType
            self.body = body
        }
    }

    /// Answers one request, given its path (without query string).
    public typealias Handler = @Sendable (_ path: String) -> Response

    /// Address the server listens on.
    public let host: String
    /// Port the server listens on (the kernel's choice when 0 was asked).
    public let port: Int
    private let socket: Int32
    private let handler: Handler
    private let stopping = Atomic<Bool>(false)
    private let started = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    /// Binds and listens on `host:port` (port 0 = any free port); call `start()` to serve.
    public init(host: String = "127.0.0.1", port: Int, handler: @escaping Handler) throws {
        self.host = host
        self.handler = handler
        (socket, self.port) = try Self.listen(host: host, port: port)
    }

    /// Starts the serving thread.
    public func start() {
        guard !started.exchange(true, ordering: .sequentiallyConsistent) else { return }
        let thread = Thread { [self] in
            serve()
            finished.signal()
        }
        thread.name = "dvcsync-metrics"
        thread.start()
    }

    /// Stops accepting, waits for the serving thread and closes the socket.
    public func stop() {
        guard !stopping.exchange(true, ordering: .sequentiallyConsistent) else { return }
        if started.load(ordering: .sequentiallyConsistent) { finished.wait() }
        close(socket)
    }

    private func serve() {
        while !stopping.load(ordering: .sequentiallyConsistent) {
            var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 100) > 0 else { continue }
            let client = accept(socket, nil, nil)
            guard client >= 0 else { continue }
            answer(client)
            close(client)
        }
    }

    private func answer(_ client: Int32) {
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var request: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 2048)
        // One deadline for the whole request, not per read: a client sending a byte now and then cannot hold the
        // only serving thread (health checks wait behind it, and so does `stop()`).
        let deadline = ContinuousClock.now.advanced(by: Self.requestTimeout)
        while request.count < 16_384, !Self.headerEnds(request) {
            let left = ContinuousClock.now.duration(to: deadline)
            var pending = pollfd(fd: client, events: Int16(POLLIN), revents: 0)
            guard left > .zero, poll(&pending, 1, Int32(left.curlMilliseconds)) > 0 else { break }
            let count = read(client, &buffer, buffer.count)
            guard count > 0 else { break }
            request.append(contentsOf: buffer[0..<count])
        }
        let line = String(decoding: request.prefix { $0 != 13 && $0 != 10 }, as: UTF8.self)
        let parts = line.split(separator: " ")
        let response: Response
        var isHead = false
        if parts.count < 2 {
            response = Response(status: 400, body: "bad request\n")
        } else if parts[0] != "GET" && parts[0] != "HEAD" {
            response = Response(status: 405, body: "method not allowed\n")
        } else {
            isHead = parts[0] == "HEAD"
            let path = parts[1].split(separator: "?", maxSplits: 1).first.map(String.init) ?? "/"
            response = handler(path)
        }
        let body = Array(response.body.utf8)
        let head = "HTTP/1.1 \(response.status) \(Self.reason(response.status))\r\n"
            + "Content-Type: \(response.contentType)\r\nContent-Length: \(body.count)\r\nConnection: close\r\n\r\n"
        var bytes = Array(head.utf8)
        if !isHead { bytes += body }
        var sent = 0
        let sendDeadline = ContinuousClock.now.advanced(by: Self.requestTimeout)
        while sent < bytes.count, ContinuousClock.now < sendDeadline {
            let count = bytes[sent...].withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
            guard count > 0 else { return }
            sent += count
        }
    }

    /// Longest time a client may take to send its request.
    static let requestTimeout = Duration.seconds(2)

    static func headerEnds(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= 4 else { return false }
        return (3..<bytes.count).contains {
            bytes[$0] == 10 && bytes[$0 - 1] == 13 && bytes[$0 - 2] == 10 && bytes[$0 - 3] == 13
        }
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 400: return "Bad Request"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 503: return "Service Unavailable"
        default: return "Status"
        }
    }

    private static func listen(host: String, port: Int) throws -> (Int32, Int) {
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let info = list else {
            throw DaemonError(code: "daemon.metrics_bind", message: "cannot resolve metrics host \(host)")
        }
        defer { freeaddrinfo(list) }
        let fd = Glibc.socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
        guard fd >= 0 else { throw bindError(host, port) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard bind(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0, Glibc.listen(fd, 16) == 0 else {
            let error = bindError(host, port)
            close(fd)
            throw error
        }
        var address = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        let family = Int32(address.ss_family)
        let bound = withUnsafePointer(to: &address) { pointer -> Int in
            if family == AF_INET6 {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) {
                    Int(UInt16(bigEndian: $0.pointee.sin6_port))
                }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) {
                Int(UInt16(bigEndian: $0.pointee.sin_port))
            }
        }
        return (fd, bound)
    }

    private static func bindError(_ host: String, _ port: Int) -> DaemonError {
        DaemonError(code: "daemon.metrics_bind",
                    message: "cannot listen on \(host):\(port) (\(String(cString: strerror(errno)))); "
                        + "choose another daemon.metricsPort, or 0 to turn the endpoints off")
    }
}
