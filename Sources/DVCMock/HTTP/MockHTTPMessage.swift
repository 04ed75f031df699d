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

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}
