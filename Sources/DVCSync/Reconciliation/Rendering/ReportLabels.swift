import Foundation

/// Vietnamese labels and number formats used by the human-facing report renderers.
public enum ReportLabels {
    /// Label of a discrepancy bucket.
    public static func bucket(_ bucket: DiscrepancyBucket) -> String {
        switch bucket {
        case .missingOnPortal: return "Hồ sơ thiếu trên Cổng DVCQG"
        case .unknownToSource: return "Hồ sơ không có ở hệ thống một cửa"
        case .contentMismatch: return "Hồ sơ sai lệch nội dung"
        case .statusBehind: return "Trạng thái, tiến độ chưa cập nhật"
        case .pendingInOutbox: return "Đang chờ gửi"
        case .deadLettered: return "Gửi thất bại, đã dừng thử lại"
        case .quarantined: return "Hồ sơ bị giữ lại do dữ liệu lỗi"
        case .newerThanAsOf: return "Thay đổi sau thời điểm đối soát"
        }
    }

    /// Name of a `TrangThaiHoSo` code (portal code table §4.1).
    public static func status(_ code: String) -> String {
        let names = [
            "1": "Mới đăng ký", "2": "Được tiếp nhận", "3": "Không được tiếp nhận", "4": "Đang xử lý",
            "5": "Yêu cầu bổ sung", "6": "Yêu cầu nghĩa vụ tài chính", "7": "Công dân rút hồ sơ", "8": "Dừng xử lý",
            "9": "Đã xử lý xong", "10": "Đã trả kết quả",
        ]
        return names[code].map { "\(code) · \($0)" } ?? "Không rõ (\(code))"
    }

    /// Label of a threshold check name.
    public static func check(_ name: String) -> String {
        if name.hasPrefix("bucket."), let bucket = DiscrepancyBucket(rawValue: String(name.dropFirst(7))) {
            return "Số hồ sơ: \(self.bucket(bucket))"
        }
        switch name {
        case "indicator.syncRate": return "Tỷ lệ đồng bộ (1.4)"
        case "indicator.onTimeRate": return "Tỷ lệ đúng hạn (2.1)"
        case "province.overdueNow": return "Hồ sơ quá hạn hiện tại"
        default: return name
        }
    }

    static let syncRate = "Tỷ lệ đồng bộ (1.4)"
    static let onTimeRate = "Tỷ lệ đúng hạn (2.1)"
    static let processingTime = "Thời gian giải quyết TB (2.2)"
    static let onlineShare = "Hồ sơ trực tuyến (3.3)"
    static let onlinePayment = "Thanh toán trực tuyến (3.6)"
    static let electronicResult = "Kết quả điện tử (4.1)"
    static let digitised = "Số hóa hồ sơ (4.2)"
    static let reuse = "Tái sử dụng dữ liệu số hóa (4.3)"
    static let connected = "Số hóa có kết nối, chia sẻ (4.4)"
    static let province = "Toàn tỉnh"

    /// The reporting period; without `--period` (it starts at the epoch) "every dossier, up to" its end.
    public static func period(_ period: ReportPeriod) -> String {
        period.from.timeIntervalSince1970 <= 0
            ? "tất cả hồ sơ, đến \(VietnamTime.display(period.to))"
            : "\(VietnamTime.display(period.from)) – \(VietnamTime.display(period.to))"
    }

    /// An integer with Vietnamese thousands dots: 89454 → "89.454".
    public static func integer(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, char) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(".") }
            out.append(char)
        }
        return value < 0 ? "-" + out : out
    }

    /// A rate as a Vietnamese percentage with two decimals: 0.5346 → "53,46%"; "—" for nil.
    public static func percent(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        return decimal(value * 100, places: 2) + "%"
    }

    /// A number with a decimal comma: 12.5 → "12,5" (places fixed); "—" for nil.
    public static func decimal(_ value: Double?, places: Int = 1) -> String {
        guard let value, value.isFinite else { return "—" }
        let text = String(format: "%.\(places)f", value)
        let parts = text.split(separator: ".", maxSplits: 1)
        let whole = Int(parts[0]) ?? 0
        let head = (text.hasPrefix("-") && whole == 0 ? "-" : "") + integer(whole)
        return parts.count > 1 ? head + "," + parts[1] : head
    }

    /// A ratio as "count/total (rate)".
    public static func ratio(_ ratio: Ratio) -> String {
        "\(integer(ratio.count))/\(integer(ratio.total)) (\(percent(ratio.value)))"
    }

    /// Agency display name: "code · name" or the province label.
    public static func agency(_ set: IndicatorSet) -> String {
        if set.agency.isEmpty { return province }
        return set.agencyName.isEmpty ? set.agency : "\(set.agency) · \(set.agencyName)"
    }
}
