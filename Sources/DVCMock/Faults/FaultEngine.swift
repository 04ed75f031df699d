import Foundation

/// What the server does with one request, decided before the service runs.
public enum FaultAction: Sendable, Hashable {
    /// Let the service answer normally.
    case respond
    /// Answer this HTTP status (with `Retry-After` seconds when given) without calling the service.
    case status(Int, retryAfter: Int?)
    /// Read the request and never answer; close after `ms` or when the client goes away.
    case hang(ms: Int)
    /// Close the connection (with RST) before any response; the service is not called.
    case reset
    /// Call the service (the request is applied) and close the connection without answering.
    case closeAfterApply
    /// Call the service and send only the first half of its body, then close.
    case truncate
    /// Answer 200 with an HTML body instead of JSON; the service is not called.
    case nonJSON
    /// Answer 200 with `{"error_code": code, "message": message}`; the service is not called.
    case errorCode(String, message: String)
    /// Call the service and send its body in small chunks with a pause between them.
    case drip(chunkBytes: Int, delayMs: Int)
}

/// The full decision for one request.
public struct FaultDecision: Sendable, Hashable {
    /// Delay before answering (sum of the latency rules that fired).
    public var delayMs = 0
    /// Instructions passed to the service.
    public var directives = MockDirectives()
    /// What to do.
    public var action = FaultAction.respond
    /// Names of the faults that fired, for the journal (e.g. `["latency", "status"]`).
    public var labels: [String] = []

    public init() {}
}

/// Pure, seeded fault decisions: the same scenario, seed and request sequence always give the same decisions.
public struct FaultEngine: Sendable {
    /// Rules that apply to this server.
    public let rules: [FaultRule]
    /// The seed.
    public let seed: UInt64
    private var matchCounts: [Int]
    /// Whether any rule selects by the body's `service` (the server then scans bodies for it).
    public var selectsByService: Bool { rules.contains { $0.service != nil } }

    /// An engine for the server called `server` (`portal` or `source`); rules for the other server are skipped.
    public init(scenario: Scenario, seed: UInt64? = nil, server: String) {
        rules = scenario.rules.filter { $0.server == nil || $0.server == server }
        self.seed = seed ?? scenario.seed ?? 1
        matchCounts = Array(repeating: 0, count: rules.count)
    }

    /// Forgets how many requests each rule has seen.
    public mutating func reset() { matchCounts = Array(repeating: 0, count: rules.count) }

    /// Decides the fate of the next request; `service` is the body's `service` name when there is one.
    public mutating func decide(method: String, path: String, service: String?) -> FaultDecision {
        var decision = FaultDecision()
        var terminal: FaultAction?
        for (index, rule) in rules.enumerated() where Self.selects(rule, method: method, path: path, service: service) {
            matchCounts[index] += 1
            let n = matchCounts[index]
            var random = SplitMix64(seed: SplitMix64.mix(seed ^ SplitMix64.mix(UInt64(index + 1) << 32 | UInt64(n))))
            guard Self.fires(rule, n: n, random: &random) else { continue }
            let fault = rule.fault
            switch fault.kind {
            case .latency:
                decision.delayMs += Self.sampleLatency(fault, random: &random)
                decision.labels.append("latency")
            case .expireSession:
                decision.directives.expireSessions = true
                decision.labels.append("expireSession")
            case .lossy:
                decision.directives.dropShare = max(decision.directives.dropShare, fault.share ?? 0)
                decision.directives.dropSeed = seed
                decision.labels.append("lossy")
            default:
                guard terminal == nil else { continue }
                terminal = Self.action(for: fault)
                decision.labels.append(fault.kind.rawValue)
            }
        }
        decision.action = terminal ?? .respond
        return decision
    }

    static func selects(_ rule: FaultRule, method: String, path: String, service: String?) -> Bool {
        if let wanted = rule.method, wanted.uppercased() != method.uppercased() { return false }
        if let wanted = rule.service, wanted != service { return false }
        if let wanted = rule.path {
            if wanted.hasSuffix("*") {
                if !path.hasPrefix(wanted.dropLast()) { return false }
            } else if wanted != path {
                return false
            }
        }
        return true
    }

    static func fires(_ rule: FaultRule, n: Int, random: inout SplitMix64) -> Bool {
        if let requests = rule.requests, let range = RequestRange(requests), !range.contains(n) { return false }
        if let every = rule.every, n % every != 0 { return false }
        if let probability = rule.probability, random.nextUnit() >= probability { return false }
        return true
    }

    static func sampleLatency(_ fault: FaultSpec, random: inout SplitMix64) -> Int {
        switch fault.distribution ?? .fixed {
        case .fixed:
            return max(0, fault.ms ?? 0)
        case .uniform:
            let low = fault.minMs ?? 0
            let high = max(low, fault.maxMs ?? low)
            return low + Int(random.nextUnit() * Double(high - low + 1))
        case .exponential:
            let mean = Double(max(0, fault.meanMs ?? 0))
            let cap = fault.capMs ?? Int(mean * 10)
            return min(cap, Int(-mean * log(1 - random.nextUnit())))
        }
    }

    static func action(for fault: FaultSpec) -> FaultAction {
        switch fault.kind {
        case .status: return .status(fault.status ?? 503, retryAfter: fault.retryAfter)
        case .hang: return .hang(ms: fault.ms ?? 120_000)
        case .reset: return .reset
        case .closeAfterApply: return .closeAfterApply
        case .truncate: return .truncate
        case .nonJSON: return .nonJSON
        case .errorCode:
            return .errorCode(fault.errorCode ?? "-3", message: fault.message ?? "Lỗi hệ thống, vui lòng thử lại sau")
        case .drip: return .drip(chunkBytes: max(1, fault.chunkBytes ?? 16), delayMs: max(0, fault.chunkDelayMs ?? 50))
        case .latency, .expireSession, .lossy: return .respond
        }
    }
}
