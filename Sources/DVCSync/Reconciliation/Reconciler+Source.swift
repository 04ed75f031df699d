import Foundation

/// One source dossier as the portal should hold it: the mapped record and its mapped steps.
struct ExpectedDossier: Sendable {
    var key: String
    var agency: String
    /// Mapped `NgayTiepNhan` (falling back to `NgayNopHoSo`).
    var received: Date?
    /// Source `modifiedDate`, when the source gives one.
    var modified: Date?
    var change: RecordChange
    var mapped: JSONValue
    var steps: [RecordChange]
    var mappedSteps: [JSONValue]
}

/// Everything the full scan found.
struct SourceScan: Sendable {
    var dossiers: [ExpectedDossier] = []
    /// Dossiers or steps that fail to map now.
    var failures: [QuarantineEntry] = []
}

extension Reconciler {
    /// Enumerates every dossier of the source (no cursor, no known hashes) and maps each as the engine does.
    func scanSource() async throws -> SourceScan {
        let box = ScanBox()
        try await source.scanDossiers(cursor: nil, knownHashes: { _ in [:] }, page: { [engine] page in
            try Task.checkCancellation()
            let mapped = engine.mapDossiers(page.items)
            let modified = Dictionary(page.items.map { ($0.key, Self.modifiedDate($0.detail)) }) { first, _ in first }
            let steps = Dictionary(grouping: mapped.steps, by: \.orderKey)
            var found: [ExpectedDossier] = []
            for change in mapped.dossiers {
                let record = try JSONParser.parse(change.payload)
                let ownSteps = (steps[change.sourceKey] ?? []).sorted {
                    ($0.sequence, $0.sourceKey) < ($1.sequence, $1.sourceKey)
                }
                let stepRecords = try ownSteps.map { try JSONParser.parse($0.payload) }
                found.append(ExpectedDossier(
                    key: change.sourceKey, agency: Self.agency(of: change.sourceKey),
                    received: Self.receivedDate(record), modified: modified[change.sourceKey] ?? nil,
                    change: change, mapped: record, steps: ownSteps, mappedSteps: stepRecords))
            }
            box.add(found, failures: mapped.failures)
        })
        return box.result()
    }

    /// Mapped reception time: `NgayTiepNhan`, else `NgayNopHoSo` (portal format `yyyyMMddHHmmss`).
    static func receivedDate(_ record: JSONValue) -> Date? {
        for field in ["NgayTiepNhan", "NgayNopHoSo"] {
            if let text = record[field]?.scalarText, let date = VietnamTime.parse(text) { return date }
        }
        return nil
    }

    /// Source `modifiedDate`: `dd/MM/yyyy HH:mm:ss`, `yyyyMMddHHmmss` or epoch milliseconds; nil when absent.
    static func modifiedDate(_ detail: JSONValue) -> Date? {
        guard let text = detail["modifiedDate"]?.scalarText?.trimmingCharacters(in: .whitespaces), !text.isEmpty
        else { return nil }
        if let date = VietnamTime.parseDateTime(text) ?? VietnamTime.parse(text) { return date }
        if text.count >= 12, text.count <= 13, let millis = Double(text) {
            return Date(timeIntervalSince1970: millis / 1000)
        }
        return nil
    }
}

/// Collects pages handed over by the connector.
final class ScanBox: @unchecked Sendable {
    private let lock = NSLock()
    private var scan = SourceScan()

    func add(_ dossiers: [ExpectedDossier], failures: [QuarantineEntry]) {
        lock.withLock {
            scan.dossiers += dossiers
            scan.failures += failures
        }
    }

    /// The scan, one entry per dossier number (a dossier listed twice keeps its last version).
    func result() -> SourceScan {
        lock.withLock {
            var seen = Set<String>()
            var out = scan
            out.dossiers = scan.dossiers.reversed().filter { seen.insert($0.key).inserted }.reversed()
            return out
        }
    }
}
