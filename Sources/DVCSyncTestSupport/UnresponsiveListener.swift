#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A loopback TCP port that never completes new connections (its accept queue is full and nobody accepts), so a
/// client's connect attempt times out; or, with `listening: false`, a bound port nobody listens on (connect is
/// refused). Holding the port bound keeps the construction free of races with other processes.
public final class UnresponsiveListener: @unchecked Sendable {
    /// The bound port.
    public let port: Int
    private let socketDescriptor: Int32
    private var fillers: [Int32] = []

    /// Binds 127.0.0.1:0; when `listening`, listens with a backlog of 0 and fills the queue.
    public init(listening: Bool = true) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SocketError.failed("socket") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard bound == 0, named == 0 else {
            close(fd)
            throw SocketError.failed("bind")
        }
        socketDescriptor = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        guard listening else { return }
        guard listen(fd, 0) == 0 else { throw SocketError.failed("listen") }
        for _ in 0..<4 { fillers.append(Self.connectNonBlocking(to: address)) }
    }

    deinit {
        fillers.forEach { close($0) }
        close(socketDescriptor)
    }

    private static func connectNonBlocking(to address: sockaddr_in) -> Int32 {
        var address = address
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        return fd
    }

    /// A socket call failed.
    public enum SocketError: Error {
        /// The named call failed.
        case failed(String)
    }
}
