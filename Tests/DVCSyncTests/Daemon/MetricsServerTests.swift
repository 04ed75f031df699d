@testable import DVCSync
import DVCSyncTestSupport
import Foundation
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct MetricsServerTests {
    /// A client that sends its request a byte at a time, never finishing it, holds the endpoints for a bounded time
    /// only: `/healthz` still answers and `stop()` (the daemon's shutdown) returns within seconds. The client would
    /// take about 60 s to finish its request, and the server's deadline is 2 s: the bounds below (20 s) leave room
    /// for a loaded machine and still fail by far if the server waited for the client.
    @Test func tricklingClientCannotHoldTheEndpoints() async throws {
        let server = try MetricsServer(port: 0) { _ in MetricsServer.Response(status: 200, body: "ok\n") }
        server.start()
        let done = Atomic(false)
        let trickler = Thread {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(server.port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard connected == 0 else { return }
            for byte in Array("GET /healthz HTTP/1.1\r\nX-Slow: ".utf8) + Array(repeating: UInt8(ascii: "a"), count: 600)
            where !done.load(ordering: .relaxed) {
                var one = byte
                guard send(fd, &one, 1, Int32(MSG_NOSIGNAL)) == 1 else { return }
                usleep(100_000)
            }
        }
        trickler.start()
        defer { done.store(true, ordering: .relaxed) }
        try await Task.sleep(for: .milliseconds(300))
        let asked = ContinuousClock.now
        let health = await DaemonProcessTests.get(server.port, "/healthz")
        #expect(health?.status == 200)
        #expect(ContinuousClock.now - asked < .seconds(20), "/healthz waited behind a slow client")
        try await Task.sleep(for: .milliseconds(300))
        let stopping = ContinuousClock.now
        await LoopbackHTTPClient.onThread { server.stop() }
        #expect(ContinuousClock.now - stopping < .seconds(20), "stop() waited for a slow client")
    }
}
