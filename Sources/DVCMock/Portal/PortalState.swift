import DVCJSON
import Foundation

/// Per-service request counts.
public struct ServiceCounters: Sendable, Hashable {
    /// Requests that named the service.
    public var requests = 0
    /// Answered `error_code` "0".
    public var accepted = 0
    /// Answered any other `error_code`.
    public var refused = 0
    /// Creates refused because the record already existed (`error_code` "3").
    public var duplicates = 0

    public init() {}

    var json: JSONValue {
        .object([
            "requests": .number(String(requests)), "accepted": .number(String(accepted)),
            "refused": .number(String(refused)), "duplicates": .number(String(duplicates)),
        ])
    }
}

/// What the portal holds, for tests and the `/_mock/` endpoints.
public struct PortalSnapshot: Sendable, Hashable {
    /// Counters by service name (`login` for `/mapi/login`).
    public var services: [String: ServiceCounters]
    /// Dossiers stored.
    public var dossierCount: Int
    /// Progress steps stored.
    public var stepCount: Int
    /// Procedures in the catalogue.
    public var procedureCount: Int
    /// Dossier numbers a lossy scenario accepted but dropped, in order.
    public var dropped: [String]

    /// Counters of one service (zero when it was never called).
    public subscript(service: String) -> ServiceCounters { services[service] ?? ServiceCounters() }

    var json: JSONValue {
        .object([
            "services": .object(services.mapValues(\.json)), "dossiers": .number(String(dossierCount)),
            "steps": .number(String(stepCount)), "procedures": .number(String(procedureCount)),
            "dropped": .number(String(dropped.count)),
        ])
    }
}

/// A dossier as the portal keeps it.
struct StoredDossier: Sendable {
    var record: JSONValue
    var steps: [JSONValue] = []

    /// The `TraCuuHoSo` result item: the record plus `TienDoXuLy`.
    var lookupResult: JSONValue {
        var members = record.objectValue ?? [:]
        members["TienDoXuLy"] = .array(steps)
        return .object(members)
    }

    /// Inserts `step` in time order (after steps with the same time); false when an identical step is already kept.
    mutating func insert(step: JSONValue) -> Bool {
        let time = step["ThoiDiemXuLy"]?.scalarText ?? ""
        var index = steps.count
        while index > 0, (steps[index - 1]["ThoiDiemXuLy"]?.scalarText ?? "") > time { index -= 1 }
        var probe = index
        while probe > 0, (steps[probe - 1]["ThoiDiemXuLy"]?.scalarText ?? "") == time {
            if steps[probe - 1] == step { return false }
            probe -= 1
        }
        steps.insert(step, at: index)
        return true
    }
}

/// The portal's mutable state, kept behind one mutex.
struct PortalState: Sendable {
    var dossiers: [String: StoredDossier] = [:]
    var stepCount = 0
    var catalogue: [String: CatalogueEntry] = [:]
    var catalogueOrder: [String] = []
    var sessions: [String: Date] = [:]
    var sessionSerial: UInt64 = 0
    var counters: [String: ServiceCounters] = [:]
    var dropped: [String] = []

    init(catalogue entries: [CatalogueEntry]) {
        for entry in entries { put(entry) }
    }

    mutating func put(_ entry: CatalogueEntry) {
        if catalogue.updateValue(entry, forKey: entry.code) == nil { catalogueOrder.append(entry.code) }
    }

    mutating func count(_ service: String, code: String, duplicate: Bool) {
        var counter = counters[service] ?? ServiceCounters()
        counter.requests += 1
        if code == "0" { counter.accepted += 1 } else { counter.refused += 1 }
        if duplicate { counter.duplicates += 1 }
        counters[service] = counter
    }
}
