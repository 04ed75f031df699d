/// Renders the discrepancy list as CSV (RFC 4180: CRLF line ends, fields with `,` `"` CR or LF quoted, quotes
/// doubled); cells starting with `=`, `+`, `-`, `@`, tab or CR get a leading `'` so spreadsheets never run them.
public enum CSVReportRenderer {
    /// Column names (English, stable for scripts).
    public static let header = [
        "bucket", "ma_ho_so", "agency", "field", "source_value", "portal_value", "reason", "http_status", "error_code",
        "last_push_at",
    ]

    /// One row per differing field; a discrepancy without field differences gives one row with empty field columns.
    public static func render(_ report: ReconciliationReport) -> String {
        var out = line(header)
        for item in report.discrepancies {
            let common = [item.bucket.rawValue, item.maHoSo, item.agency]
            let tail = [
                item.reason, item.httpStatus.map(String.init) ?? "", item.errorCode ?? "",
                item.lastPushAt.map(VietnamTime.format) ?? "",
            ]
            if item.fields.isEmpty {
                out += line(common + ["", "", ""] + tail)
            } else {
                for field in item.fields {
                    out += line(common + [field.field, field.sourceValue ?? "", field.portalValue ?? ""] + tail)
                }
            }
        }
        return out
    }

    /// One CSV record ending in CRLF.
    public static func line(_ cells: [String]) -> String {
        cells.map(cell).joined(separator: ",") + "\r\n"
    }

    /// One cell, neutralised against formula injection, then quoted when needed.
    public static func cell(_ raw: String) -> String {
        var text = raw
        if let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) {
            text = "'" + text
        }
        let needsQuotes = text.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard needsQuotes else { return text }
        return "\"" + text.replacingAll("\"", with: "\"\"") + "\""
    }
}

extension String {
    /// Replaces every occurrence of `target` (a single character) with `replacement`.
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        out.reserveCapacity(count)
        for char in self {
            if char == target { out += replacement } else { out.append(char) }
        }
        return out
    }
}
