/// One HTTP header.
public struct HTTPHeader: Sendable, Hashable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// An outbound HTTP request.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [HTTPHeader]
    public var body: [UInt8]
    /// True when sending the request twice has the same effect as once (GET, lookups); only such requests are
    /// retried automatically after an ambiguous failure.
    public var isIdempotent: Bool

    public init(method: String = "GET", url: String, headers: [HTTPHeader] = [], body: [UInt8] = [],
                isIdempotent: Bool? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.isIdempotent = isIdempotent ?? (method == "GET" || method == "HEAD")
    }
}

/// A received HTTP response.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [HTTPHeader]
    public var body: [UInt8]

    public init(status: Int, headers: [HTTPHeader] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// First header named `name`, case-insensitively.
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name.lowercased() == lowered }?.value
    }
}

/// Sends HTTP requests. `CurlTransport` is the production implementation; every outbound call of the gateway goes
/// through it. Throws `TransportError` for failures below HTTP; HTTP statuses come back as responses.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the full response.
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}
