import ArgumentParser
import CCurlBaseline
import DVCSync
import DVCSyncTestSupport

/// `dvcsync-bench transport`: requests/s of `CurlTransport` against a loopback NIO server, sequentially over one
/// kept-alive connection and with several requests in flight, each as a ratio to a plain C libcurl loop.
struct TransportBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transport",
        abstract: "CurlTransport requests/s vs a plain C libcurl loop (sequential and concurrent) on loopback."
    )

    @Option(help: "Requests per measurement.")
    var requests = 20_000

    @Option(help: "Requests in flight for the concurrent measurement.")
    var inflight = 8

    func run() async throws {
        let body = #"{"MaHoSo":"000.00.00.H00-260101-0001","TrangThai":"4"}"#
        let server = try await LoopbackHTTPServer.start(threads: 2) { _ in
            .respond(status: 200, headers: [HTTPHeader("Content-Type", "application/json")],
                     body: Array(#"{"error_code":"0","message":"ok"}"#.utf8))
        }
        let url = server.baseURL + "/api/dossier"
        let transport = try CurlTransport()
        // Idempotent (look-ups, login): kept-alive connections, as the C loop uses. A push is not idempotent and goes
        // on a fresh connection each time (libcurl would silently re-send it on a reused connection that died); that
        // path is measured on its own below.
        let request = HTTPRequest(method: "POST", url: url, headers: [HTTPHeader("Content-Type", "application/json")],
                                  body: Array(body.utf8), isIdempotent: true)
        var push = request
        push.isIdempotent = false
        let workers = max(1, inflight)
        let count = max(workers, requests)

        _ = dvc_baseline_sequential(url, body, 500)
        try await sendSequentially(transport, request, count: 500)

        let cSequential = try measure(count) { dvc_baseline_sequential(url, body, Int32(count)) }
        let swiftSequential = try await measureAsync(count) { try await sendSequentially(transport, request, count: count) }
        let cMulti = try measure(count) { dvc_baseline_multi(url, body, Int32(count), Int32(workers)) }
        let swiftMulti = try await measureAsync(count) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for worker in 0..<workers {
                    let share = count / workers + (worker < count % workers ? 1 : 0)
                    group.addTask { try await sendSequentially(transport, request, count: share) }
                }
                try await group.waitForAll()
            }
        }
        let connectionsBefore = server.connectionCount
        let pushCount = max(1, count / 4)
        let swiftPush = try await measureAsync(pushCount) {
            try await sendSequentially(transport, push, count: pushCount)
        }
        let pushConnections = server.connectionCount - connectionsBefore
        transport.shutdown()
        await server.shutdown()

        print("transport: \(count) POSTs per run to a loopback SwiftNIO HTTP/1.1 server (2 threads)")
        print(row("sequential, 1 keep-alive connection", swift: swiftSequential, c: cSequential))
        print(row("\(workers) in flight", swift: swiftMulti, c: cMulti))
        Figures.emit("transport", "requests/s, sequential, 1 keep-alive connection", swiftSequential, unit: "req/s",
                     baseline: cSequential, baselineName: "C libcurl loop", goal: .ratioAtLeast(0.8))
        Figures.emit("transport", "requests/s, \(workers) in flight", swiftMulti, unit: "req/s",
                     baseline: cMulti, baselineName: "C libcurl multi loop", goal: .ratioAtLeast(0.8))
        print("  non-idempotent POST (a push), fresh connection each, sequential: CurlTransport \(Int(swiftPush)) req/s "
            + "(\(pushConnections) connections for \(pushCount) requests)")
        Figures.emit("transport", "requests/s, push POSTs at most once (fresh connection each), sequential", swiftPush,
                     unit: "req/s", baseline: cSequential, baselineName: "C libcurl keep-alive loop")
        print("server accepted \(server.connectionCount) connections for \(server.requestCount) requests")
    }

    private func row(_ label: String, swift: Double, c: Double) -> String {
        let ratio = c > 0 ? swift / c : 0
        return "  \(label): CurlTransport \(Int(swift)) req/s, C libcurl \(Int(c)) req/s, ratio "
            + String(Int((ratio * 100).rounded())) + "%"
    }

    private func measure(_ count: Int, _ body: () -> Int32) throws -> Double {
        let start = ContinuousClock.now
        let good = body()
        guard good == count else { throw ValidationError("C baseline: \(good) of \(count) requests succeeded") }
        return Double(count) / (ContinuousClock.now - start).seconds
    }

    private func measureAsync(_ count: Int, _ body: () async throws -> Void) async throws -> Double {
        let start = ContinuousClock.now
        try await body()
        return Double(count) / (ContinuousClock.now - start).seconds
    }
}

private func sendSequentially(_ transport: CurlTransport, _ request: HTTPRequest, count: Int) async throws {
    for _ in 0..<count {
        let response = try await transport.send(request)
        guard response.status == 200 else { throw ValidationError("unexpected HTTP \(response.status)") }
    }
}

extension Duration {
    fileprivate var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
