import DVCSync

/// A hand-built month of dossiers (March 2024) whose indicator values are worked out by hand in the tests.
enum IndicatorFixture {
    static let agencyA = "000.00.14.H20"
    static let agencyB = "000.00.15.H20"

    struct Spec {
        var number: String
        var agency: String
        var received: String
        var due: String = ""
        var status: String
        var channel: String = "1"
        var returnMode: String = "0"
        var steps: [(String, String)]
        var procedure: String = "1.001193"
        var extra: [String: JSONValue] = [:]
    }

    static func dossier(_ spec: Spec) -> IndicatorDossier {
        var fields: [String: JSONValue] = [
            "MaHoSo": .string("\(spec.agency)-\(spec.number)"), "MaTTHC": .string(spec.procedure),
            "NgayTiepNhan": .string(spec.received), "NgayNopHoSo": .string(spec.received),
            "NgayHenTra": .string(spec.due), "TrangThaiHoSo": .string(spec.status),
            "KenhThucHien": .string(spec.channel), "HinhThuc": .string(spec.returnMode),
            "DonViXuLy": .string(spec.agency == agencyA ? "Sở Tư pháp" : "UBND huyện Cao Lãnh"),
            "NgayKetThucXuLy": "", "NgayTra": "",
        ]
        for (key, value) in spec.extra { fields[key] = value }
        let steps: [JSONValue] = spec.steps.map { ["ThoiDiemXuLy": .string($0.0), "TrangThai": .string($0.1)] }
        return IndicatorDossier(mapped: .object(fields), steps: steps)
    }

    static let file: JSONValue = ["DuongDanTaiTepTin": "https://dvc.example.vn/f/1", "DuocSoHoa": "0"]

    /// The eleven dossiers; comments give what each one exercises.
    static var dossiers: [IndicatorDossier] {
        [
            // D1 early: ends Wed 06 16:00, due Fri 08. 56 h. Online, result by post, paid online, electronic result.
            dossier(Spec(number: "240304-0001", agency: agencyA, received: "20240304080000", due: "20240308170000",
                         status: "9", channel: "2", returnMode: "1",
                         steps: [("20240304080000", "2"), ("20240304090000", "4"), ("20240306160000", "9")],
                         extra: ["DanhSachLePhi": [["Gia": "50.000"]], "DuocThanhToanTrucTuyen": "1",
                                 "TaiLieuNop": [["DuongDanTaiTepTin": "https://dvc.example.vn/f/2", "DuocSoHoa": "1"]],
                                 "DanhSachGiayToKetQua": [["DuongDanTepTinKetQua": "https://dvc.example.vn/kq/1",
                                                           "MaGiayToKetQua": "KQ01"]]])),
            // D2 on time only thanks to the 48 h supplement (Wed 10:00 → Fri 10:00) being deducted; fee of 0 VND.
            dossier(Spec(number: "240305-0001", agency: agencyA, received: "20240305080000", due: "20240306170000",
                         status: "9",
                         steps: [("20240305080000", "2"), ("20240306100000", "5"), ("20240308100000", "4"),
                                 ("20240308160000", "9")],
                         extra: ["DanhSachLePhi": [["Gia": "0"]], "TaiLieuNop": [file]])),
            // D3 late: two supplement requests, although it ends long before its due date. Postal both ways.
            dossier(Spec(number: "240311-0001", agency: agencyA, received: "20240311080000", due: "20240329170000",
                         status: "10", channel: "3", returnMode: "1",
                         steps: [("20240311080000", "2"), ("20240312080000", "5"), ("20240313080000", "4"),
                                 ("20240314080000", "5"), ("20240315080000", "4"), ("20240318080000", "9")],
                         extra: ["DanhSachLePhi": [["Gia": "100.000"]], "DuocThanhToanTrucTuyen": "3",
                                 "HoSoCoThanhPhanSoHoa": "1",
                                 "TaiLieuNop": [["DuongDanTaiTepTin": "https://dvc.example.vn/f/3", "DuocLayTuKhoDMQG": "1"]],
                                 "DanhSachGiayToKetQua": [["DuongDanTepTinKetQua": "https://dvc.example.vn/kq/3"]]])),
            // D8 carried over from February, finished in March after its due date: late.
            dossier(Spec(number: "240226-0001", agency: agencyA, received: "20240226080000", due: "20240301170000",
                         status: "9", steps: [("20240226080000", "2"), ("20240304100000", "9")])),
            // D9 received and finished in February: outside the period.
            dossier(Spec(number: "240201-0001", agency: agencyA, received: "20240201080000", due: "20240205170000",
                         status: "10", steps: [("20240201080000", "2"), ("20240205080000", "9")])),
            // D10 refused at reception: new, online, not accepted.
            dossier(Spec(number: "240320-0001", agency: agencyA, received: "20240320080000", status: "3", channel: "2",
                         steps: [("20240320090000", "3")])),
            // D4 still open at period end (end = 1 April 00:00) and past due: late; overdue at the as-of time.
            dossier(Spec(number: "240325-0001", agency: agencyB, received: "20240325080000", due: "20240328170000",
                         status: "4", channel: "2", steps: [("20240325080000", "2"), ("20240325090000", "4")])),
            // D5 open and not yet due: on time; reuses a digitised component.
            dossier(Spec(number: "240328-0001", agency: agencyB, received: "20240328080000", due: "20240410170000",
                         status: "2", channel: "", steps: [("20240328080000", "2")],
                         extra: ["TaiLieuNop": [["DuongDanTaiTepTin": "https://dvc.example.vn/f/5", "DuocTaiSuDung": "2"]]])),
            // D6 no NgayHenTra, legal 2 working days: Thu 08:00 → Mon 07:00 is 47 working hours: on time (95 h wall).
            dossier(Spec(number: "240307-0001", agency: agencyB, received: "20240307080000", status: "10", channel: "2",
                         steps: [("20240307080000", "2"), ("20240311070000", "10")], procedure: "2.000001")),
            // D7 no NgayHenTra, legal 1 working day: Tue 08:00 → Thu 09:00 is 49 working hours: late. Sent by post.
            dossier(Spec(number: "240319-0001", agency: agencyB, received: "20240319080000", status: "9", channel: "3",
                         steps: [("20240319080000", "2"), ("20240321090000", "9")], procedure: "2.000002")),
            // D11 one supplement request still open: the request is the end (Wed 13 < due Fri 15): early.
            dossier(Spec(number: "240312-0001", agency: agencyB, received: "20240312080000", due: "20240315170000",
                         status: "5", steps: [("20240312080000", "2"), ("20240313100000", "5")])),
        ]
    }

    static let period = ReportPeriod.month(year: 2024, month: 3)
    static let asOf = VietnamTime.parse("20240402100000")!
    static let configuration = IndicatorCalculator.Configuration(
        legalDurations: ["2.000001": .workingDays(2), "2.000002": .workingDays(1)])

    static func report() -> IndicatorReport {
        IndicatorCalculator(period: period, asOf: asOf, configuration: configuration)
            .compute(dossiers: dossiers, sourceReceived: [agencyA: 5, agencyB: 5])
    }
}
