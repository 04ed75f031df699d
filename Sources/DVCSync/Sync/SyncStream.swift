/// The streams dvcsync keeps in step with the portal.
public enum SyncStream: String, Sendable, CaseIterable, Codable {
    /// Procedure catalogue → `CapNhatThuTuc`.
    case catalogue
    /// Dossier headers → `DongBoHoSoMC`.
    case dossiers
    /// Processing steps → `CapNhatTienDoHoSoMC`.
    case steps

    /// The portal service that receives this stream.
    public var service: String {
        switch self {
        case .catalogue: return "CapNhatThuTuc"
        case .dossiers: return "DongBoHoSoMC"
        case .steps: return "CapNhatTienDoHoSoMC"
        }
    }

    /// A stream whose records must be on the portal before this one's.
    public var parent: SyncStream? { self == .steps ? .dossiers : nil }

    /// Whether the service distinguishes create from update (`isUpdating`).
    public var hasUpdateFlag: Bool { self != .steps }
}

/// The publication decision sent with a catalogue publish (portal-api.md §10).
public struct PublicationDecision: Sendable, Hashable {
    /// Decision number, `SOQUYETDINH`.
    public var number: String
    /// Decision date `dd/MM/yyyy` (the mapping turns it into `NGAYQUYETDINH`, `yyyyMMdd`).
    public var date: String
    /// Publishing agency, `MACOQUANCONGBO`.
    public var agency: String
    public init(number: String, date: String, agency: String) {
        self.number = number
        self.date = date
        self.agency = agency
    }
}
