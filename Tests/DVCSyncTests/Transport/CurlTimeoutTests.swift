import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

@Suite("CurlTransport timeouts")
struct CurlTimeoutTests {
    @Test func connectTimeoutWhenTheServerNeverAccepts() async throws {
        let listener = try UnresponsiveListener()
        var configuration = CurlTransport.Configuration()
        configuration.connectTimeout = .milliseconds(300)
        let transport = try CurlTransport(configuration: configuration)
        let error = await #expect(throws: TransportError.self) {
            try await transport.send(HTTPRequest(method: "POST", url: "http://127.0.0.1:\(listener.port)/x"))
        }
        #expect(error?.kind == .timeout)
        #expect(error?.curlCode == 28)
        // Nothing was sent, so even a POST may be retried.
        #expect(error?.classification == .retryable)
    }

    @Test func totalTimeoutAfterSendingIsAmbiguous() async throws {
        // An answer far beyond the timeout, however late a loaded machine fires it.
        try await withLoopbackServer(handler: { _ in .ok(delay: .seconds(120)) }) { server in
            var configuration = CurlTransport.Configuration()
            configuration.totalTimeout = .milliseconds(400)
            let transport = try CurlTransport(configuration: configuration)
            let error = await #expect(throws: TransportError.self) {
                try await transport.send(HTTPRequest(method: "POST", url: server.baseURL + "/slow", body: [1]))
            }
            #expect(error?.kind == .timeout)
            #expect(error?.classification == .ambiguous)
            #expect(server.requestCount == 1)
        }
    }

    @Test func stalledBodyIsAbortedByTheLowSpeedLimit() async throws {
        try await withLoopbackServer(handler: { _ in
            .stall(status: 200, declaredLength: 1_000, sent: Array(repeating: 65, count: 10))
        }) { server in
            var configuration = CurlTransport.Configuration()
            configuration.totalTimeout = .seconds(30)
            configuration.lowSpeedLimit = 1_000
            configuration.lowSpeedTime = .seconds(1)
            let transport = try CurlTransport(configuration: configuration)
            let started = ContinuousClock.now
            let error = await #expect(throws: TransportError.self) {
                try await transport.send(HTTPRequest(url: server.baseURL + "/stall"))
            }
            #expect(error?.kind == .timeout)
            #expect(error?.classification == .ambiguous)
            // Well before the 30 s total timeout: it was the stall detector that fired.
            #expect(ContinuousClock.now - started < .seconds(20))
        }
    }

    @Test func connectionClosedWithoutAnswerIsAmbiguous() async throws {
        try await withLoopbackServer(handler: { _ in .close }) { server in
            let transport = try CurlTransport()
            let error = await #expect(throws: TransportError.self) {
                try await transport.send(HTTPRequest(method: "POST", url: server.baseURL + "/x", body: [1]))
            }
            #expect(error?.kind == .reset)
            #expect(error?.classification == .ambiguous)
        }
    }
}
