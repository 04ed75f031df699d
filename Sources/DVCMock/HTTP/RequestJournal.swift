import DVCJSON
import Synchronization

/// One line of the request journal: what arrived and what happened, without bodies, passwords or sessions.
public struct MockJournalEntry: Sendable, Hashable {
    /// 1-based arrival number since start or the last reset.
    public var sequence: Int
    /// HTTP method.
    public var method: String
    /// Path without the query string (the query may carry secrets and is not kept).
    public var path: String
    /// The portal `service` or the source endpoint, as noted by the service (or sniffed from the body).
    public var operation: String?
    /// Business keys (dossier numbers) the request carried.
    public var keys: [String]
    /// The service's outcome (`"0"`, `"2"`, …); nil when the service was not called.
    public var outcome: String?
    /// HTTP status sent; nil when no response was sent (reset, hang, close after apply).
    public var status: Int?
    /// Faults that fired, e.g. `["latency", "status"]`.
    public var faults: [String]
    /// Short safe detail from the service.
    public var detail: String?

    /// The entry as JSON.
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "sequence": .number(String(sequence)), "method": .string(method), "path": .string(path),
            "keys": .array(keys.map { .string($0) }), "faults": .array(faults.map { .string($0) }),
        ]
        object["operation"] = operation.map { .string($0) } ?? .null
        object["outcome"] = outcome.map { .string($0) } ?? .null
        object["status"] = status.map { .number(String($0)) } ?? .null
        object["detail"] = detail.map { .string($0) } ?? .null
        return .object(object)
    }

    /// One log line, e.g. `#12 POST /mapi/g DongBoHoSoMC keys=100 status=200 outcome=0`.
    public var logLine: String {
        var line = "#\(sequence) \(method) \(path)"
        if let operation { line += " \(operation)" }
        if !keys.isEmpty { line += keys.count == 1 ? " key=\(keys[0])" : " keys=\(keys.count)" }
        line += " status=" + (status.map(String.init) ?? "none")
        if let outcome { line += " outcome=\(outcome)" }
        if !faults.isEmpty { line += " faults=" + faults.joined(separator: ",") }
        return line
    }
}

/// The server's bounded journal of requests (oldest entries are forgotten beyond the capacity).
final class RequestJournal: Sendable {
    private struct State {
        var entries: [MockJournalEntry] = []
        var nextSequence = 1
    }

    private let state = Mutex(State())
    let capacity: Int

    init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Reserves the next sequence number.
    func nextSequence() -> Int {
        state.withLock { state in
            defer { state.nextSequence += 1 }
            return state.nextSequence
        }
    }

    func append(_ entry: MockJournalEntry) {
        state.withLock { state in
            state.entries.append(entry)
            // Trim in bulk so appending stays O(1) amortised.
            if state.entries.count >= 2 * capacity { state.entries.removeFirst(state.entries.count - capacity) }
        }
    }

    func entries() -> [MockJournalEntry] {
        state.withLock { $0.entries.suffix(capacity).sorted { $0.sequence < $1.sequence } }
    }

    func reset() { state.withLock { $0 = State() } }
}
