import DVCSync
import Foundation
import Testing

@Suite struct ReportRenderingTests {
    static func sampleReport(reason: String = "Cổng trả lỗi 2: thiếu TrichYeuHoSo") -> ReconciliationReport {
        let asOf = IndicatorFixture.asOf
        return ReconciliationReport(
            runID: "rc-20240402-01", period: IndicatorFixture.period, asOf: asOf,
            agencyFilter: [IndicatorFixture.agencyB, IndicatorFixture.agencyA], sourceWatermark: "20240402095959",
            gatewayVersion: "1.0.0", mappingVersion: "2024.03", configDigest: "sha256:ab12",
            counts: SideCounts(source: 10, ledger: 9, portal: 9, matched: 6),
            discrepancies: [
                Discrepancy(bucket: .contentMismatch, maHoSo: "000.00.14.H20-240304-0001", agency: IndicatorFixture.agencyA,
                            fields: [FieldDifference(field: "TrichYeuHoSo", sourceValue: "=cmd|' /C calc'!A0",
                                                     portalValue: "Đăng ký, \"khai sinh\"")],
                            reason: "Nội dung khác nhau"),
                Discrepancy(bucket: .missingOnPortal, maHoSo: "000.00.14.H20-240305-0009", agency: IndicatorFixture.agencyA,
                            reason: reason, lastPushAt: asOf.addingTimeInterval(-3600), httpStatus: 200,
                            errorCode: "portal.refused"),
                Discrepancy(bucket: .newerThanAsOf, maHoSo: "000.00.15.H20-240401-0002", agency: IndicatorFixture.agencyB,
                            reason: "Cập nhật sau thời điểm đối soát"),
            ],
            indicators: IndicatorFixture.report(),
            thresholds: ReportThresholds(maxPerBucket: 0, minSyncRate: 0.95, minOnTimeRate: 0.8, maxOverdueNow: 0))
    }

    @Test func discrepanciesAreOrderedAndCounted() {
        let report = Self.sampleReport()
        #expect(report.discrepancies.map(\.bucket) == [.missingOnPortal, .contentMismatch, .newerThanAsOf])
        #expect(report.bucketCounts[.missingOnPortal] == 1 && report.bucketCounts[.quarantined] == 0)
        #expect(report.failuresByAgency == [IndicatorFixture.agencyA: 2])
        #expect(report.agencyFilter == [IndicatorFixture.agencyA, IndicatorFixture.agencyB])
    }

    @Test func thresholdsDecideTheVerdict() {
        let report = Self.sampleReport()
        #expect(report.exceedsThresholds(report.thresholds))
        let failing = report.checks.filter { !$0.passed }.map(\.name)
        // Sync 0.9 < 0.95, on time 5/9 < 0.8, one overdue, one missing and one mismatch.
        #expect(failing == ["bucket.missingOnPortal", "bucket.contentMismatch", "indicator.syncRate",
                            "indicator.onTimeRate", "province.overdueNow"])
        let lenient = ReportThresholds(maxPerBucket: 1, minSyncRate: 0.9, minOnTimeRate: 0.5, maxOverdueNow: 1)
        #expect(!report.exceedsThresholds(lenient))
    }

    @Test func jsonRoundTripsWithStableKeys() throws {
        let report = Self.sampleReport()
        let bytes = try ReportJSONCodec.encode(report)
        #expect(try ReportJSONCodec.decode(bytes) == report)
        #expect(try ReportJSONCodec.encode(ReportJSONCodec.decode(bytes)) == bytes)
        let text = String(decoding: bytes, as: UTF8.self)
        let keys = ["\"agencyFilter\"", "\"asOf\"", "\"configDigest\"", "\"counts\"", "\"discrepancies\""]
        let positions = keys.compactMap { text.range(of: $0)?.lowerBound }
        #expect(positions.count == keys.count && positions == positions.sorted())
        let document = try JSONParser.parse(bytes)
        #expect(document["passed"] == .bool(false))
        #expect(document["checks"]?.arrayValue?.count == report.checks.count)
        #expect(throws: ReportDecodingError.self) { try ReportJSONCodec.decode(Array("{\"runID\":1}".utf8)) }
    }

    @Test func csvQuotesAndNeutralisesFormulas() {
        let csv = CSVReportRenderer.render(Self.sampleReport(reason: "thiếu \"TrichYeu\",\nthử lại"))
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines[0] == "bucket,ma_ho_so,agency,field,source_value,portal_value,reason,http_status,error_code,last_push_at")
        #expect(lines[1] == "missingOnPortal,000.00.14.H20-240305-0009,000.00.14.H20,,,,\"thiếu \"\"TrichYeu\"\",\nthử lại\",200,portal.refused,20240402090000")
        #expect(lines[2] == "contentMismatch,000.00.14.H20-240304-0001,000.00.14.H20,TrichYeuHoSo,'=cmd|' /C calc'!A0,\"Đăng ký, \"\"khai sinh\"\"\",Nội dung khác nhau,,,")
        #expect(CSVReportRenderer.cell("+1") == "'+1")
        #expect(CSVReportRenderer.cell("-2,5") == "\"'-2,5\"")
        #expect(CSVReportRenderer.cell("@SUM(A1)") == "'@SUM(A1)")
        #expect(CSVReportRenderer.cell("a=b") == "a=b")
    }

    @Test func htmlIsSelfContainedAndEscaped() {
        let html = HTMLReportRenderer.render(Self.sampleReport(reason: "<script>alert('x')</script>"))
        #expect(html.contains("<svg"))
        #expect(!html.lowercased().contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        for pattern in ["src=\"http", "href=\"http", "src='http", "href='http", "<link", "@import", "url(http"] {
            #expect(!html.lowercased().contains(pattern))
        }
        #expect(html.contains("Hồ sơ thiếu trên Cổng DVCQG"))
        #expect(html.contains("Tỷ lệ đúng hạn"))
        #expect(html.contains("KHÔNG ĐẠT"))
        #expect(html.contains("Đăng ký, &quot;khai sinh&quot;"))
    }

    @Test func htmlEscapesDossierFieldsInTablesAndCharts() {
        let hostile = IndicatorDossier(
            mapped: ["MaHoSo": "000.00.99.H20-240305-0001", "DonViXuLy": "<script>alert('name')</script>",
                     "NgayTiepNhan": "20240305080000", "TrangThaiHoSo": "4"],
            steps: [])
        let indicators = IndicatorCalculator(period: IndicatorFixture.period, asOf: IndicatorFixture.asOf)
            .compute(dossiers: [hostile])
        var report = Self.sampleReport()
        report.indicators = indicators
        report.discrepancies.append(Discrepancy(
            bucket: .contentMismatch, maHoSo: "000.00.99.H20-240305-0001", agency: "000.00.99.H20",
            fields: [FieldDifference(field: "TrichYeuHoSo", sourceValue: "<img src=x onerror=alert(1)>",
                                     portalValue: "</td><script>alert(2)</script>")],
            reason: "Nội dung khác nhau"))
        let html = HTMLReportRenderer.render(report)
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;/td&gt;&lt;script&gt;alert(2)&lt;/script&gt;"))
        // The agency name appears in the indicator table and, escaped, in the on-time chart's SVG labels.
        #expect(html.components(separatedBy: "&lt;script&gt;alert(&#39;name&#39;)").count >= 3)
    }

    @Test func terminalTableIsAligned() {
        let text = TerminalReportRenderer.render(Self.sampleReport())
        #expect(text.contains("Hồ sơ thiếu trên Cổng DVCQG"))
        let lines = text.components(separatedBy: "\n")
        guard let header = lines.firstIndex(where: { $0.hasPrefix("Nhóm sai lệch") }) else {
            Issue.record("bucket table missing")
            return
        }
        // Rows of the bucket table end at the same column (right-aligned share column).
        let rows = lines[(header + 2)...(header + 1 + DiscrepancyBucket.allCases.count)]
        #expect(Set(rows.map(\.count)).count == 1)
        #expect(text.contains("Kết luận: KHÔNG ĐẠT"))
    }

    @Test func terminalReportNeverPassesControlCharactersToTheTerminal() {
        // A portal copy or a refusal reason carrying escape sequences (clear screen, retitle the window, bell) must
        // reach the operator's terminal as visible text, not as commands.
        var report = Self.sampleReport(reason: "Cổng trả lỗi \u{1B}]0;pwned\u{07}\u{1B}[2J")
        report.discrepancies[1].fields = [
            FieldDifference(field: "ChuHoSo", sourceValue: "Nguyễn Văn A", portalValue: "\u{1B}[31mB\u{9B}0m\u{7F}"),
        ]
        let text = TerminalReportRenderer.render(report)
        let controls = text.unicodeScalars.filter { $0 != "\n" && ($0.value < 0x20 || (0x7F...0x9F).contains($0.value)) }
        #expect(controls.isEmpty, "\(controls.map(\.value))")
        #expect(text.contains("Cổng trả lỗi"))
    }

    @Test func aReportWithoutAPeriodSaysEveryDossierNotNineteenSeventy() {
        var report = Self.sampleReport()
        report.period = ReportPeriod(from: Date(timeIntervalSince1970: 0), to: IndicatorFixture.asOf)
        let end = VietnamTime.display(IndicatorFixture.asOf)
        let html = HTMLReportRenderer.render(report)
        for text in [TerminalReportRenderer.render(report), html] {
            #expect(text.contains("tất cả hồ sơ, đến \(end)"))
            #expect(!text.contains("1970"))
        }
        #expect(TerminalReportRenderer.render(Self.sampleReport()).contains(
            "Kỳ báo cáo: \(VietnamTime.display(IndicatorFixture.period.from)) – "))
    }
}
