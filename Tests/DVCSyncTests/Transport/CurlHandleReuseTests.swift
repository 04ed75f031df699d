import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// `CurlTransport` keeps its easy handles configured between requests and sets only each request's own options:
/// nothing of one request (method, body, headers, fresh-connection flag) may reach the next on the same handle.
@Suite("CurlTransport handle reuse")
struct CurlHandleReuseTests {
    /// Echoes what arrived: method, the `X-First` and `Content-Type` headers (or `-`), the header names and the body.
    private static func echo(_ request: LoopbackRequest) -> LoopbackReply {
        let names = request.headers.map { $0.name.lowercased() }.sorted().joined(separator: ",")
        let value = { (name: String) in request.headers.first { $0.name.lowercased() == name }?.value ?? "-" }
        let headers = [HTTPHeader("X-Echo-Method", request.method), HTTPHeader("X-Echo-First", value("x-first")),
                       HTTPHeader("X-Echo-Type", value("content-type")), HTTPHeader("X-Echo-Names", names)]
        let body = request.method == "HEAD" ? [] : Array("\(request.method):".utf8) + request.body
        return .respond(status: 200, headers: headers, body: body)
    }

    @Test func eachRequestSendsOnlyItsOwnMethodBodyAndHeaders() async throws {
        try await withLoopbackServer(handler: Self.echo) { server in
            var configuration = CurlTransport.Configuration()
            configuration.maxTotalConnections = 1  // one pooled handle: every request below reuses it
            let transport = try CurlTransport(configuration: configuration)
            func send(_ method: String, _ headers: [HTTPHeader] = [], _ body: String = "") async throws
                -> (method: String?, first: String?, type: String?, names: String, body: String) {
                let response = try await transport.send(HTTPRequest(method: method, url: server.baseURL + "/r",
                                                                    headers: headers, body: Array(body.utf8)))
                #expect(response.status == 200)
                return (response.header("X-Echo-Method"), response.header("X-Echo-First"), response.header("X-Echo-Type"),
                        response.header("X-Echo-Names") ?? "", String(decoding: response.body, as: UTF8.self))
            }
            let put = try await send("PUT", [HTTPHeader("X-First", "1"), HTTPHeader("Content-Type", "text/plain")],
                                     "put-body")
            #expect(put.method == "PUT" && put.first == "1" && put.type == "text/plain" && put.body == "PUT:put-body")
            let post = try await send("POST", [HTTPHeader("X-First", "2")], "post-body")
            #expect(post.method == "POST" && post.first == "2" && post.body == "POST:post-body")
            #expect(post.type != "text/plain")  // libcurl's own default for a POST body, not the previous header
            let again = try await send("POST", [HTTPHeader("X-First", "2")], "b")
            #expect(again.method == "POST" && again.first == "2" && again.body == "POST:b")
            let get = try await send("GET")
            #expect(get.method == "GET" && get.first == "-" && get.body == "GET:")
            #expect(!get.names.contains("x-first") && !get.names.contains("content-length"))
            let head = try await send("HEAD")
            #expect(head.method == "HEAD" && head.body.isEmpty)
            let getAfterHead = try await send("GET")
            #expect(getAfterHead.method == "GET" && getAfterHead.body == "GET:")
            let delete = try await send("DELETE")
            #expect(delete.method == "DELETE" && delete.body == "DELETE:")
            let last = try await send("GET")
            #expect(last.method == "GET" && last.body == "GET:")
            #expect(server.requestCount == 8)
        }
    }

    @Test func freshConnectionOfAPushDoesNotStickToTheHandle() async throws {
        try await withLoopbackServer(handler: { _ in .ok() }) { server in
            var configuration = CurlTransport.Configuration()
            configuration.maxTotalConnections = 1
            let transport = try CurlTransport(configuration: configuration)
            let lookup = HTTPRequest(url: server.baseURL + "/lookup")
            let push = HTTPRequest(method: "POST", url: server.baseURL + "/push", body: Array("{}".utf8))
            #expect(try await transport.send(lookup).status == 200)
            #expect(try await transport.send(lookup).status == 200)
            #expect(server.connectionCount == 1)
            #expect(try await transport.send(push).status == 200)
            #expect(server.connectionCount == 2)
            for _ in 0..<3 { #expect(try await transport.send(lookup).status == 200) }
            #expect(server.connectionCount == 2)
        }
    }

    /// libcurl's URL parser normalises numeric IPv4 forms (`0x7f.1` is 127.0.0.1); the check sees the same host.
    @Test(arguments: ["127.0.0.1", "127.1.2.3", "0x7f.1", "LOCALHOST", "localhost"])
    func loopbackHostsMayUsePlainHTTP(host: String) async throws {
        let closed = try UnresponsiveListener(listening: false)
        let transport = try CurlTransport()
        let error = await #expect(throws: TransportError.self) {
            try await transport.send(HTTPRequest(url: "http://\(host):\(closed.port)/"))
        }
        #expect(error?.kind != .plainHTTPRefused)
    }

    @Test(arguments: ["127.0.0.1.example.net", "1127.0.0.1", "127.0.0.256", "128.0.0.1", "localhost.example"])
    func otherHostsMayNotUsePlainHTTP(host: String) async throws {
        let transport = try CurlTransport()
        let error = await #expect(throws: TransportError.self) {
            try await transport.send(HTTPRequest(url: "http://\(host)/api"))
        }
        #expect(error?.kind == .plainHTTPRefused)
    }
}
