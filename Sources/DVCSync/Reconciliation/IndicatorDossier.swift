import Foundation

/// One progress step (`CapNhatTienDoHoSoMC` item) as the 766 formulas need it.
public struct IndicatorStep: Sendable, Hashable, Codable {
    /// Step time (`ThoiDiemXuLy`).
    public var time: Date
    /// Status after the step (`TrangThai`, portal code table §4.1).
    public var status: String

    /// A step from its parts.
    public init(time: Date, status: String) {
        self.time = time
        self.status = status
    }
}

/// The fields of a portal-side dossier (`DongBoHoSoMC` item as dvcsync maps it) that the 766 indicators read.
public struct IndicatorDossier: Sendable, Hashable {
    /// Dossier number (`MaHoSo`).
    public var maHoSo: String
    /// Agency code: `MaDonVi` when the record carries it, else the `MaHoSo` prefix before the first `-`.
    public var agency: String
    /// Processing agency name (`DonViXuLy`).
    public var agencyName: String
    /// National procedure code (`MaTTHC`).
    public var procedure: String
    /// Received (`NgayTiepNhan`, falling back to `NgayNopHoSo`).
    public var received: Date?
    /// Due (`NgayHenTra`); nil for procedures without a deadline.
    public var due: Date?
    /// Processing finished (`NgayKetThucXuLy`).
    public var finished: Date?
    /// Result handed over (`NgayTra`).
    public var returned: Date?
    /// Current status (`TrangThaiHoSo`).
    public var status: String
    /// Submission channel (`KenhThucHien`): "1" direct (also empty), "2" online, "3" postal.
    public var channel: String
    /// Result-return mode (`HinhThuc`): "1" = via the public postal service.
    public var returnMode: String
    /// Fee amounts (`DanhSachLePhi[].Gia`) in VND, thousands dots stripped.
    public var fees: [Int]
    /// `DuocThanhToanTrucTuyen`.
    public var onlinePayment: String
    /// At least one submitted file with a download link (`TaiLieuNop[].DuongDanTaiTepTin`).
    public var hasSubmittedFiles: Bool
    /// `HoSoCoThanhPhanSoHoa` = "1" or any file flagged `DuocSoHoa` = "1" / `DuocTaiSuDung` ∈ {"1", "2"}.
    public var reusesDigitised: Bool
    /// Any file with `DuocLayTuKhoDMQG` = "1".
    public var takenFromCitizenStore: Bool
    /// Any result document with both `DuongDanTepTinKetQua` and `MaGiayToKetQua`.
    public var hasElectronicResult: Bool
    /// Progress steps, sorted by time.
    public var steps: [IndicatorStep]

    /// Dossier sent in by post (`KenhThucHien` = "3").
    public var postalSend: Bool { channel == "3" }
    /// Result returned by post (`HinhThuc` = "1").
    public var postalReceive: Bool { returnMode == "1" }
    /// Filed online (`KenhThucHien` = "2").
    public var isOnline: Bool { channel == "2" }
    /// Accepted by the one-stop desk: has a reception time and is neither "1" (not yet accepted) nor "3" (refused).
    public var isAccepted: Bool { received != nil && status != "1" && status != "3" }
    /// At least one fee with a non-zero amount.
    public var hasPayableFee: Bool { fees.contains { $0 > 0 } }

    /// Reads a mapped `DongBoHoSoMC` item and its `CapNhatTienDoHoSoMC` steps; missing fields read as empty.
    public init(mapped: JSONValue, steps: [JSONValue]) {
        func text(_ value: JSONValue?, _ key: String) -> String {
            value?[key]?.scalarText?.trimmingCharacters(in: .whitespaces) ?? ""
        }
        func items(_ key: String) -> [JSONValue] { mapped[key]?.arrayValue ?? [] }
        maHoSo = text(mapped, "MaHoSo")
        let explicitAgency = text(mapped, "MaDonVi")
        if !explicitAgency.isEmpty {
            agency = explicitAgency
        } else if let dash = maHoSo.firstIndex(of: "-") {
            agency = String(maHoSo[..<dash])
        } else {
            agency = ""
        }
        agencyName = text(mapped, "DonViXuLy")
        procedure = text(mapped, "MaTTHC")
        received = VietnamTime.parse(text(mapped, "NgayTiepNhan")) ?? VietnamTime.parse(text(mapped, "NgayNopHoSo"))
        due = VietnamTime.parse(text(mapped, "NgayHenTra"))
        finished = VietnamTime.parse(text(mapped, "NgayKetThucXuLy"))
        returned = VietnamTime.parse(text(mapped, "NgayTra"))
        status = text(mapped, "TrangThaiHoSo")
        channel = text(mapped, "KenhThucHien")
        returnMode = text(mapped, "HinhThuc")
        fees = items("DanhSachLePhi").map { IndicatorDossier.amount(text($0, "Gia")) }
        onlinePayment = text(mapped, "DuocThanhToanTrucTuyen")
        let files = items("TaiLieuNop")
        hasSubmittedFiles = files.contains { !text($0, "DuongDanTaiTepTin").isEmpty }
        reusesDigitised = text(mapped, "HoSoCoThanhPhanSoHoa") == "1"
            || files.contains { text($0, "DuocSoHoa") == "1" || ["1", "2"].contains(text($0, "DuocTaiSuDung")) }
        takenFromCitizenStore = files.contains { text($0, "DuocLayTuKhoDMQG") == "1" }
        hasElectronicResult = items("DanhSachGiayToKetQua").contains {
            !text($0, "DuongDanTepTinKetQua").isEmpty && !text($0, "MaGiayToKetQua").isEmpty
        }
        self.steps = steps.compactMap { step in
            guard let time = VietnamTime.parse(text(step, "ThoiDiemXuLy")) else { return nil }
            return IndicatorStep(time: time, status: text(step, "TrangThai"))
        }.sorted { $0.time < $1.time }
    }

    /// An amount such as "100.000", "50000" or "Không" as VND (non-digits dropped; no digits = 0).
    static func amount(_ text: String) -> Int {
        var value = 0
        for byte in text.utf8 where byte >= 48 && byte <= 57 {
            value = value &* 10 &+ Int(byte - 48)
        }
        return value
    }
}
