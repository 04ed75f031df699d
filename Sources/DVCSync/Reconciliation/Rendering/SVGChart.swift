import Foundation

/// Escaping for HTML text and attribute values.
public enum HTMLText {
    /// `&`, `<`, `>`, `"` and `'` replaced by entities.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// One bar of a chart: label, value and the text printed beside it.
struct ChartBar {
    var label: String
    var value: Double
    var text: String
    var color: String = "#2f6fb0"
}

/// Inline SVG charts drawn from data (no scripts, no external assets).
enum SVGChart {
    static let palette = ["#2f6fb0", "#e07b39", "#3a9d5d", "#c94a4a", "#8a63b8", "#c2a23a", "#4aa3b5", "#7d7d7d",
                          "#b55d8f", "#5d7db5"]

    /// Horizontal bars; `maxValue` fixes the scale (else the largest value); `marker` draws a dashed limit line.
    static func horizontalBars(_ bars: [ChartBar], maxValue: Double? = nil, marker: (Double, String)? = nil,
                               width: Int = 560) -> String {
        guard !bars.isEmpty else { return empty(width: width) }
        let labelWidth = 210, valueWidth = 80, rowHeight = 28, top = 8
        let plot = Double(width - labelWidth - valueWidth)
        let scale = max(maxValue ?? bars.map(\.value).max() ?? 1, 1e-9)
        let height = top * 2 + bars.count * rowHeight + (marker == nil ? 0 : 16)
        var svg = open(width: width, height: height)
        for (index, bar) in bars.enumerated() {
            let y = top + index * rowHeight
            let length = max(0, min(1, bar.value / scale)) * plot
            svg += group(bar)
            svg += "<text x=\"\(labelWidth - 8)\" y=\"\(y + 18)\" text-anchor=\"end\" class=\"lbl\">"
            svg += "\(HTMLText.escape(truncate(bar.label, 30)))</text>"
            svg += "<rect x=\"\(labelWidth)\" y=\"\(y + 5)\" width=\"\(fmt(length))\" height=\"18\" rx=\"3\" "
            svg += "fill=\"\(bar.color)\"/>"
            svg += "<text x=\"\(fmt(Double(labelWidth) + length + 6))\" y=\"\(y + 18)\" class=\"val\">"
            svg += "\(HTMLText.escape(bar.text))</text></g>"
        }
        if let (value, caption) = marker {
            let x = Double(labelWidth) + max(0, min(1, value / scale)) * plot
            let bottom = top + bars.count * rowHeight
            svg += "<line x1=\"\(fmt(x))\" y1=\"\(top)\" x2=\"\(fmt(x))\" y2=\"\(bottom)\" stroke=\"#c94a4a\" "
            svg += "stroke-dasharray=\"4 3\"/>"
            svg += "<text x=\"\(fmt(x))\" y=\"\(bottom + 13)\" text-anchor=\"middle\" class=\"note\">"
            svg += "\(HTMLText.escape(caption))</text>"
        }
        return svg + "</svg>"
    }

    /// Vertical columns with labels under them (e.g. months).
    static func columns(_ bars: [ChartBar], width: Int = 560, height: Int = 230) -> String {
        guard !bars.isEmpty else { return empty(width: width) }
        let left = 10, bottom = 40, top = 22
        let slot = Double(width - left * 2) / Double(bars.count)
        let scale = max(bars.map(\.value).max() ?? 1, 1e-9)
        let plot = Double(height - bottom - top)
        var svg = open(width: width, height: height)
        svg += "<line x1=\"\(left)\" y1=\"\(height - bottom)\" x2=\"\(width - left)\" y2=\"\(height - bottom)\" "
        svg += "stroke=\"#999\"/>"
        for (index, bar) in bars.enumerated() {
            let h = bar.value / scale * plot
            let x = Double(left) + Double(index) * slot
            let y = Double(height - bottom) - h
            let center = x + slot / 2
            svg += group(bar)
            svg += "<rect x=\"\(fmt(x + slot * 0.15))\" y=\"\(fmt(y))\" width=\"\(fmt(slot * 0.7))\" height=\"\(fmt(h))\" "
            svg += "rx=\"2\" fill=\"\(bar.color)\"/>"
            svg += "<text x=\"\(fmt(center))\" y=\"\(fmt(y - 5))\" text-anchor=\"middle\" class=\"val\">"
            svg += "\(HTMLText.escape(bar.text))</text>"
            svg += "<text x=\"\(fmt(center))\" y=\"\(height - bottom + 16)\" text-anchor=\"middle\" class=\"lbl\">"
            svg += "\(HTMLText.escape(bar.label))</text></g>"
        }
        return svg + "</svg>"
    }

    /// Opens a bar's group with its tooltip title.
    private static func group(_ bar: ChartBar) -> String {
        "<g><title>\(HTMLText.escape(bar.label)): \(HTMLText.escape(bar.text))</title>"
    }

    private static func open(width: Int, height: Int) -> String {
        "<svg viewBox=\"0 0 \(width) \(height)\" width=\"100%\" role=\"img\" preserveAspectRatio=\"xMinYMin meet\">"
    }

    private static func empty(width: Int) -> String {
        open(width: width, height: 40) + "<text x=\"10\" y=\"24\" class=\"note\">Không có dữ liệu</text></svg>"
    }

    private static func truncate(_ text: String, _ limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)) + "…"
    }

    static func fmt(_ value: Double) -> String { String(format: "%.1f", value) }
}
