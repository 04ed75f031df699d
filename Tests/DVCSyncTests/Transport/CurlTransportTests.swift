import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

@Suite("CurlTransport over loopback")
struct CurlTransportTests {
    @Test func capturesStatusHeadersAndBody() async throws {
        try await withLoopbackServer(handler: { request in
            .respond(status: 201, headers: [HTTPHeader("X-Echo-Method", request.method)],
                     body: request.body + Array(request.uri.utf8))
        }) { server in
            let transport = try CurlTransport()
            let request = HTTPRequest(method: "POST", url: server.baseURL + "/echo?x=1",
                                      headers: [HTTPHeader("Content-Type", "application/json")],
                                      body: Array(#"{"a":1}"#.utf8))
            let response = try await transport.send(request)
            #expect(response.status == 201)
            #expect(response.header("x-echo-method") == "POST")
            #expect(String(decoding: response.body, as: UTF8.self) == #"{"a":1}/echo?x=1"#)
        }
    }

    @Test func reusesOneConnectionForSequentialRequests() async throws {
        try await withLoopbackServer(handler: { _ in .ok() }) { server in
            let transport = try CurlTransport()
            for _ in 0..<10 {
                let response = try await transport.send(HTTPRequest(url: server.baseURL + "/ping"))
                #expect(response.status == 200)
            }
            #expect(server.requestCount == 10)
            #expect(server.connectionCount == 1)
        }
    }

    @Test func runsEightRequestsConcurrently() async throws {
        // Each answer is held until all eight requests have arrived, so the calls can only complete if all eight
        // were in flight at once; a client sending one at a time would hit its total timeout instead.
        try await withLoopbackServer(handler: { _ in
            .respondOnceReceived(requests: 8, body: Array("done".utf8))
        }) { server in
            var configuration = CurlTransport.Configuration()
            configuration.maxConnectionsPerHost = 8
            configuration.totalTimeout = .seconds(8)
            let transport = try CurlTransport(configuration: configuration)
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        try await transport.send(HTTPRequest(url: server.baseURL + "/item/\(index)")).status
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses == Array(repeating: 200, count: 8))
            #expect(server.requestCount == 8)
            #expect(server.connectionCount == 8)
        }
    }

    @Test func refusesPlainHTTPToRemoteHostsBeforeConnecting() async throws {
        let transport = try CurlTransport()
        let error = await #expect(throws: TransportError.self) {
            try await transport.send(HTTPRequest(url: "http://192.0.2.10/api/hoso?token=secret-value"))
        }
        #expect(error?.kind == .plainHTTPRefused)
        #expect(error?.classification == .notRetryable)
        #expect(error?.message.contains("secret-value") == false)
        #expect(error?.message.contains("192.0.2.10/api/hoso") == true)
    }

    @Test func refusesConnectionToClosedPort() async throws {
        let closed = try UnresponsiveListener(listening: false)
        let transport = try CurlTransport()
        let error = await #expect(throws: TransportError.self) {
            try await transport.send(HTTPRequest(url: "http://127.0.0.1:\(closed.port)/"))
        }
        #expect(error?.kind == .connect)
        #expect(error?.classification == .retryable)
    }

    @Test func rejectsHeaderInjection() async throws {
        let transport = try CurlTransport()
        let request = HTTPRequest(url: "http://127.0.0.1:9/", headers: [HTTPHeader("X-A", "v\r\nX-B: injected")])
        let error = await #expect(throws: TransportError.self) { try await transport.send(request) }
        #expect(error?.kind == .protocol)
    }

    @Test func cancellationAbandonsTheTransfer() async throws {
        // The answer comes only after two minutes: on a loaded machine seconds can pass between the request reaching
        // the server and the cancellation reaching the libcurl thread, and an answer in between would pass as success.
        try await withLoopbackServer(handler: { _ in .ok(delay: .seconds(120)) }) { server in
            let transport = try CurlTransport()
            let task = Task { try await transport.send(HTTPRequest(url: server.baseURL + "/slow")) }
            while server.requestCount == 0 { try await Task.sleep(for: .milliseconds(10)) }
            task.cancel()
            await #expect(throws: CancellationError.self) { try await task.value }
        }
    }
}
