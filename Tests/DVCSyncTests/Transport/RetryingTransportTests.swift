import DVCSync
import DVCSyncTestSupport
import Foundation
import Synchronization
import Testing

@Suite("RetryingTransport over CurlTransport and a loopback server")
struct RetryingTransportTests {
    private func retrying(_ configure: (inout RetryingTransport.Configuration) -> Void = { _ in })
        throws -> (RetryingTransport, ManualClock) {
        var configuration = RetryingTransport.Configuration()
        configure(&configuration)
        let clock = ManualClock()
        let transport = RetryingTransport(wrapping: try CurlTransport(), configuration: configuration,
                                          clock: clock, random: SeededRandom(constant: 0.5))
        return (transport, clock)
    }

    @Test func waitsForRetryAfterThenSucceeds() async throws {
        let calls = Atomic<Int>(0)
        try await withLoopbackServer(handler: { _ in
            calls.add(1, ordering: .relaxed).newValue == 1
                ? .respond(status: 503, headers: [HTTPHeader("Retry-After", "2")]) : .ok("fine")
        }) { server in
            let (transport, clock) = try retrying()
            let response = try await transport.send(HTTPRequest(url: server.baseURL + "/list"))
            #expect(response.status == 200)
            #expect(clock.sleeps == [.seconds(2)])
            #expect(server.requestCount == 2)
            #expect(transport.metrics.retriesByReason == ["http.503": 1])
            #expect(transport.metrics.attempts == 2)
        }
    }

    @Test func badRequestIsNotRetried() async throws {
        try await withLoopbackServer(handler: { _ in .respond(status: 400) }) { server in
            let (transport, clock) = try retrying()
            let request = HTTPRequest(url: server.baseURL + "/bad")
            let response = try await transport.send(request)
            #expect(response.status == 400)
            #expect(server.requestCount == 1)
            #expect(clock.sleeps.isEmpty)
            #expect(throws: TransportError.self) { try response.requireSuccess(for: request) }
        }
    }

    @Test func ambiguousPostIsSurfacedButGetIsRetried() async throws {
        let calls = Atomic<Int>(0)
        try await withLoopbackServer(handler: { _ in calls.add(1, ordering: .relaxed).newValue == 1 ? .close : .ok() }) { server in
            let (transport, _) = try retrying()
            let error = await #expect(throws: TransportError.self) {
                try await transport.send(HTTPRequest(method: "POST", url: server.baseURL + "/hoso", body: [1]))
            }
            #expect(error?.classification == .ambiguous)
            #expect(server.requestCount == 1)
            #expect(transport.metrics.ambiguousSurfaced == 1)
            calls.store(0, ordering: .relaxed)
            let response = try await transport.send(HTTPRequest(url: server.baseURL + "/hoso/1"))
            #expect(response.status == 200)
            #expect(server.requestCount == 3)
        }
    }

    @Test func exhaustedBudgetStopsRetries() async throws {
        try await withLoopbackServer(handler: { _ in .respond(status: 503) }) { server in
            let (transport, clock) = try retrying {
                $0.policy.maxAttempts = 10
                $0.budget.capacity = 10
            }
            let error = await #expect(throws: TransportError.self) {
                try await transport.send(HTTPRequest(url: server.baseURL + "/down"))
            }
            #expect(error?.kind == .budgetExhausted)
            #expect(error?.status == 503)
            #expect(server.requestCount == 3)
            #expect(clock.sleeps.count == 2)
            #expect(transport.metrics.budgetExhausted == 1)
        }
    }

    @Test func breakerOpensThenHalfOpensOnTheClock() async throws {
        let healthy = Atomic<Bool>(false)
        try await withLoopbackServer(handler: { _ in
            healthy.load(ordering: .relaxed) ? .ok() : .respond(status: 503)
        }) { server in
            let (transport, clock) = try retrying {
                $0.policy.maxAttempts = 1
                $0.breaker.windowSize = 4
                $0.breaker.minimumCalls = 4
            }
            let host = "127.0.0.1:\(server.port)"
            for _ in 0..<4 { _ = try await transport.send(HTTPRequest(url: server.baseURL + "/x")) }
            #expect(transport.circuitState(host: host) == .open(until: clock.now.addingTimeInterval(60)))
            let refused = await #expect(throws: TransportError.self) {
                try await transport.send(HTTPRequest(url: server.baseURL + "/x"))
            }
            #expect(refused?.kind == .circuitOpen)
            #expect(refused?.cause == .httpStatus && refused?.status == 503)
            #expect(refused?.message.hasPrefix("circuit breaker for the host is open after http.status: server "
                + "answered HTTP 503; request not sent") == true, "\(refused?.message ?? "")")
            #expect(server.requestCount == 4)
            clock.advance(by: .seconds(61))
            healthy.store(true, ordering: .relaxed)
            #expect(try await transport.send(HTTPRequest(url: server.baseURL + "/x")).status == 200)
            #expect(transport.circuitState(host: host) == .halfOpen)
            for _ in 0..<2 { _ = try await transport.send(HTTPRequest(url: server.baseURL + "/x")) }
            #expect(transport.circuitState(host: host) == .closed)
            #expect(server.requestCount == 7)
            #expect(transport.metrics.circuitRejections == 1)
        }
    }
}
