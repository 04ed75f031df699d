import ArgumentParser
import CCurlBaseline
import DVCSync
import DVCSyncTestSupport
import Foundation

/// `dvcsync-bench transport`: requests/s of `CurlTransport` against a loopback NIO server, sequentially over one
/// kept-alive connection and with several requests in flight, each as a ratio to a plain C libcurl loop doing the
/// same work (same request headers, body and headers of each response kept).
///
/// Both sides are warmed up, then measured in alternating pairs (C loop, then CurlTransport) for several
/// repetitions; the figures are the medians, so one disturbed run (another process taking a core) moves neither.
struct TransportBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transport",
        abstract: "CurlTransport requests/s vs a plain C libcurl loop (sequential and concurrent) on loopback."
    )

    @Option(help: "Requests per measurement.")
    var requests = 6_000

    @Option(help: "Measurements of each side and mode; the median is reported.")
    var repetitions = 5

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
        let rounds = max(1, repetitions)

        // Warm-up: connections open, handles pooled, code paths and allocator caches hot on both sides.
        let warmUp = min(count, 1_000)
        _ = try await measureC(warmUp) { dvc_baseline_sequential(url, body, Int32(warmUp)) }
        _ = try await measureC(warmUp) { dvc_baseline_multi(url, body, Int32(warmUp), Int32(workers)) }
        try await sendSequentially(transport, request, count: warmUp)
        try await sendConcurrently(transport, request, count: warmUp, workers: workers)

        var sequential = Samples()
        var concurrent = Samples()
        for _ in 0..<rounds {
            sequential.c.append(try await measureC(count) { dvc_baseline_sequential(url, body, Int32(count)) })
            sequential.swift.append(try await measure(count) {
                try await sendSequentially(transport, request, count: count)
            })
        }
        for _ in 0..<rounds {
            concurrent.c.append(try await measureC(count) {
                dvc_baseline_multi(url, body, Int32(count), Int32(workers))
            })
            concurrent.swift.append(try await measure(count) {
                try await sendConcurrently(transport, request, count: count, workers: workers)
            })
        }
        let connectionsBefore = server.connectionCount
        let pushCount = max(1, count / 4)
        let swiftPush = try await measure(pushCount) {
            try await sendSequentially(transport, push, count: pushCount)
        }
        let pushConnections = server.connectionCount - connectionsBefore
        transport.shutdown()
        await server.shutdown()

        print("transport: \(count) POSTs per measurement, median of \(rounds) alternating C/Swift measurements, "
            + "to a loopback SwiftNIO HTTP/1.1 server (2 threads)")
        print(row("sequential, 1 keep-alive connection", sequential))
        print(row("\(workers) in flight", concurrent))
        Figures.emit("transport", "requests/s, sequential, 1 keep-alive connection", sequential.swift.median,
                     unit: "req/s", baseline: sequential.c.median, baselineName: "C libcurl loop",
                     goal: .ratioAtLeast(0.8))
        Figures.emit("transport", "requests/s, \(workers) in flight", concurrent.swift.median, unit: "req/s",
                     baseline: concurrent.c.median, baselineName: "C libcurl multi loop", goal: .ratioAtLeast(0.8))
        print("  non-idempotent POST (a push), fresh connection each, sequential: CurlTransport \(Int(swiftPush)) req/s "
            + "(\(pushConnections) connections for \(pushCount) requests)")
        Figures.emit("transport", "requests/s, push POSTs at most once (fresh connection each), sequential", swiftPush,
                     unit: "req/s", baseline: sequential.c.median, baselineName: "C libcurl keep-alive loop")
        print("server accepted \(server.connectionCount) connections for \(server.requestCount) requests")
    }

    /// Requests/s of each measurement of one mode, C loop and `CurlTransport`.
    private struct Samples {
        var c: [Double] = []
        var swift: [Double] = []
    }

    private func row(_ label: String, _ samples: Samples) -> String {
        let (swift, c) = (samples.swift.median, samples.c.median)
        let ratio = c > 0 ? swift / c : 0
        let spread = { (values: [Double]) in "\(Int(values.min() ?? 0))–\(Int(values.max() ?? 0))" }
        return "  \(label): CurlTransport \(Int(swift)) req/s, C libcurl \(Int(c)) req/s, ratio "
            + String(Int((ratio * 100).rounded())) + "% (runs: CurlTransport \(spread(samples.swift)), "
            + "C \(spread(samples.c)))"
    }

    /// Times a C loop on its own thread (it blocks), so Swift's cooperative pool stays free.
    private func measureC(_ count: Int, _ body: @escaping @Sendable () -> Int32) async throws -> Double {
        let start = ContinuousClock.now
        let good = await LoopbackHTTPClient.onThread(body)
        guard good == count else { throw ValidationError("C baseline: \(good) of \(count) requests succeeded") }
        return Double(count) / (ContinuousClock.now - start).seconds
    }

    private func measure(_ count: Int, _ body: () async throws -> Void) async throws -> Double {
        let start = ContinuousClock.now
        try await body()
        return Double(count) / (ContinuousClock.now - start).seconds
    }
}

private func sendSequentially(_ transport: CurlTransport, _ request: HTTPRequest, count: Int) async throws {
    for _ in 0..<count {
        let response = try await transport.send(request)
        guard response.status == 200, !response.body.isEmpty, !response.headers.isEmpty else {
            throw ValidationError("unexpected HTTP \(response.status)")
        }
    }
}

private func sendConcurrently(_ transport: CurlTransport, _ request: HTTPRequest, count: Int, workers: Int)
    async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
        for worker in 0..<workers {
            let share = count / workers + (worker < count % workers ? 1 : 0)
            group.addTask { try await sendSequentially(transport, request, count: share) }
        }
        try await group.waitForAll()
    }
}

extension [Double] {
    /// The middle value (the upper middle for an even count); 0 when empty.
    fileprivate var median: Double { isEmpty ? 0 : sorted()[count / 2] }
}

extension Duration {
    fileprivate var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
