import DVCSync
import Foundation
import PropertyBased

/// A generated source dossier and what the shipped mapping must do with it.
struct GeneratedDossier: Sendable, CustomStringConvertible {
    /// The `GET /dossiers/{id}` body.
    var record: [String: JSONValue]
    /// `dossierNo`, the ledger and portal key.
    var key: String
    /// Defects put in on purpose: target field → expected failure code. Empty for a record that must map.
    var defects: [String: String]
    /// Portal date field → source text of a valid date (the mapped value must be its `yyyyMMddHHmmss` form).
    var dates: [String: String]

    var isGood: Bool { defects.isEmpty }
    var description: String { "\(key) defects=\(defects) \(String(decoding: JSONWriter.bytes(.object(record)), as: UTF8.self).prefix(600))" }
}

/// Builds random source dossiers for the shipped `dossier.yaml`: Vietnamese text, numbers given as strings or
/// numbers, optional keys left out, valid and impossible dates, unknown codes and missing keys.
enum DossierGenerator {
    /// Portal date field → source key, in `dossier.yaml` order.
    static let dateFields: [(target: String, source: String)] = [
        ("NgayTiepNhan", "receiveDate"), ("NgayHenTra", "dueDate"), ("NgayTra", "finishDate"),
        ("NgayKetThucXuLy", "releaseDate"), ("NgayNopHoSo", "submitDate"),
    ]
    static let optionalKeys = ["contactEmail", "delegateTelNo", "dossierNote", "dueDate", "finishDate", "releaseDate",
                               "payment", "supplements", "dossierFiles", "vneidVerified", "applicantIdNo",
                               "briefNote", "contactTelNo", "viaPostal", "online", "originality"]
    static let impossibleDates = ["31/02/2023 10:00:00", "29/02/2023 00:00:00", "00/01/2023 08:00:00",
                                  "12/13/2023 08:00:00", "01/01/2023 24:00:00", "01/01/2023 23:60:00",
                                  "31/04/2024 08:00:00", "2023-12-08 15:05", "31/02/2023", "hôm qua", "0"]
    static let syllables = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "thị", "văn", "Ánh",
                            "Quỳnh", "Dương", "Hồ", "Ngọc", "Thủy", "đăng", "ký", "khai", "sinh", "hộ", "tịch",
                            "giấy", "chứng", "nhận", "quyền", "sử", "dụng", "đất", "Đồng", "Tháp", "Sa", "Đéc",
                            "xã", "Mỹ", "Tân", "ấp", "phường", "ưu", "tiên", "ỷ", "ỹ", "Ỵ", "ữ"]
    static let statuses = [("done", "done_1"), ("processing", ""), ("receiving", ""), ("denied", ""),
                           ("releasing", ""), ("paying", "")]

    /// The generator for property checks.
    static func generator(defectRate: Double = 0.3) -> Generator<GeneratedDossier, Shrink.None<GeneratedDossier>> {
        Generator { rng in make(index: Int.random(in: 0..<1_000_000, using: &rng), defectRate: defectRate, using: &rng) }
    }

    /// A page of `1...maxCount` dossiers with distinct keys.
    static func page(maxCount: Int, defectRate: Double = 0.35)
        -> Generator<[GeneratedDossier], Shrink.None<[GeneratedDossier]>>
    {
        Generator { rng in
            (0..<Int.random(in: 1...maxCount, using: &rng)).map { make(index: $0, defectRate: defectRate, using: &rng) }
        }
    }

    static func make(index: Int, defectRate: Double, using rng: inout some RandomNumberGenerator) -> GeneratedDossier {
        var record = ProofFixtures.sampleDossier
        let key = "000.00.33.H20-\(String(format: "%06d", index))-\(Int.random(in: 1000...9999, using: &rng))"
        record["dossierNo"] = .string(key)
        record["dossierId"] = .number(String(40_000 + index))
        record["applicantName"] = .string(text(words: 2...5, using: &rng).uppercased())
        record["briefNote"] = .string(text(words: 0...Int.random(in: 1...300, using: &rng), using: &rng))
        record["dossierNote"] = .string(text(words: 0...30, using: &rng))
        let status = statuses.randomElement(using: &rng)!
        record["dossierStatus"] = .string(status.0)
        record["dossierSubStatus"] = .string(status.1)
        record["contactTelNo"] = number("0912345678", using: &rng)
        record["originality"] = number(String(Int.random(in: 1...3, using: &rng)), using: &rng)
        record["payment"] = .object(["feeAmount": number(String(Int.random(in: 0...500_000, using: &rng)), using: &rng),
                                     "paymentMethod": "PayGov"])
        var dates: [String: String] = [:]
        for field in dateFields {
            let text = validDate(using: &rng)
            record[field.source] = .string(text)
            dates[field.target] = text
        }
        for key in optionalKeys where Double.random(in: 0..<1, using: &rng) < 0.25 {
            record[key] = nil
            if let target = dateFields.first(where: { $0.source == key })?.target { dates[target] = nil }
        }
        var defects: [String: String] = [:]
        if Double.random(in: 0..<1, using: &rng) < defectRate {
            switch Int.random(in: 0..<5, using: &rng) {
            case 0, 1:
                let field = dateFields.randomElement(using: &rng)!
                record[field.source] = .string(impossibleDates.randomElement(using: &rng)!)
                dates[field.target] = nil
                defects[field.target] = "mapping.date"
                if field.source == "releaseDate" { defects["NgayTuChoi"] = "mapping.date" }
            case 2:
                record["serviceCode"] = .string("9.999999.KHONG.CO")
                for target in ["MaTTHC", "TenTTHC", "MaLinhVuc", "TenLinhVuc"] { defects[target] = "mapping.lookup" }
            case 3:
                record["dossierStatus"] = .string("trang-thai-la")
                record["dossierSubStatus"] = .string("")
                defects["TrangThaiHoSo"] = "mapping.lookup"
            default:
                record["govAgencyCode"] = nil
                defects["DonViXuLy"] = "mapping.required"
            }
        }
        if status.0 == "denied", let release = dates["NgayKetThucXuLy"] { dates["NgayTuChoi"] = release }
        return GeneratedDossier(record: record, key: key, defects: defects, dates: dates)
    }

    /// Random Vietnamese words (NFC), sometimes with the combining (NFD) form of the same text.
    static func text(words: ClosedRange<Int>, using rng: inout some RandomNumberGenerator) -> String {
        let count = Int.random(in: words, using: &rng)
        let joined = (0..<count).map { _ in syllables.randomElement(using: &rng)! }.joined(separator: " ")
        return Bool.random(using: &rng) ? joined : joined.decomposedStringWithCanonicalMapping
    }

    /// A digit string, as a JSON string or a JSON number.
    static func number(_ digits: String, using rng: inout some RandomNumberGenerator) -> JSONValue {
        Bool.random(using: &rng) ? .string(digits) : .number(String(Int(digits) ?? 0))
    }

    /// A real `dd/MM/yyyy HH:mm:ss` time between 2015 and 2030, month ends and 29 February included.
    static func validDate(using rng: inout some RandomNumberGenerator) -> String {
        let year = Int.random(in: 2015...2030, using: &rng)
        let month = Int.random(in: 1...12, using: &rng)
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
        let day = Bool.random(using: &rng) ? days : Int.random(in: 1...days, using: &rng)
        return String(format: "%02d/%02d/%04d %02d:%02d:%02d", day, month, year, Int.random(in: 0...23, using: &rng),
                      Int.random(in: 0...59, using: &rng), Int.random(in: 0...59, using: &rng))
    }

    /// `dd/MM/yyyy HH:mm:ss` → `yyyyMMddHHmmss` (both Vietnam time).
    static func portalForm(_ text: String) -> String {
        let d = Array(text)
        return String(d[6..<10]) + String(d[3..<5]) + String(d[0..<2]) + String(d[11..<13]) + String(d[14..<16])
            + String(d[17..<19])
    }
}
