/// Tabular views of a report shared by the terminal and HTML renderers.
enum ReportTables {
    /// Header of the per-agency indicator table.
    static let indicatorHeader = [
        "Đơn vị", "Đồng bộ 1.4", "Trước hạn", "Đúng hạn", "Trễ hạn", "Đúng hạn 2.1", "TG TB 2.2 (giờ)", "TG TB 2.2 (ngày LV)",
        "Trực tuyến 3.3",
        "TT trực tuyến 3.6", "KQ điện tử 4.1", "Số hóa 4.2", "Tái sử dụng 4.3", "Kết nối 4.4",
    ]

    /// One indicator row.
    static func indicatorRow(_ set: IndicatorSet) -> [String] {
        [
            ReportLabels.agency(set), ReportLabels.percent(set.syncRate.value),
            ReportLabels.integer(set.timeliness.early), ReportLabels.integer(set.timeliness.onTime),
            ReportLabels.integer(set.timeliness.late), ReportLabels.percent(set.timeliness.onTimeRate),
            ReportLabels.decimal(set.processingTime.averageHours), ReportLabels.decimal(set.processingTime.averageWorkingDays),
            ReportLabels.percent(set.onlineShare.value),
            ReportLabels.percent(set.onlinePayment.value), ReportLabels.percent(set.electronicResult.value),
            ReportLabels.percent(set.digitised.value), ReportLabels.percent(set.reuse.value),
            ReportLabels.percent(set.connected.value),
        ]
    }

    /// Province figures as label/value pairs.
    static func provinceRows(_ set: IndicatorSet) -> [(String, String)] {
        let figures = set.province
        return [
            ("Hồ sơ tiếp nhận", ReportLabels.integer(figures.received)),
            ("Kỳ trước chuyển sang", ReportLabels.integer(figures.carriedOver)),
            ("Tiếp nhận mới", ReportLabels.integer(figures.newDossiers)),
            ("Hồ sơ trực tuyến / hồ sơ mới", ReportLabels.ratio(figures.onlineNew)),
            ("Qua bưu chính công ích / hồ sơ mới",
             "\(ReportLabels.integer(figures.postal.total)) (\(ReportLabels.percent(figures.postal.share)))"),
            ("  Chỉ gửi hồ sơ", ReportLabels.integer(figures.postal.sendOnly)),
            ("  Chỉ nhận kết quả", ReportLabels.integer(figures.postal.receiveOnly)),
            ("  Cả gửi hồ sơ và nhận kết quả", ReportLabels.integer(figures.postal.both)),
            ("Hồ sơ quá hạn hiện tại", ReportLabels.integer(figures.overdueNow)),
        ]
    }

    /// Bucket rows: label, count, share of the source.
    static func bucketRows(_ report: ReconciliationReport) -> [[String]] {
        let counts = report.bucketCounts
        return DiscrepancyBucket.allCases.map { bucket in
            [ReportLabels.bucket(bucket), ReportLabels.integer(counts[bucket] ?? 0),
             ReportLabels.percent(report.share(of: bucket))]
        }
    }

    /// The first `limit` failure discrepancies, then the in-flight ones, in report order.
    static func topDiscrepancies(_ report: ReconciliationReport, limit: Int) -> [Discrepancy] {
        Array(report.discrepancies.filter { $0.bucket.isFailure }.prefix(limit))
    }

    /// Summary of a discrepancy's fields: "Field: source → portal; …" (at most three).
    static func fieldSummary(_ item: Discrepancy) -> String {
        let shown = item.fields.prefix(3).map { "\($0.field): \($0.sourceValue ?? "∅") → \($0.portalValue ?? "∅")" }
        let more = item.fields.count > 3 ? " (+\(item.fields.count - 3))" : ""
        return shown.joined(separator: "; ") + more
    }
}
