import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What a raw loopback HTTP exchange produced (faults included), for tests and benchmarks.
public enum LoopbackOutcome: Sendable, Equatable {
    /// A complete response.
    case response(LoopbackResponse)
    /// The server closed the connection before any byte of a response.
    case closedWithoutResponse
    /// The connection was reset (RST).
    case reset
    /// No complete response within the timeout; `received` bytes had arrived.
    case timedOut(received: Int)
    /// The response ended before its `Content-Length`; the partial response is attached.
    case truncated(LoopbackResponse)

    /// The response, when complete.
    public var response: LoopbackResponse? {
        if case .response(let response) = self { return response }
        return nil
    }
}

/// A parsed HTTP response.
public struct LoopbackResponse: Sendable, Equatable {
    public var status: Int
    /// Headers with lower-cased names.
    public var headers: [String: String]
    public var body: [UInt8]

    /// The body as UTF-8 text.
    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// A blocking HTTP/1.1 client connection over a POSIX socket to 127.0.0.1 (keep-alive). Blocking: use it from a
/// dedicated thread (`LoopbackHTTPClient` does that), never from the cooperative pool directly.
public final class LoopbackHTTPConnection {
    private let descriptor: Int32
    private var buffer: [UInt8] = []

    /// Connects to `127.0.0.1:port`; `timeout` bounds each read.
    public init(port: Int, timeout: Duration = .seconds(30)) throws {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.EMFILE) }  // deinit's close(-1) is harmless
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        // No close here: the object is fully initialised, so `deinit` runs after the throw and closes the socket.
        // Closing it twice could close a descriptor another thread opened in between.
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        var one: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let seconds = timeout.components.seconds
        var limit = timeval(tv_sec: Int(seconds), tv_usec: Int(timeout.components.attoseconds / 1_000_000_000_000))
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(descriptor) }

    /// Sends one request and reads one response.
    public func send(method: String = "POST", path: String, headers: [(String, String)] = [], body: [UInt8] = [])
        -> LoopbackOutcome
    {
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: \(body.count)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        let bytes = Array(head.utf8) + body
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return errno == ECONNRESET || errno == EPIPE ? .reset : .closedWithoutResponse }
            sent += n
        }
        return readResponse()
    }

    private enum Fill { case more, closed, reset, timeout }

    private func fill() -> Fill {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let n = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        if n > 0 {
            buffer.append(contentsOf: chunk[..<n])
            return .more
        }
        if n == 0 { return .closed }
        if errno == EAGAIN || errno == EWOULDBLOCK { return .timeout }
        return errno == ECONNRESET ? .reset : .closed
    }

    private func readResponse() -> LoopbackOutcome {
        let separator: [UInt8] = [13, 10, 13, 10]
        var headEnd: Int?
        while headEnd == nil {
            if let range = buffer.firstRange(of: separator) {
                headEnd = range.upperBound
                break
            }
            switch fill() {
            case .more: continue
            case .closed: return buffer.isEmpty ? .closedWithoutResponse : .timedOut(received: buffer.count)
            case .reset: return .reset
            case .timeout: return .timedOut(received: buffer.count)
            }
        }
        let headText = String(decoding: buffer[..<headEnd!], as: UTF8.self)
        let lines = headText.split(separator: "\r\n")
        let status = lines.first.flatMap { Int($0.split(separator: " ").dropFirst().first ?? "") } ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        while buffer.count - headEnd! < length {
            switch fill() {
            case .more: continue
            case .closed, .reset, .timeout:
                let partial = LoopbackResponse(status: status, headers: headers, body: Array(buffer[headEnd!...]))
                buffer.removeAll()
                return .truncated(partial)
            }
        }
        let body = Array(buffer[headEnd!..<(headEnd! + length)])
        buffer.removeFirst(headEnd! + length)
        return .response(LoopbackResponse(status: status, headers: headers, body: body))
    }
}

/// Runs blocking loopback HTTP exchanges on their own thread so async tests never block the cooperative pool.
public enum LoopbackHTTPClient {
    /// One request on a fresh connection.
    public static func send(port: Int, method: String = "POST", path: String, headers: [(String, String)] = [],
                            body: [UInt8] = [], timeout: Duration = .seconds(30)) async -> LoopbackOutcome {
        await onThread {
            guard let connection = try? LoopbackHTTPConnection(port: port, timeout: timeout) else {
                return .closedWithoutResponse
            }
            return connection.send(method: method, path: path, headers: headers, body: body)
        }
    }

    /// Runs `work` on a new thread and returns its result.
    public static func onThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: work()) }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }
}
