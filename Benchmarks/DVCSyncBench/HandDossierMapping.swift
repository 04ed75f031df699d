import DVCSync
import Foundation

/// The shipped `Mappings/h20/dossier.yaml` written by hand in Swift: the baseline the mapping engine is compared to.
/// Tables are the same CSV rows, held in dictionaries.
struct HandDossierMapping {
    let procedures: [String: [String]]
    let agencies: [String: String]
    let status: [String: String]
    let channel: [String: String]
    let viaPostal: [String: String]
    let applicantType: [String: String]
    let paymentMethods: [String: String]

    init(folder: URL) throws {
        func rows(_ name: String) throws -> [[String]] {
            let text = try String(contentsOf: folder.appendingPathComponent("tables/\(name)"), encoding: .utf8)
            return text.split(separator: "\n").dropFirst().map { Self.csvRow(String($0)) }
        }
        func pairs(_ name: String, _ column: Int = 1) throws -> [String: String] {
            Dictionary(try rows(name).map { ($0[0], $0[column]) }, uniquingKeysWith: { a, _ in a })
        }
        procedures = Dictionary(try rows("procedures.csv").map { ($0[0], Array($0[1...])) }, uniquingKeysWith: { a, _ in a })
        agencies = try pairs("agencies.csv", 2)
        status = try pairs("status.csv")
        channel = try pairs("channel.csv")
        viaPostal = try pairs("via-postal.csv")
        applicantType = try pairs("applicant-type.csv")
        paymentMethods = try pairs("payment-methods.csv")
    }

    static func csvRow(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        for ch in line {
            if ch == "\"" { quoted.toggle() } else if ch == "," && !quoted { fields.append(current); current = "" } else {
                current.append(ch)
            }
        }
        fields.append(current)
        return fields
    }

    struct Failure: Error { let field: String }

    @inline(__always)
    func text(_ value: JSONValue?) -> String {
        guard let raw = value?.scalarText else { return "" }
        let bytes = raw.utf8
        guard let first = bytes.first, let last = bytes.last else { return "" }
        let trimmed = first > 32 && last > 32 && first < 0x80 && last < 0x80 ? raw : raw.trimmingCharacters(in: .whitespaces)
        // Already-composed Vietnamese (below U+0300 or in U+1E00–U+1EFF) needs no normaliser.
        if trimmed.unicodeScalars.allSatisfy({ $0.value < 0x300 || ($0.value >= 0x1E00 && $0.value < 0x1F00) }) {
            return trimmed
        }
        return UnicodeNFC.compose(trimmed)
    }

    /// `dd/MM/yyyy HH:mm:ss` in +07 to `yyyyMMddHHmmss` in +07: a digit shuffle.
    func date(_ value: JSONValue?) throws -> String {
        var s = text(value)
        if s.isEmpty { return "" }
        let shuffled = s.withUTF8 { b -> String? in
            guard b.count == 19, b[2] == 47, b[5] == 47, b[10] == 32, b[13] == 58, b[16] == 58 else { return nil }
            return String(unsafeUninitializedCapacity: 14) { out in
                for (k, at) in [6, 7, 8, 9, 3, 4, 0, 1, 11, 12, 14, 15, 17, 18].enumerated() { out[k] = b[at] }
                return 14
            }
        }
        guard let shuffled else { throw Failure(field: "date") }
        return shuffled
    }

    func cut(_ s: String, _ n: Int) -> String {
        if s.utf8.count <= n { return s }
        return s.unicodeScalars.count <= n ? s : String(String.UnicodeScalarView(s.unicodeScalars.prefix(n)))
    }

    func flag(_ value: JSONValue?, _ yes: String, _ no: String, _ absent: String) -> String {
        switch text(value).lowercased() {
        case "true", "1", "yes": return yes
        case "false", "0", "no": return no
        default: return absent
        }
    }

    func map(_ d: JSONValue) throws -> JSONValue {
        var o: [String: JSONValue] = [:]
        o.reserveCapacity(40)
        let no = text(d["dossierNo"])
        guard !no.isEmpty else { throw Failure(field: "MaHoSo") }
        guard let procedure = procedures[text(d["serviceCode"])] else { throw Failure(field: "MaTTHC") }
        o["MaHoSo"] = .string(no)
        o["MaTTHC"] = .string(procedure[0])
        o["TenTTHC"] = .string(procedure[1])
        o["MaLinhVuc"] = .string(procedure[2])
        o["TenLinhVuc"] = .string(procedure[3])
        o["ChuHoSo"] = .string(cut(text(d["applicantName"]), 250))
        o["LoaiDoiTuong"] = .string(applicantType[text(d["applicantIdType"])] ?? "1")
        o["Email"] = .string(text(d["contactEmail"]))
        let tel = text(d["contactTelNo"])
        o["SoDienThoai"] = .string(tel.isEmpty ? text(d["delegateTelNo"]) : tel)
        var brief = text(d["briefNote"])
        if brief.isEmpty { brief = text(d["dossierName"]) }
        if brief.isEmpty { brief = text(d["serviceName"]) }
        guard !brief.isEmpty else { throw Failure(field: "TrichYeuHoSo") }
        o["TrichYeuHoSo"] = .string(cut(brief, 1000))
        o["NgayTiepNhan"] = .string(try date(d["receiveDate"]))
        o["NgayHenTra"] = .string(try date(d["dueDate"]))
        guard let state = status[text(d["dossierSubStatus"])] ?? status[text(d["dossierStatus"])] else {
            throw Failure(field: "TrangThaiHoSo")
        }
        o["TrangThaiHoSo"] = .string(state)
        o["NgayTra"] = .string(try date(d["finishDate"]))
        o["HinhThuc"] = .string(viaPostal[text(d["viaPostal"])] ?? "0")
        o["NgayKetThucXuLy"] = .string(try date(d["releaseDate"]))
        guard let agency = agencies[text(d["govAgencyCode"])] else { throw Failure(field: "DonViXuLy") }
        o["DonViXuLy"] = .string(agency)
        o["GhiChu"] = .string(cut(text(d["dossierNote"]), 2000))
        let channelCode: String
        if text(d["online"]) == "true" { channelCode = "2" } else if !text(d["fromViaPostal"]).isEmpty
            || !text(d["postalCodeSend"]).isEmpty
        {
            channelCode = "3"
        } else { channelCode = channel[text(d["originality"])] ?? "1" }
        o["KenhThucHien"] = .string(channelCode)
        let idNo = text(d["applicantIdNo"])
        o["SoGiayToChuHoSo"] = .string(idNo)
        o["NoiNopHoSo"] = "2"
        let files = d["dossierFiles"]?.arrayValue ?? []
        o["HoSoCoThanhPhanSoHoa"] = .string(files.isEmpty ? "0" : "1")
        o["TaiKhoanDuocXacThucVoiVNeID"] = .string(flag(d["vneidVerified"], "1", "0", "0"))
        o["DuocThanhToanTrucTuyen"] = .string(paymentMethods[text(d["payment"]?["paymentMethod"])] ?? "0")
        o["NgayTuChoi"] = .string(text(d["dossierStatus"]) == "denied" ? try date(d["releaseDate"]) : "")
        o["NgayNopHoSo"] = .string(try date(d["submitDate"]))
        var ids: [JSONValue] = []
        if idNo.unicodeScalars.count == 12 { ids.append(["LoaiDinhDanh": "1", "SoDinhDanh": .string(idNo)]) }
        if idNo.unicodeScalars.count == 9 { ids.append(["LoaiDinhDanh": "2", "SoDinhDanh": .string(idNo)]) }
        o["DinhDanhCHS"] = .array(ids)
        o["TaiLieuNop"] = .array(try filesList(files, d, results: false))
        o["DanhSachGiayToKetQua"] = .array(try filesList(files, d, results: true))
        o["DanhSachLePhi"] = .array(fees(d))
        o["DanhSachHoSoBoSung"] = .array(try (d["supplements"]?.arrayValue ?? []).map(supplement))
        return .object(o)
    }

    func filesList(_ files: [JSONValue], _ d: JSONValue, results: Bool) throws -> [JSONValue] {
        var out: [JSONValue] = []
        for f in files where (text(f["dossierPartType"]) == "2") == results {
            let id = text(f["dossierFileId"])
            guard !id.isEmpty else { throw Failure(field: "file id") }
            var name = text(f["displayName"])
            if name.isEmpty { name = text(f["fileName"]) }
            let ref = text(f["referenceUid"])
            let url = "https://dichvucong.dongthap.gov.vn/o/rest/v2/dossiers/\(text(d["dossierId"]))/files/\(ref)"
            if results {
                out.append(["GiayToId": .string(id), "TenGiayTo": .string(cut(name, 2000)),
                    "MaThanhPhanHoSo": .string(text(f["fileTemplateNo"])), "MaGiayToKetQua": .string(text(f["resultCode"])),
                    "DuongDanTepTinKetQua": .string(url)])
            } else {
                out.append(["TepDinhKemId": .string(id), "TenTepDinhKem": .string(cut(name, 4000)),
                    "IsDeleted": .string(flag(f["removed"], "True", "False", "False")),
                    "MaThanhPhanHoSo": .string(text(f["fileTemplateNo"])), "DuongDanTaiTepTin": .string(url),
                    "DuocSoHoa": "1", "DuocTaiSuDung": .string(flag(f["reused"], "1", "0", "0")),
                    "DuocLayTuKhoDMQG": .string(flag(f["fromNationalStore"], "1", "0", "0"))])
            }
        }
        return out
    }

    /// The charge and the service fee amounts that get an item, as `dossier.yaml` picks them: from `payment` when
    /// the detail has it, else the detail's own non-zero `feeAmount` / `serviceAmount`.
    func feeAmounts(_ d: JSONValue) -> (charge: String?, service: String?) {
        func amount(_ v: JSONValue?) -> String {
            let t = text(v)
            if let i = Int(t) { return String(i) }
            return Double(t).map { String(Int($0)) } ?? t
        }
        func nonZero(_ v: JSONValue?) -> String? {
            let t = text(v)
            return t.isEmpty || t == "0" || t == "0.0" ? nil : amount(v)
        }
        let payment = d["payment"]
        let charge = text(payment?["feeAmount"]).isEmpty ? nonZero(d["feeAmount"]) : amount(payment?["feeAmount"])
        let paidService = payment?["serviceAmount"]
        let service = text(paidService).isEmpty ? nonZero(d["serviceAmount"]) : nonZero(paidService)
        return (charge, service)
    }

    func fees(_ d: JSONValue) -> [JSONValue] {
        var out: [JSONValue] = []
        let amounts = feeAmounts(d)
        if let charge = amounts.charge {
            out.append(["TenPhiLePhi": "Lệ phí", "MaPhiLePhi": "2", "HinhThucThu": "1", "Gia": .string(charge),
                "LoaiPhiLePhi": "1"])
        }
        if let service = amounts.service {
            out.append(["TenPhiLePhi": "Phí", "MaPhiLePhi": "1", "HinhThucThu": "1", "Gia": .string(service),
                "LoaiPhiLePhi": "1"])
        }
        return out
    }

    func supplement(_ s: JSONValue) throws -> JSONValue {
        let id = text(s["supplementId"])
        guard !id.isEmpty else { throw Failure(field: "HoSoBoSungId") }
        return ["HoSoBoSungId": .string(id), "NguoiYeuCauBoSung": .string(text(s["requestUser"])),
            "NoiDungBoSung": .string(cut(text(s["requestNote"]), 2000)), "NgayBoSung": .string(try date(s["requestDate"])),
            "NguoiTiepNhanBoSung": .string(text(s["receiveUser"])), "ThongTinTiepNhan": .string(text(s["receiveNote"])),
            "NgayTiepNhanBoSung": .string(try date(s["receiveDate"])),
            "TrangThaiBoSung": .string(flag(s["received"], "1", "0", "0")),
            "NgayHenTraTruoc": .string(try date(s["dueDateBefore"])), "NgayHenTraMoi": .string(try date(s["dueDateAfter"]))]
    }
}
