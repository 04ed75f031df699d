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

    /// `text` as the mapping's `dd/MM/yyyy` (`1/2/2026` → `01/02/2026`); nil when it is not a real date written
    /// day/month/year with a four-digit year.
    public static func normalisedDate(_ text: String) -> String? {
        let fields = text.split(separator: "/", omittingEmptySubsequences: false)
        let digits = fields.allSatisfy { !$0.isEmpty && $0.utf8.allSatisfy { (0x30...0x39).contains($0) } }
        guard fields.count == 3, digits, fields[2].count == 4,
              let date = VietnamTime.parseDateTime(text + " 00:00:00") else { return nil }
        return VietnamTime.dateOnly(date)
    }
}
