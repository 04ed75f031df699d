import Foundation

/// The ledger's view, read once per reconciliation.
struct LedgerState: Sendable {
    var dossierHashes: [String: String] = [:]
    var pendingDossiers = Set<String>()
    var pendingSteps = Set<String>()
    var quarantinedDossiers = Set<String>()
    var quarantinedSteps = Set<String>()
    /// Dead letters of both streams by dossier number: (stream, record key, error code, reason).
    var deadByDossier: [String: [(stream: String, key: String, code: String, reason: String)]] = [:]
    /// When the portal last accepted each dossier.
    var lastPush: [String: Date] = [:]
    /// The HTTP status of the last failed attempt of a dossier's waiting records, when it was one.
    var lastHTTPStatus: [String: Int] = [:]

    init(ledger: Ledger) throws {
        let dossiers = SyncStream.dossiers.rawValue, steps = SyncStream.steps.rawValue
        for row in try ledger.recordHashes(stream: dossiers) { dossierHashes[row.key] = row.mappedHash }
        pendingDossiers = try ledger.pendingKeys(stream: dossiers)
        pendingSteps = try ledger.pendingKeys(stream: steps)
        quarantinedDossiers = try ledger.quarantinedKeys(stream: dossiers)
        quarantinedSteps = Set(try ledger.quarantinedKeys(stream: steps).map(Self.dossierKey))
        for letter in try ledger.deadLetters(limit: Int(Int32.max)) {
            deadByDossier[Self.dossierKey(letter.sourceKey), default: []]
                .append((letter.stream, letter.sourceKey, letter.errorCode, letter.reason))
        }
        for (key, ms) in try ledger.lastPushTimes(stream: dossiers) {
            lastPush[key] = Date(timeIntervalSince1970: Double(ms) / 1000)
        }
        for row in try ledger.waitingRecords(limit: Int(Int32.max)) where row.errorCode == "http.status" {
            if let status = Self.httpStatus(in: row.message) { lastHTTPStatus[Self.dossierKey(row.sourceKey)] = status }
        }
    }

    /// The status in an `http.status` message ("HTTP 503", "portal answered HTTP 503").
    static func httpStatus(in message: String) -> Int? {
        guard let range = message.range(of: "HTTP ") else { return nil }
        let digits = message[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
        return digits.count == 3 ? Int(digits) : nil
    }

    /// Dossier number of a dossier or step key (`MaHoSo#logId`).
    static func dossierKey(_ key: String) -> String {
        key.firstIndex(of: "#").map { String(key[..<$0]) } ?? key
    }
}

/// What a repair re-enqueues for one dossier.
struct RepairItem: Sendable {
    var key: String
    /// The dossier record, when the portal lacks it or holds a different version.
    var dossier: RecordChange?
    /// Whether the portal already holds a version of the dossier (update rather than create).
    var portalHasDossier: Bool
    /// Steps to send again.
    var steps: [RecordChange]
    /// Dead letters of these records, moved back before re-enqueueing.
    var deadLetters: [(stream: String, key: String)]
}

/// Discrepancies and counts being gathered.
struct Comparison {
    var discrepancies: [Discrepancy] = []
    var repairs: [RepairItem] = []
    var inLedger = 0
    var onPortal = 0
    var matched = 0

    mutating func add(unknown keys: [String], holdings: [String: JSONValue?], ledger: LedgerState,
                      inPeriod: (Date?) -> Bool) {
        for key in keys {
            let stored = holdings[key] ?? nil
            if let stored, !inPeriod(Reconciler.receivedDate(stored)) { continue }
            if stored != nil { onPortal += 1 }
            discrepancies.append(Discrepancy(
                bucket: .unknownToSource, maHoSo: key, agency: Reconciler.agency(of: key),
                reason: stored == nil ? "in the gateway's ledger only; the source no longer lists it"
                    : "on the portal and in the ledger; the source no longer lists it"))
        }
    }

    mutating func add(failures: [QuarantineEntry]) {
        let listed = Set(discrepancies.filter { $0.bucket == .quarantined }.map(\.maHoSo))
        var seen = Set<String>()
        for failure in failures {
            let key = LedgerState.dossierKey(failure.sourceKey)
            guard !listed.contains(key), seen.insert(key).inserted else { continue }
            discrepancies.append(Discrepancy(
                bucket: .quarantined, maHoSo: key, agency: Reconciler.agency(of: key),
                fields: [FieldDifference(field: failure.field, sourceValue: nil, portalValue: nil)],
                reason: "fails to map: \(failure.message)", errorCode: failure.errorCode))
        }
    }
}

extension Reconciler {
    /// Sorts each selected source dossier into buckets against the ledger and the portal's copy.
    func compare(_ dossiers: [ExpectedDossier], holdings: [String: JSONValue?], ledger: LedgerState, asOf: Date)
        -> Comparison
    {
        var out = Comparison()
        for dossier in dossiers {
            let key = dossier.key
            let stored = holdings[key] ?? nil
            if ledger.dossierHashes[key] != nil { out.inLedger += 1 }
            if stored != nil { out.onPortal += 1 }
            func note(_ bucket: DiscrepancyBucket, _ reason: String, fields: [FieldDifference] = [],
                      errorCode: String? = nil) {
                out.discrepancies.append(Discrepancy(bucket: bucket, maHoSo: key, agency: dossier.agency,
                                                     fields: fields, reason: reason,
                                                     lastPushAt: ledger.lastPush[key],
                                                     httpStatus: ledger.lastHTTPStatus[key], errorCode: errorCode))
            }
            if let modified = dossier.modified, modified > asOf {
                note(.newerThanAsOf, "changed in the source after the as-of time")
                continue
            }
            let dossierPending = ledger.pendingDossiers.contains(key)
            let pendingSteps = dossier.steps.filter { ledger.pendingSteps.contains($0.sourceKey) }
            let dead = ledger.deadByDossier[key] ?? []
            var clean = !dossierPending && pendingSteps.isEmpty && dead.isEmpty
                && ledger.dossierHashes[key] == dossier.change.mappedHash
            if ledger.quarantinedDossiers.contains(key) || ledger.quarantinedSteps.contains(key) {
                note(.quarantined, "held back by validation or mapping (see `dvcsync ledger failures`)")
                clean = false
            }
            if let first = dead.first {
                note(.deadLettered, "\(dead.count) record(s) given up after retries: \(first.reason)",
                     errorCode: first.code)
            }
            if dossierPending || !pendingSteps.isEmpty {
                note(.pendingInOutbox, dossierPending ? "the dossier waits in the outbox"
                     : "\(pendingSteps.count) step(s) wait in the outbox")
            }
            var repair = RepairItem(key: key, dossier: nil, portalHasDossier: stored != nil, steps: [],
                                    deadLetters: dead.map { ($0.stream, $0.key) })
            guard let stored else {
                clean = false
                if !dossierPending {
                    note(.missingOnPortal, "the portal has no dossier with this number")
                    repair.dossier = dossier.change
                    repair.steps = dossier.steps
                }
                if repair.dossier != nil { out.repairs.append(repair) }
                continue
            }
            let differences = RecordDiff.diff(expected: dossier.mapped, actual: PortalLookup.withoutSteps(stored))
            if !differences.isEmpty {
                clean = false
                if !dossierPending {
                    note(.contentMismatch, "\(differences.count) field(s) differ from the source", fields: differences)
                    repair.dossier = dossier.change
                    repair.steps = dossier.steps
                }
            }
            let portalSteps = stored["TienDoXuLy"]?.arrayValue ?? []
            let behind = zip(dossier.steps, dossier.mappedSteps).filter { pair in
                !portalSteps.contains(pair.1) && !ledger.pendingSteps.contains(pair.0.sourceKey)
            }
            if !behind.isEmpty {
                clean = false
                note(.statusBehind, "\(behind.count) processing step(s) missing on the portal",
                     fields: behind.map { pair in
                         FieldDifference(field: "TienDoXuLy[\(pair.0.sourceKey)]",
                                         sourceValue: Self.stepSummary(pair.1), portalValue: nil)
                     })
                if repair.dossier == nil { repair.steps = behind.map(\.0) }
            }
            if repair.dossier != nil || !repair.steps.isEmpty { out.repairs.append(repair) }
            if clean { out.matched += 1 }
        }
        return out
    }

    /// `TrangThai @ ThoiDiemXuLy` of a mapped step.
    static func stepSummary(_ step: JSONValue) -> String {
        "\(step["TrangThai"]?.scalarText ?? "?") @ \(step["ThoiDiemXuLy"]?.scalarText ?? "?")"
    }
}
