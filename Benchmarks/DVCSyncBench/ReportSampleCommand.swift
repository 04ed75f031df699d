import ArgumentParser
import DVCSync
import Foundation

/// `dvcsync-bench report-sample`: writes a sample reconciliation report (HTML, JSON, CSV, text) built from
/// synthetic dossiers of one year through the real indicator calculator and renderers.
struct ReportSampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report-sample", abstract: "Writes a sample reconciliation report for review and screenshots.")

    @Option(help: "Output directory.") var output = "/tmp/dvcsync-report-sample"
    @Option(help: "Dossiers to generate.") var dossiers = 6000

    func run() throws {
        let report = SampleReport.make(dossiers: dossiers)
        let directory = URL(fileURLWithPath: output)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data(HTMLReportRenderer.render(report).utf8).write(to: directory.appendingPathComponent("report.html"))
        try Data(ReportJSONCodec.encode(report)).write(to: directory.appendingPathComponent("report.json"))
        try Data(CSVReportRenderer.render(report).utf8).write(to: directory.appendingPathComponent("discrepancies.csv"))
        let text = TerminalReportRenderer.render(report, topN: 10)
        try Data(text.utf8).write(to: directory.appendingPathComponent("report.txt"))
        print(text)
        print("written: \(directory.appendingPathComponent("report.html").path)")
    }
}

/// A deterministic year of synthetic dossiers for eight agencies of Đồng Tháp (H20), with a few discrepancies.
enum SampleReport {
    static let agencies: [(String, String)] = [
        ("000.00.10.H20", "Sở Tư pháp"), ("000.00.14.H20", "Sở Thông tin và Truyền thông"),
        ("000.00.17.H20", "Sở Kế hoạch và Đầu tư"), ("000.00.22.H20", "Sở Tài nguyên và Môi trường"),
        ("000.00.31.H20", "UBND TP Cao Lãnh"), ("000.00.32.H20", "UBND TP Sa Đéc"),
        ("000.00.35.H20", "UBND huyện Lấp Vò"), ("000.00.38.H20", "UBND huyện Tháp Mười"),
    ]

    static func make(dossiers count: Int) -> ReconciliationReport {
        var random = SplitMix(seed: 2023)
        let period = ReportPeriod.year(2023)
        let asOf = VietnamTime.parse("20240105100000")!
        var dossiers: [IndicatorDossier] = []
        var sourceReceived: [String: Int] = [:]
        for index in 0..<count {
            let agencyIndex = Int(random.next() % UInt64(agencies.count))
            let (agency, name) = agencies[agencyIndex]
            let day = Int(random.next() % 372) - 7
            let start = period.from.addingTimeInterval(Double(day) * 86400 + 8 * 3600 + Double(random.next() % 8) * 3600)
            let roll = Double(random.next() % 1000) / 1000
            let lateBias = Double(agencyIndex) * 0.025
            let dueDays = 3.0 + Double(random.next() % 10)
            let due = start.addingTimeInterval(dueDays * 86400)
            let took = roll < 0.06 + lateBias ? (dueDays + 1.5) * 86400
                : roll < 0.55 ? (dueDays - 0.2) * 86400 : dueDays * (0.3 + roll * 0.5) * 86400
            let end = start.addingTimeInterval(took)
            let finished = end < asOf && random.next() % 20 != 0
            let channel = ["1", "2", "2", "3"][Int(random.next() % 4)]
            let record: JSONValue = .object([
                "MaHoSo": .string("\(agency)-\(VietnamTime.format(start).dropFirst(2).prefix(6))-\(String(format: "%04d", index))"),
                "MaTTHC": "1.001193", "DonViXuLy": .string(name),
                "NgayTiepNhan": .string(VietnamTime.format(start)), "NgayHenTra": .string(VietnamTime.format(due)),
                "NgayKetThucXuLy": .string(finished ? VietnamTime.format(end) : ""),
                "TrangThaiHoSo": .string(finished ? (random.next() % 3 == 0 ? "9" : "10") : (random.next() % 5 == 0 ? "5" : "4")),
                "KenhThucHien": .string(channel), "HinhThuc": .string(random.next() % 3 == 0 ? "1" : "0"),
                "DanhSachLePhi": random.next() % 2 == 0 ? [["Gia": "50.000"]] : [],
                "DuocThanhToanTrucTuyen": random.next() % 3 == 0 ? "1" : "0",
                "HoSoCoThanhPhanSoHoa": random.next() % 2 == 0 ? "1" : "0",
                "TaiLieuNop": [["DuongDanTaiTepTin": .string("https://dichvucong.dongthap.gov.vn/f/\(index)"),
                                "DuocLayTuKhoDMQG": random.next() % 4 == 0 ? "1" : "0"]],
                "DanhSachGiayToKetQua": finished && random.next() % 2 == 0
                    ? [["DuongDanTepTinKetQua": .string("https://dichvucong.dongthap.gov.vn/kq/\(index)"), "MaGiayToKetQua": "KQ"]] : [],
            ])
            let steps: [JSONValue] = [["ThoiDiemXuLy": .string(VietnamTime.format(start)), "TrangThai": "2"]]
                + (finished ? [["ThoiDiemXuLy": .string(VietnamTime.format(end)), "TrangThai": "9"]] : [])
            dossiers.append(IndicatorDossier(mapped: record, steps: steps))
            if period.contains(start) { sourceReceived[agency, default: 0] += agencyIndex == 6 && index % 40 == 0 ? 2 : 1 }
        }
        var discrepancies: [Discrepancy] = []
        for (offset, dossier) in dossiers.prefix(400).enumerated() where offset % 9 == 0 {
            let bucket = DiscrepancyBucket.allCases[(offset / 9) % DiscrepancyBucket.allCases.count]
            var fields: [FieldDifference] = []
            if bucket == .contentMismatch || bucket == .statusBehind {
                fields = RecordDiff.diff(
                    expected: ["TrangThaiHoSo": "10", "TaiLieuNop": [["TenTepDinhKem": "to_khai.pdf"]]],
                    actual: ["TrangThaiHoSo": "4", "TaiLieuNop": [["TenTepDinhKem": "to_khai (1).pdf"]]])
            }
            discrepancies.append(Discrepancy(
                bucket: bucket, maHoSo: dossier.maHoSo, agency: dossier.agency, fields: fields,
                reason: reasons[bucket] ?? "", lastPushAt: asOf.addingTimeInterval(-7200),
                httpStatus: bucket == .deadLettered ? 502 : nil, errorCode: bucket == .deadLettered ? "transport.http" : nil))
        }
        let indicators = IndicatorCalculator(period: period, asOf: asOf).compute(dossiers: dossiers, sourceReceived: sourceReceived)
        let inPeriod = sourceReceived.values.reduce(0, +)
        return ReconciliationReport(
            runID: "rc-20240105-0930", period: period, asOf: asOf, sourceWatermark: "20240105095800",
            gatewayVersion: "1.0.0", mappingVersion: "2023.12", configDigest: "sha256:3f9a1c0e",
            counts: SideCounts(source: inPeriod + 12, ledger: inPeriod + 4, portal: inPeriod - 6,
                               matched: inPeriod - discrepancies.count),
            discrepancies: discrepancies, indicators: indicators,
            thresholds: ReportThresholds(maxPerBucket: 0, minSyncRate: 0.99, minOnTimeRate: 0.9, maxOverdueNow: 50))
    }

    static let reasons: [DiscrepancyBucket: String] = [
        .missingOnPortal: "TraCuuHoSo không tìm thấy hồ sơ; lần gửi cuối chưa được xác nhận",
        .unknownToSource: "Hồ sơ có trên Cổng nhưng không còn trong hệ thống một cửa",
        .contentMismatch: "Băm nội dung khác nhau giữa sổ cái và Cổng",
        .statusBehind: "Cổng còn trạng thái 4, nguồn đã trả kết quả",
        .pendingInOutbox: "Đang chờ trong hàng đợi gửi",
        .deadLettered: "Cổng trả HTTP 502 sau 8 lần thử <script>alert(1)</script>",
        .quarantined: "Thiếu mã TTHC quốc gia trong bảng ánh xạ",
        .newerThanAsOf: "Cập nhật ở nguồn sau thời điểm đối soát",
    ]
}
