import Foundation

/// A strict reader of the Prometheus text format, for checking what `/metrics` serves.
struct PrometheusTextParser {
    struct Failure: Error, CustomStringConvertible {
        var line: Int
        var text: String
        var description: String { "line \(line): \(text)" }
    }

    /// Samples by `name{label="value",…}` exactly as written.
    private(set) var samples: [String: Double] = [:]
    /// Declared type by family name.
    private(set) var types: [String: String] = [:]

    init(_ text: String) throws {
        let name = #"[a-zA-Z_:][a-zA-Z0-9_:]*"#
        let label = #"[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\.)*""#
        let sample = try NSRegularExpression(pattern: "^(\(name))(\\{\(label)(?:,\(label))*\\})? (\\S+)$")
        let type = try NSRegularExpression(pattern: "^# TYPE (\(name)) (counter|gauge|histogram|summary|untyped)$")
        let help = try NSRegularExpression(pattern: "^# HELP (\(name)) .*$")
        guard text.hasSuffix("\n") else { throw Failure(line: 0, text: "no final newline") }
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().enumerated() {
            let line = String(line)
            let range = NSRange(line.startIndex..., in: line)
            func group(_ match: NSTextCheckingResult, _ number: Int) -> String? {
                Range(match.range(at: number), in: line).map { String(line[$0]) }
            }
            if let match = type.firstMatch(in: line, range: range) {
                types[group(match, 1)!] = group(match, 2)!
            } else if help.firstMatch(in: line, range: range) != nil {
                continue
            } else if let match = sample.firstMatch(in: line, range: range) {
                let metric = group(match, 1)!
                let family = types[metric] != nil ? metric
                    : ["_bucket", "_sum", "_count", "_total"].compactMap { suffix -> String? in
                        metric.hasSuffix(suffix) ? String(metric.dropLast(suffix.count)) : nil
                    }.first { types[$0] != nil }
                guard family != nil else { throw Failure(line: index + 1, text: "sample before its TYPE: \(line)") }
                guard let value = Double(group(match, 3)!) ?? (group(match, 3) == "+Inf" ? .infinity : nil) else {
                    throw Failure(line: index + 1, text: "bad value: \(line)")
                }
                samples[metric + (group(match, 2) ?? "")] = value
            } else {
                throw Failure(line: index + 1, text: "not a metric line: \(line)")
            }
        }
    }

    subscript(_ series: String) -> Double? { samples[series] }
}
