import DVCJSON
import DVCMock
import Foundation

/// Runs `body` with `service` served on a fresh loopback port; the server is shut down afterwards.
public func withMockServer<T>(
    service: some MockService, scenario: Scenario = .happy, seed: UInt64? = nil,
    _ body: (MockHTTPServer) async throws -> T
) async throws -> T {
    let server = try await MockHTTPServer.start(service: service, port: 0, scenario: scenario, seed: seed)
    do {
        let result = try await body(server)
        try await server.shutdown()
        return result
    } catch {
        try? await server.shutdown()
        throw error
    }
}

/// Runs `body` with a fresh mock portal on loopback: `body(baseURL, portal)`.
public func withMockPortal<T>(
    configuration: MockPortal.Configuration = MockPortal.Configuration(),
    catalogue: [CatalogueEntry] = CatalogueEntry.builtIn, scenario: Scenario = .happy, seed: UInt64? = nil,
    _ body: (URL, MockPortal) async throws -> T
) async throws -> T {
    let portal = MockPortal(configuration: configuration, catalogue: catalogue)
    return try await withMockServer(service: portal, scenario: scenario, seed: seed) { server in
        try await body(server.baseURL, portal)
    }
}

/// A minimal portal client for tests: logs in and calls services over `LoopbackHTTPClient`.
public struct PortalTestClient: Sendable {
    /// Server port.
    public var port: Int
    /// `dstcode` sent as a header; nil sends none.
    public var dstcode: String? = "VN:GOV:000.00.00.G22:vpcpdvcprovider"
    /// Path for service calls.
    public var servicePath = "/mapi/g"
    /// Read timeout.
    public var timeout = Duration.seconds(30)

    public init(port: Int) { self.port = port }

    /// A client for the server at `baseURL`.
    public init(baseURL: URL) { port = baseURL.port ?? 80 }

    /// POSTs a JSON body to `path`.
    public func post(_ path: String, _ body: JSONValue) async -> LoopbackOutcome {
        var headers = [("Content-Type", "application/json")]
        if let dstcode { headers.append(("dstcode", dstcode)) }
        return await LoopbackHTTPClient.send(port: port, path: path, headers: headers, body: JSONWriter.bytes(body),
                                             timeout: timeout)
    }

    /// Logs in and returns the session token (nil when refused or faulted).
    public func login(username: String = "000.00.00.H20", password: String = "mock-secret") async -> String? {
        let outcome = await post("/mapi/login", ["username": .string(username), "password": .string(password)])
        return outcome.json?["session"]?.scalarText
    }

    /// Calls `service` with `session` and extra top-level `parameters`; returns the raw outcome.
    public func call(_ service: String, session: String?, parameters: [String: JSONValue] = [:]) async
        -> LoopbackOutcome
    {
        var envelope = parameters
        envelope["service"] = .string(service)
        envelope["madonvi"] = "000.00.00.H20"
        if let session { envelope["session"] = .string(session) }
        return await post(servicePath, .object(envelope))
    }

    /// GETs an inspection path such as `/_mock/counters`.
    public func inspect(_ path: String) async -> JSONValue? {
        await LoopbackHTTPClient.send(port: port, method: "GET", path: path, timeout: timeout).json
    }
}

extension LoopbackOutcome {
    /// The response body parsed as JSON, when there is a complete JSON response.
    public var json: JSONValue? {
        guard let body = response?.body else { return nil }
        return try? JSONParser.parse(body)
    }

    /// The envelope's `error_code` as text.
    public var errorCode: String? { json?["error_code"]?.scalarText }

    /// The envelope's `message`.
    public var message: String? { json?["message"]?.scalarText }
}
