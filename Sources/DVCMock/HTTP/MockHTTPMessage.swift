/// A request as the mock's HTTP layer hands it to a service (portal or province).
public struct MockHTTPRequest: Sendable {
    public var method: String
    /// Path without the query string, e.g. `/o/rest/v2/dossiers`.
    public var path: String
    /// Decoded query parameters (last value wins).
    public var query: [String: String]
    /// Headers with lower-cased names.
    public var headers: [String: String]
    public var body: [UInt8]
    /// Instructions from the scenario for the service itself (session expiry, silent loss), set by the server layer.
    public var directives = MockDirectives()

    public init(method: String, path: String, query: [String: String] = [:], headers: [String: String] = [:],
                body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }
}

/// A response a service produces; the HTTP layer writes it (or applies a fault instead).
public struct MockHTTPResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]
    /// What the service wants the request journal to record (keys touched, outcome); never written to the wire.
    public var note: MockJournalNote?

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

extension MockHTTPRequest {
    /// The header `name` (case-insensitive), or nil.
    public func header(_ name: String) -> String? { headers[name.lowercased()] }
}

extension MockHTTPResponse {
    /// A JSON response (`Content-Type: application/json; charset=utf-8`).
    public static func json(_ bytes: [UInt8], status: Int = 200, note: MockJournalNote? = nil) -> MockHTTPResponse {
        var response = MockHTTPResponse(
            status: status, headers: [("Content-Type", "application/json; charset=utf-8")], body: bytes)
        response.note = note
        return response
    }

    /// A plain-text response.
    public static func text(_ text: String, status: Int) -> MockHTTPResponse {
        MockHTTPResponse(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array(text.utf8))
    }
}
