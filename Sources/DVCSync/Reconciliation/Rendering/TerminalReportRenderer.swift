import Foundation

/// Renders a report as plain aligned text for a terminal, with Vietnamese labels.
public enum TerminalReportRenderer {
    /// The text; `topN` limits the discrepancy examples shown.
    public static func render(_ report: ReconciliationReport, topN: Int = 20) -> String {
        var out = "BÁO CÁO ĐỐI SOÁT HỒ SƠ · \(report.runID)\n"
        out += "Kỳ báo cáo: \(ReportLabels.period(report.period))\n"
        out += "Thời điểm đối soát: \(VietnamTime.display(report.asOf))"
        if let watermark = report.sourceWatermark { out += " · mốc nguồn: \(watermark)" }
        out += "\nĐơn vị: \(report.agencyFilter.isEmpty ? "toàn tỉnh" : report.agencyFilter.joined(separator: ", "))\n"
        out += "Phiên bản: cổng kết nối \(report.gatewayVersion) · ánh xạ \(report.mappingVersion) · cấu hình \(report.configDigest)\n\n"
        if let l = report.lookups {
            let limit = l.limitPerSecond.map { "tối đa \(ReportLabels.integer(Int($0)))/giây, " } ?? ""
            out += "Tra cứu cổng (TraCuuHoSo): \(ReportLabels.integer(l.count)) hồ sơ trong "
                + String(format: "%.1f", l.seconds) + " giây (\(limit)\(l.concurrency) song song)\n\n"
        }
        let c = report.counts
        out += table(
            ["Nguồn", "Sổ cái", "Cổng DVCQG", "Khớp"],
            [[c.source, c.ledger, c.portal, c.matched].map(ReportLabels.integer)], rightFrom: 0)
        out += "\n" + table(["Nhóm sai lệch", "Số hồ sơ", "Tỷ lệ"], ReportTables.bucketRows(report), rightFrom: 1)
        out += "\nCHỈ SỐ 766 VÀ SỐ LIỆU CỦA TỈNH\n"
        out += table(["Số liệu", "Giá trị"], ReportTables.provinceRows(report.indicators.province).map { [$0.0, $0.1] }, rightFrom: 1)
        out += "\n" + table(
            ReportTables.indicatorHeader,
            ([report.indicators.province] + report.indicators.agencies).map(ReportTables.indicatorRow), rightFrom: 1)
        let checks = report.checks
        if !checks.isEmpty {
            out += "\nNGƯỠNG\n"
            out += table(["Tiêu chí", "Giá trị", "Ngưỡng", "Kết quả"], checks.map { check in
                [ReportLabels.check(check.name), number(check), limit(check), check.passed ? "ĐẠT" : "KHÔNG ĐẠT"]
            }, rightFrom: 1)
        }
        let top = ReportTables.topDiscrepancies(report, limit: topN)
        if !top.isEmpty {
            out += "\nHỒ SƠ SAI LỆCH (tối đa \(topN))\n"
            out += table(["Nhóm", "Mã hồ sơ", "Đơn vị", "Lý do", "Trường khác nhau"], top.map { item in
                [ReportLabels.bucket(item.bucket), item.maHoSo, item.agency, item.reason, ReportTables.fieldSummary(item)]
            }, rightFrom: 99)
        }
        let inFlight = report.discrepancies.filter { $0.bucket == .newerThanAsOf }
        if !inFlight.isEmpty {
            out += "\n\(ReportLabels.bucket(.newerThanAsOf)) (không tính là lỗi): "
            out += inFlight.prefix(topN).map(\.maHoSo).joined(separator: ", ") + "\n"
        }
        out += "\nKết luận: \(report.exceedsThresholds(report.thresholds) ? "KHÔNG ĐẠT" : "ĐẠT")\n"
        return visible(out)
    }

    /// `text` with every control character but the line feed (C0, DEL, C1: escape sequences, bells) shown as U+FFFD,
    /// so values read from the source or the portal never reach the terminal as commands.
    static func visible(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let control = (value < 0x20 && scalar != "\n") || (0x7F...0x9F).contains(value)
            out.append(control ? "\u{FFFD}" : scalar)
        }
        return String(out)
    }

    private static func number(_ check: ThresholdCheck) -> String {
        check.name.hasPrefix("indicator.") ? ReportLabels.percent(check.observed) : ReportLabels.integer(Int(check.observed))
    }

    private static func limit(_ check: ThresholdCheck) -> String {
        check.name.hasPrefix("indicator.")
            ? "≥ " + ReportLabels.percent(check.limit) : "≤ " + ReportLabels.integer(Int(check.limit))
    }

    /// An aligned table; columns from index `rightFrom` on are right-aligned. Cells are single-line.
    static func table(_ header: [String], _ rows: [[String]], rightFrom: Int) -> String {
        let clean = rows.map { $0.map { $0.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ") } }
        var widths = header.map(\.count)
        for row in clean { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
                return i >= rightFrom ? pad + cell : cell + pad
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) + "\n"
        }
        let rule = widths.map { String(repeating: "─", count: $0) }.joined(separator: "  ") + "\n"
        return line(header) + rule + clean.map(line).joined()
    }
}
