import Foundation

/// Speaks the national portal's envelope protocol (portal-api.md §1.4–§1.6) over an `HTTPTransport`: logs in, keeps
/// the session (in the body, never in logs), logs in again once when the session is refused, and parses answers.
public final class PortalClient: Sendable {
    public let configuration: PortalConfiguration
    let transport: any HTTPTransport
    let clock: any SyncClock
    private let session = SessionBox()

    public init(configuration: PortalConfiguration, transport: any HTTPTransport, clock: any SyncClock = SystemClock()) {
        self.configuration = configuration
        self.transport = transport
        self.clock = clock
    }

    /// A parsed portal answer.
    public struct Answer: Sendable {
        public var errorCode: String
        public var message: String
        public var result: JSONValue?
        public var raw: JSONValue
    }

    /// Which endpoint a service uses.
    public enum Endpoint: Sendable { case integration, share }

    /// Calls `service` with the given top-level fields; returns the answer when `error_code` is 0, throws
    /// `PortalError` otherwise (after one re-login on a refused session) and `TransportError` below HTTP.
    public func call(service: String, fields: [String: JSONValue], endpoint: Endpoint = .integration) async throws
        -> Answer
    {
        try await call(service: service, fields: fields, endpoint: endpoint, records: nil)
    }

    /// Calls `service` with `records` (each one canonical JSON, as kept in the outbox) as its `data` array, spliced
    /// into the body as they are instead of being parsed and written again.
    public func call(service: String, fields: [String: JSONValue], records: [[UInt8]]) async throws -> Answer {
        try await call(service: service, fields: fields, endpoint: .integration, records: records)
    }

    private func call(service: String, fields: [String: JSONValue], endpoint: Endpoint, records: [[UInt8]]?)
        async throws -> Answer
    {
        var relogged = false
        while true {
            let token = try await currentSession()
            var body = fields
            body["session"] = .string(token)
            body["madonvi"] = .string(configuration.madonvi)
            body["service"] = .string(service)
            let url = endpoint == .integration ? configuration.integrationEndpoint : configuration.shareEndpoint
            let response = try await transport.send(request(url: url, body: Self.bytes(body, records: records),
                                                            idempotent: false))
            do {
                return try Self.parse(response)
            } catch let error as PortalError {
                guard error.kind == .session && !relogged else {
                    throw error.redacting([configuration.password.value, token])
                }
                relogged = true
                session.clear(ifToken: token)
            }
        }
    }

    /// Logs in now and returns the session token.
    @discardableResult
    public func login() async throws -> String {
        let body: JSONValue = ["username": .string(configuration.username),
                               "password": .string(configuration.password.value)]
        let response = try await transport.send(request(url: configuration.authEndpoint, body: body, idempotent: true))
        let answer: Answer
        do {
            answer = try Self.parse(response)
        } catch let error as PortalError {
            throw PortalError(kind: error.kind == .badResponse ? .badResponse : .login, errorCode: error.errorCode,
                              portalMessage: "login refused: \(error.portalMessage)")
                .redacting([configuration.password.value])
        }
        guard let token = answer.raw["session"]?.scalarText, !token.isEmpty else {
            throw PortalError(kind: .login, portalMessage: "login answer has no session")
        }
        session.set(token, expires: clock.now.addingTimeInterval(configuration.sessionLifetime.seconds))
        return token
    }

    private func currentSession() async throws -> String {
        if let token = session.valid(at: clock.now) { return token }
        return try await login()
    }

    /// The body's bytes: `members` written canonically, with `"data":[records…]` first when `records` is given.
    static func bytes(_ members: [String: JSONValue], records: [[UInt8]]?) -> [UInt8] {
        let rest = JSONWriter.bytes(.object(members))
        guard let records else { return rest }
        var out: [UInt8] = []
        out.reserveCapacity(rest.count + records.reduce(16) { $0 + $1.count + 1 })
        out.append(contentsOf: #"{"data":["#.utf8)
        for (offset, record) in records.enumerated() {
            if offset > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: record)
        }
        out.append(UInt8(ascii: "]"))
        if rest.count > 2 { out.append(UInt8(ascii: ",")) }
        out.append(contentsOf: rest.dropFirst())
        return out
    }

    func request(url: String, body: JSONValue, idempotent: Bool) -> HTTPRequest {
        request(url: url, body: JSONWriter.bytes(body), idempotent: idempotent)
    }

    func request(url: String, body: [UInt8], idempotent: Bool) -> HTTPRequest {
        var target = url
        var headers = [HTTPHeader("Accept", "application/json"), HTTPHeader("Content-Type", "application/json"),
                       HTTPHeader("Charset", "utf-8")]
        if configuration.dstcodeInQuery {
            let encoded = configuration.dstcode.addingPercentEncoding(withAllowedCharacters: .alphanumerics)
                ?? configuration.dstcode
            target += (url.contains("?") ? "&" : "?") + "dstcode=" + encoded
        } else {
            headers.append(HTTPHeader("dstcode", configuration.dstcode))
        }
        return HTTPRequest(method: "POST", url: target, headers: headers, body: body,
                           isIdempotent: idempotent)
    }

    /// Parses an HTTP response into an answer, or throws the matching `PortalError` / `TransportError`.
    static func parse(_ response: HTTPResponse) throws -> Answer {
        guard (200..<300).contains(response.status) else {
            throw PortalError(kind: .http, errorCode: String(response.status),
                              portalMessage: "HTTP \(response.status)", retryAfter: response.header("Retry-After"))
        }
        guard let json = try? JSONParser.parse(response.body), case .object = json else {
            throw PortalError(kind: .badResponse, portalMessage: "answer is not a JSON envelope (\(response.body.count) bytes)")
        }
        let code = json["error_code"]?.scalarText?.trimmingCharacters(in: .whitespaces) ?? ""
        let message = json["message"]?.scalarText ?? ""
        let numeric = Int(code)
        if numeric == 0 {
            return Answer(errorCode: code, message: message, result: json["result"], raw: json)
        }
        let kind: PortalError.Kind
        // "đã tồn tại" means the record exists, unless the portal refused a field (code 2: "số giấy tờ đã tồn tại").
        if numeric == 3 || (numeric != 2 && message.localizedCaseInsensitiveContains("đã tồn tại")) {
            kind = .exists
        } else if numeric == -1 {
            kind = .session
        } else if numeric == 2 {
            kind = .refused
        } else if numeric == nil {
            throw PortalError(kind: .badResponse, portalMessage: "answer has no numeric error_code")
        } else {
            kind = .internalError
        }
        throw PortalError(kind: kind, errorCode: code, portalMessage: String(message.prefix(500)))
    }
}

/// The cached session token.
final class SessionBox: @unchecked Sendable {
    // @unchecked: all state is guarded by `lock`.
    private let lock = NSLock()
    private var token: String?
    private var expires = Date.distantPast

    func valid(at now: Date) -> String? {
        lock.withLock { now < expires ? token : nil }
    }

    func set(_ token: String, expires: Date) {
        lock.withLock {
            self.token = token
            self.expires = expires
        }
    }

    func clear(ifToken old: String) {
        lock.withLock { if token == old { token = nil } }
    }
}

extension Duration {
    /// The duration in seconds.
    public var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
