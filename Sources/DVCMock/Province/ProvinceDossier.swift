/// One generated dossier, stored compactly: a planned timeline of event instants plus small codes.
/// What the API shows depends on the simulated clock: events after `now` have not happened yet.
public struct ProvinceDossier: Sendable, Equatable {
    /// Seconds since `ProvinceDossier.epochBase`; 0 means "no such event".
    public typealias Instant = Int32

    /// 2020-01-01T00:00:00Z; instants are stored relative to it.
    public static let epochBase: Int64 = 1_577_836_800

    /// Dossier id (also the index order of creation).
    public var dossierId: Int32
    /// Per-dossier seed for the derived texts (names, phone numbers, UUID).
    public var seed: UInt32
    /// Index into the catalogue's procedures.
    public var procedure: UInt16
    /// Index into the catalogue's agencies (processing agency).
    public var agency: UInt16
    /// Daily sequence of the dossier number at that agency.
    public var sequence: UInt16
    /// Submission channel: 1 direct, 2 online, 3 postal.
    public var channel: UInt8
    /// Result returned by post.
    public var resultByPost: Bool
    /// How processing ends.
    public var outcome: Outcome
    /// Applicant kind: 0 citizen, 1 business.
    public var applicantKind: UInt8
    /// Injected defect (`.none` for a good record).
    public var defect: ProvinceDefect
    /// Edits made through `MockProvince.edit` (0 for a generated dossier); shown in `dossierNote`.
    public var revision: UInt8 = 0
    /// Planned events.
    public var submit: Instant, receive: Instant, due: Instant
    public var supplementRequest: Instant, supplementReturn: Instant
    public var processStart: Instant, payRequest: Instant, payDone: Instant
    public var release: Instant, finish: Instant
    /// Instant of the latest edit (0 when never edited); it counts as a modification once it has happened.
    public var edited: Instant = 0

    /// How processing of a dossier ends.
    public enum Outcome: UInt8, Sendable { case done, denied, cancelled }

    /// Converts an epoch-second instant to the compact form.
    public static func instant(_ t: Int64) -> Instant { Instant(t - epochBase) }
    /// Converts a compact instant (non-zero) to epoch seconds.
    public static func epoch(_ i: Instant) -> Int64 { Int64(i) + epochBase }

    /// Epoch seconds of an event if it happened at or before `now`.
    @inline(__always) func at(_ i: Instant, _ now: Instant) -> Int64? {
        (i != 0 && i <= now) ? ProvinceDossier.epoch(i) : nil
    }

    /// Status and sub-status at `now` (compact instant).
    func state(at now: Instant) -> DossierState {
        if now < receive { return .receiving }
        if release <= now {
            switch outcome {
            case .denied: return .denied
            case .cancelled: return .cancelled
            case .done: return (finish != 0 && finish <= now) ? .done : .releasing
            }
        }
        if payRequest != 0 && payRequest <= now && now < payDone { return .paying }
        if supplementRequest != 0 && supplementRequest <= now && now < supplementReturn { return .waiting }
        if processStart != 0 && processStart <= now { return .processingApproval }
        return .processing
    }

    /// The latest event at or before `now`: the dossier's modification instant.
    public func modified(at now: Instant) -> Instant {
        var m = submit
        @inline(__always) func take(_ e: Instant) { if e != 0 && e <= now && e > m { m = e } }
        take(receive); take(supplementRequest); take(supplementReturn); take(processStart)
        take(payRequest); take(payDone); take(release); take(finish); take(edited)
        return m
    }

    /// Whether processing ended after the due instant.
    public var isLate: Bool { due != 0 && release > due && outcome == .done }
}

/// The status a dossier shows at a given instant, with its OpenCPS codes and labels.
enum DossierState: Int, CaseIterable, Sendable {
    case receiving, processing, processingApproval, waiting, paying, releasing, done, cancelled, denied

    var status: String {
        switch self {
        case .receiving: "receiving"
        case .processing, .processingApproval: "processing"
        case .waiting: "waiting"
        case .paying: "paying"
        case .releasing: "releasing"
        case .done: "done"
        case .cancelled: "cancelled"
        case .denied: "denied"
        }
    }

    var subStatus: String {
        switch self {
        case .receiving: "receiving_1"
        case .processing: "processing_1"
        case .processingApproval: "processing_2"
        case .waiting: "waiting_1"
        case .paying: "paying_1"
        case .releasing: "releasing_0"
        case .done: "done_1"
        case .cancelled: "cancelled_1"
        case .denied: "denied_1"
        }
    }
}

/// Defects that bad-record injection can put into a dossier as rendered by the API.
public enum ProvinceDefect: UInt8, Sendable, CaseIterable {
    /// A good record.
    case none
    /// `receiveDate` is an impossible date such as `31/02/2023 08:00:00`.
    case impossibleDate
    /// `serviceCode` names a procedure absent from the catalogue.
    case unknownProcedure
    /// Required fields (`serviceCode`, `serviceName`, `govAgencyCode`) are missing.
    case missingFields
    /// `dossierName` and `applicantName` are far longer than the portal accepts.
    case overlongText
    /// `applicantName` and `dossierName` contain control characters.
    case controlCharacters

    /// Stable name used in reports and docs.
    public var name: String {
        switch self {
        case .none: "none"
        case .impossibleDate: "impossible-date"
        case .unknownProcedure: "unknown-procedure"
        case .missingFields: "missing-fields"
        case .overlongText: "overlong-text"
        case .controlCharacters: "control-characters"
        }
    }
}
