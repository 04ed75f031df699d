import Foundation

/// Renders a report as one self-contained HTML page: inline CSS, inline SVG charts, no scripts, no external assets,
/// Vietnamese labels; every text taken from data is HTML-escaped.
public enum HTMLReportRenderer {
    /// The page; `topN` limits the discrepancy examples listed.
    public static func render(_ report: ReconciliationReport, topN: Int = 50) -> String {
        let failed = report.exceedsThresholds(report.thresholds)
        var body = header(report, failed: failed)
        body += cards(report)
        body += "<section class=\"grid\">"
        body += panel("Phân bố trạng thái hồ sơ", statusChart(report))
        body += panel("Hồ sơ sai lệch theo đơn vị", discrepancyChart(report))
        body += panel("Tỷ lệ đúng hạn theo đơn vị (2.1)", onTimeChart(report))
        body += panel("Hồ sơ tiếp nhận theo tháng", monthChart(report))
        body += "</section>"
        body += section("Kết quả đối soát", table(
            ["Nhóm sai lệch", "Số hồ sơ", "Tỷ lệ"], ReportTables.bucketRows(report), numericFrom: 1))
        body += section("Số liệu của tỉnh", table(
            ["Số liệu", "Giá trị"], ReportTables.provinceRows(report.indicators.province).map { [$0.0, $0.1] },
            numericFrom: 1))
        body += section("Chỉ số Bộ chỉ số 766 theo đơn vị", table(
            ReportTables.indicatorHeader,
            ([report.indicators.province] + report.indicators.agencies).map(ReportTables.indicatorRow), numericFrom: 1,
            wide: true))
        body += section("Ngưỡng đánh giá", checksTable(report))
        body += section("Hồ sơ sai lệch tiêu biểu", discrepancyTable(ReportTables.topDiscrepancies(report, limit: topN)))
        let inFlight = report.discrepancies.filter { $0.bucket == .newerThanAsOf }
        if !inFlight.isEmpty {
            body += section(
                "\(ReportLabels.bucket(.newerThanAsOf)) — không tính là lỗi",
                discrepancyTable(Array(inFlight.prefix(topN))))
        }
        body += "<footer>dvcsync \(HTMLText.escape(report.gatewayVersion)) · mã lần chạy "
        body += "\(HTMLText.escape(report.runID))</footer>"
        return """
            <!DOCTYPE html>
            <html lang="vi"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Báo cáo đối soát hồ sơ · \(HTMLText.escape(report.runID))</title>
            <style>\(style)</style></head>
            <body><main>\(body)</main></body></html>

            """
    }

    private static func header(_ report: ReconciliationReport, failed: Bool) -> String {
        let agencies = report.agencyFilter.isEmpty ? "Toàn tỉnh" : report.agencyFilter.joined(separator: ", ")
        var meta = [
            ("Kỳ báo cáo", ReportLabels.period(report.period)),
            ("Thời điểm đối soát", VietnamTime.display(report.asOf)),
            ("Đơn vị", agencies),
            ("Phiên bản", "cổng kết nối \(report.gatewayVersion) · ánh xạ \(report.mappingVersion)"),
            ("Cấu hình", report.configDigest),
        ]
        if let watermark = report.sourceWatermark { meta.append(("Mốc dữ liệu nguồn", watermark)) }
        var out = "<header><div><h1>Báo cáo đối soát hồ sơ đồng bộ lên Cổng DVCQG</h1><dl>"
        for (key, value) in meta { out += "<dt>\(HTMLText.escape(key))</dt><dd>\(HTMLText.escape(value))</dd>" }
        out += "</dl></div><div class=\"verdict \(failed ? "fail" : "pass")\">\(failed ? "KHÔNG ĐẠT" : "ĐẠT")</div>"
        return out + "</header>"
    }

    private static func cards(_ report: ReconciliationReport) -> String {
        let counts = report.bucketCounts
        let set = report.indicators.province
        let items: [(String, String, String, Bool)] = [
            ("Hồ sơ trên hệ thống một cửa", ReportLabels.integer(report.counts.source),
             "Sổ cái \(ReportLabels.integer(report.counts.ledger)) · Cổng \(ReportLabels.integer(report.counts.portal))",
             false),
            (ReportLabels.bucket(.missingOnPortal), ReportLabels.integer(counts[.missingOnPortal] ?? 0),
             ReportLabels.percent(report.share(of: .missingOnPortal)) + " so với nguồn", (counts[.missingOnPortal] ?? 0) > 0),
            (ReportLabels.bucket(.contentMismatch), ReportLabels.integer(counts[.contentMismatch] ?? 0),
             "Trạng thái chậm: \(ReportLabels.integer(counts[.statusBehind] ?? 0))", (counts[.contentMismatch] ?? 0) > 0),
            ("Gửi thất bại / bị giữ lại",
             "\(ReportLabels.integer(counts[.deadLettered] ?? 0)) / \(ReportLabels.integer(counts[.quarantined] ?? 0))",
             "Đang chờ gửi: \(ReportLabels.integer(counts[.pendingInOutbox] ?? 0))",
             (counts[.deadLettered] ?? 0) + (counts[.quarantined] ?? 0) > 0),
            ("Tỷ lệ đồng bộ (1.4)", ReportLabels.percent(set.syncRate.value), ReportLabels.ratio(set.syncRate), false),
            ("Tỷ lệ đúng hạn (2.1)", ReportLabels.percent(set.timeliness.onTimeRate),
             "Trễ hạn: \(ReportLabels.integer(set.timeliness.late))", false),
            ("Hồ sơ trực tuyến (3.3)", ReportLabels.percent(set.onlineShare.value),
             "\(ReportLabels.integer(set.onlineShare.online)) hồ sơ trực tuyến", false),
            ("Hồ sơ quá hạn hiện tại", ReportLabels.integer(set.province.overdueNow),
             "Tiếp nhận: \(ReportLabels.integer(set.province.received))", set.province.overdueNow > 0),
        ]
        var out = "<section class=\"cards\">"
        for (title, value, note, alert) in items {
            out += "<div class=\"card\(alert ? " alert" : "")\"><div class=\"ct\">\(HTMLText.escape(title))</div>"
            out += "<div class=\"cv\">\(HTMLText.escape(value))</div><div class=\"cn\">\(HTMLText.escape(note))</div></div>"
        }
        return out + "</section>"
    }

    private static func statusChart(_ report: ReconciliationReport) -> String {
        let counts = report.indicators.province.statusCounts
        let codes = counts.keys.sorted { (Int($0) ?? 99, $0) < (Int($1) ?? 99, $1) }
        return SVGChart.horizontalBars(codes.enumerated().map { index, code in
            ChartBar(label: ReportLabels.status(code), value: Double(counts[code] ?? 0),
                     text: ReportLabels.integer(counts[code] ?? 0), color: SVGChart.palette[index % SVGChart.palette.count])
        })
    }

    private static func discrepancyChart(_ report: ReconciliationReport) -> String {
        let byAgency = report.failuresByAgency
        let names = Dictionary(report.indicators.agencies.map { ($0.agency, chartName($0)) }) { a, _ in a }
        let agencies = byAgency.keys.sorted { (byAgency[$1] ?? 0, $0) < (byAgency[$0] ?? 0, $1) }.prefix(12)
        return SVGChart.horizontalBars(agencies.map { agency in
            ChartBar(label: names[agency] ?? agency, value: Double(byAgency[agency] ?? 0),
                     text: ReportLabels.integer(byAgency[agency] ?? 0), color: "#c94a4a")
        })
    }

    private static func onTimeChart(_ report: ReconciliationReport) -> String {
        let bars = report.indicators.agencies.filter { $0.timeliness.total > 0 }.prefix(12).map { set in
            ChartBar(label: chartName(set), value: set.timeliness.onTimeRate ?? 0,
                     text: ReportLabels.percent(set.timeliness.onTimeRate),
                     color: (set.timeliness.onTimeRate ?? 0) >= (report.thresholds.minOnTimeRate ?? 0) ? "#3a9d5d" : "#e07b39")
        }
        let marker = report.thresholds.minOnTimeRate.map { ($0, "Ngưỡng \(ReportLabels.percent($0))") }
        return SVGChart.horizontalBars(Array(bars), maxValue: 1, marker: marker)
    }

    /// Short agency label for charts: the name when known, else the code.
    private static func chartName(_ set: IndicatorSet) -> String {
        set.agencyName.isEmpty ? set.agency : set.agencyName
    }

    private static func monthChart(_ report: ReconciliationReport) -> String {
        let months = report.indicators.province.monthlyReceived
        return SVGChart.columns(months.keys.sorted().map { key in
            let label = key.count == 7 ? "\(key.suffix(2))/\(key.prefix(4).suffix(2))" : key
            return ChartBar(label: label, value: Double(months[key] ?? 0), text: ReportLabels.integer(months[key] ?? 0))
        })
    }

    private static func checksTable(_ report: ReconciliationReport) -> String {
        let checks = report.checks
        guard !checks.isEmpty else { return "<p class=\"note\">Không đặt ngưỡng.</p>" }
        var out = "<table><thead><tr><th>Tiêu chí</th><th class=\"num\">Giá trị</th><th class=\"num\">Ngưỡng</th>"
        out += "<th>Kết quả</th></tr></thead><tbody>"
        for check in checks {
            let rate = check.name.hasPrefix("indicator.")
            let observed = rate ? ReportLabels.percent(check.observed) : ReportLabels.integer(Int(check.observed))
            let limit = rate ? "≥ " + ReportLabels.percent(check.limit) : "≤ " + ReportLabels.integer(Int(check.limit))
            out += "<tr><td>\(HTMLText.escape(ReportLabels.check(check.name)))</td>"
            out += "<td class=\"num\">\(HTMLText.escape(observed))</td><td class=\"num\">\(HTMLText.escape(limit))</td>"
            out += "<td><span class=\"badge \(check.passed ? "pass" : "fail")\">\(check.passed ? "Đạt" : "Không đạt")"
            out += "</span></td></tr>"
        }
        return out + "</tbody></table>"
    }

    private static func discrepancyTable(_ items: [Discrepancy]) -> String {
        guard !items.isEmpty else { return "<p class=\"note\">Không có hồ sơ sai lệch.</p>" }
        var out = "<table class=\"disc\"><thead><tr><th>Nhóm</th><th>Mã hồ sơ</th><th>Đơn vị</th><th>Lý do</th>"
        out += "<th>Trường khác nhau (nguồn → Cổng)</th></tr></thead><tbody>"
        for item in items {
            out += "<tr><td>\(HTMLText.escape(ReportLabels.bucket(item.bucket)))</td>"
            out += "<td class=\"mono\">\(HTMLText.escape(item.maHoSo))</td><td class=\"mono\">\(HTMLText.escape(item.agency))</td>"
            out += "<td>\(HTMLText.escape(item.reason))</td><td>"
            for field in item.fields.prefix(5) {
                out += "<div class=\"diff\"><span class=\"mono\">\(HTMLText.escape(field.field))</span>: "
                out += "<del>\(HTMLText.escape(field.sourceValue ?? "∅"))</del> → "
                out += "<ins>\(HTMLText.escape(field.portalValue ?? "∅"))</ins></div>"
            }
            if item.fields.count > 5 { out += "<div class=\"note\">… và \(item.fields.count - 5) trường khác</div>" }
            out += "</td></tr>"
        }
        return out + "</tbody></table>"
    }

    private static func table(_ header: [String], _ rows: [[String]], numericFrom: Int, wide: Bool = false) -> String {
        var out = wide ? "<table class=\"wide\"><thead><tr>" : "<table><thead><tr>"
        for (i, cell) in header.enumerated() { out += "<th\(i >= numericFrom ? " class=\"num\"" : "")>\(HTMLText.escape(cell))</th>" }
        out += "</tr></thead><tbody>"
        for row in rows {
            out += "<tr>"
            for (i, cell) in row.enumerated() {
                let css = i >= numericFrom ? " class=\"num\"" : (cell.hasPrefix("  ") ? " class=\"sub\"" : "")
                out += "<td\(css)>\(HTMLText.escape(cell.trimmingCharacters(in: .whitespaces)))</td>"
            }
            out += "</tr>"
        }
        return out + "</tbody></table>"
    }

    private static func panel(_ title: String, _ content: String) -> String {
        "<div class=\"panel\"><h3>\(HTMLText.escape(title))</h3>\(content)</div>"
    }

    private static func section(_ title: String, _ content: String) -> String {
        "<section><h2>\(HTMLText.escape(title))</h2><div class=\"scroll\">\(content)</div></section>"
    }
}
