import Foundation

/// A fault scenario: rules read from `Mock/scenarios/*.json` (format in `Mock/scenarios/README.md`).
public struct Scenario: Sendable, Hashable, Codable {
    /// Short name, e.g. `flaky`.
    public var name: String
    /// What the scenario emulates.
    public var description: String?
    /// Default seed when the caller gives none.
    public var seed: UInt64?
    /// Rules, evaluated in order for every request.
    public var rules: [FaultRule]

    public init(name: String, description: String? = nil, seed: UInt64? = nil, rules: [FaultRule] = []) {
        self.name = name
        self.description = description
        self.seed = seed
        self.rules = rules
    }

    /// No faults at all.
    public static let happy = Scenario(name: "happy", description: "No faults.")

    /// Decodes and checks a scenario document.
    public static func decode(_ bytes: [UInt8]) throws(MockError) -> Scenario {
        let scenario: Scenario
        do {
            scenario = try JSONDecoder().decode(Scenario.self, from: Data(bytes))
        } catch {
            throw MockError(code: "mock.scenario.syntax", message: "scenario is not valid: \(error)")
        }
        try scenario.validate()
        return scenario
    }

    /// Loads a scenario file.
    public static func load(from url: URL) throws(MockError) -> Scenario {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw MockError(code: "mock.scenario.unreadable", message: "cannot read scenario \(url.lastPathComponent)")
        }
        return try decode(Array(data))
    }

    /// Throws if a rule is inconsistent (unknown kind, status outside the allowed set, bad range).
    public func validate() throws(MockError) {
        for (index, rule) in rules.enumerated() {
            func fail(_ why: String) -> MockError {
                MockError(code: "mock.scenario.invalid", message: "scenario \(name), rule \(index + 1): \(why)")
            }
            if let p = rule.probability, !(0...1).contains(p) { throw fail("probability must be in [0, 1]") }
            if let every = rule.every, every < 1 { throw fail("every must be ≥ 1") }
            if let requests = rule.requests, RequestRange(requests) == nil {
                throw fail("requests must look like \"5\", \"5-9\" or \"5-\"")
            }
            if let server = rule.server, !["portal", "source"].contains(server) {
                throw fail("server must be portal or source")
            }
            let fault = rule.fault
            switch fault.kind {
            case .status:
                guard let status = fault.status, [429, 500, 502, 503, 504].contains(status) else {
                    throw fail("status must be one of 429, 500, 502, 503, 504")
                }
            case .latency:
                guard let distribution = fault.distribution else { throw fail("latency needs a distribution") }
                switch distribution {
                case .fixed: if fault.ms == nil { throw fail("fixed latency needs ms") }
                case .uniform: if fault.minMs == nil || fault.maxMs == nil { throw fail("uniform needs minMs, maxMs") }
                case .exponential: if fault.meanMs == nil { throw fail("exponential needs meanMs") }
                }
            case .errorCode: if fault.errorCode == nil { throw fail("errorCode needs errorCode") }
            case .lossy:
                guard let share = fault.share, (0...1).contains(share) else { throw fail("lossy needs share in [0, 1]") }
            default: break
            }
        }
    }
}

/// One rule: which requests it selects, when it fires, and the fault.
public struct FaultRule: Sendable, Hashable, Codable {
    /// `portal` or `source`; nil for both servers.
    public var server: String?
    /// Body `service` name the rule applies to (portal), nil for any.
    public var service: String?
    /// Path the rule applies to; a trailing `*` makes it a prefix; nil for any.
    public var path: String?
    /// HTTP method, nil for any.
    public var method: String?
    /// Fires with this probability (seeded); nil means always.
    public var probability: Double?
    /// Fires only for these matching requests, counted from 1: `"5"`, `"5-9"`, `"5-"`.
    public var requests: String?
    /// Fires on every N-th matching request.
    public var every: Int?
    /// What happens.
    public var fault: FaultSpec

    public init(server: String? = nil, service: String? = nil, path: String? = nil, method: String? = nil,
                probability: Double? = nil, requests: String? = nil, every: Int? = nil, fault: FaultSpec) {
        self.server = server
        self.service = service
        self.path = path
        self.method = method
        self.probability = probability
        self.requests = requests
        self.every = every
        self.fault = fault
    }
}

/// A fault and its parameters (unused parameters are ignored).
public struct FaultSpec: Sendable, Hashable, Codable {
    /// The kinds of fault.
    public enum Kind: String, Sendable, Hashable, Codable {
        case status, latency, hang, reset, closeAfterApply, truncate, nonJSON, errorCode, expireSession, lossy, drip
    }

    /// Latency distributions.
    public enum Distribution: String, Sendable, Hashable, Codable { case fixed, uniform, exponential }

    /// Which fault.
    public var kind: Kind
    /// `status`: 429, 500, 502, 503 or 504.
    public var status: Int?
    /// `status`: `Retry-After` seconds; nil sends no header.
    public var retryAfter: Int?
    /// `latency`: the distribution.
    public var distribution: Distribution?
    /// `latency` fixed delay; `hang` duration (default 120000).
    public var ms: Int?
    /// `uniform` lower bound.
    public var minMs: Int?
    /// `uniform` upper bound.
    public var maxMs: Int?
    /// `exponential` mean.
    public var meanMs: Int?
    /// `exponential` cap (default 10 × mean).
    public var capMs: Int?
    /// `errorCode`: the `error_code` to answer, e.g. `"-3"`.
    public var errorCode: String?
    /// `errorCode`: the message.
    public var message: String?
    /// `lossy`: share of records dropped.
    public var share: Double?
    /// `drip`: bytes per chunk (default 16).
    public var chunkBytes: Int?
    /// `drip`: delay between chunks (default 50 ms).
    public var chunkDelayMs: Int?

    public init(kind: Kind, status: Int? = nil, retryAfter: Int? = nil, distribution: Distribution? = nil,
                ms: Int? = nil, minMs: Int? = nil, maxMs: Int? = nil, meanMs: Int? = nil, capMs: Int? = nil,
                errorCode: String? = nil, message: String? = nil, share: Double? = nil, chunkBytes: Int? = nil,
                chunkDelayMs: Int? = nil) {
        self.kind = kind
        self.status = status
        self.retryAfter = retryAfter
        self.distribution = distribution
        self.ms = ms
        self.minMs = minMs
        self.maxMs = maxMs
        self.meanMs = meanMs
        self.capMs = capMs
        self.errorCode = errorCode
        self.message = message
        self.share = share
        self.chunkBytes = chunkBytes
        self.chunkDelayMs = chunkDelayMs
    }
}

/// A 1-based range of matching-request numbers, parsed from `"5"`, `"5-9"` or `"5-"`.
struct RequestRange: Hashable {
    var lower: Int
    var upper: Int

    init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard (1...2).contains(parts.count), let low = Int(parts[0]), low >= 1 else { return nil }
        lower = low
        if parts.count == 1 {
            upper = low
        } else if parts[1].isEmpty {
            upper = Int.max
        } else if let high = Int(parts[1]), high >= low {
            upper = high
        } else {
            return nil
        }
    }

    func contains(_ n: Int) -> Bool { n >= lower && n <= upper }
}
