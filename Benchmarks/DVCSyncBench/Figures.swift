import DVCSync
import Foundation

/// What a figure is held against: an absolute floor or ceiling, or a floor or ceiling on its ratio to the baseline
/// measured in the same run.
enum Goal: Sendable, Equatable {
    case atLeast(Double)
    case atMost(Double)
    case ratioAtLeast(Double)
    case ratioAtMost(Double)

    /// `≥ 100000`, `ratio ≤ 2`, … as written in the machine-readable line and in the report.
    var text: String {
        switch self {
        case .atLeast(let v): return "≥ " + Figures.number(v)
        case .atMost(let v): return "≤ " + Figures.number(v)
        case .ratioAtLeast(let v): return "ratio ≥ " + Figures.number(v)
        case .ratioAtMost(let v): return "ratio ≤ " + Figures.number(v)
        }
    }

    init?(text: String) {
        let parts = text.split(separator: " ")
        guard let last = parts.last, let value = Double(last) else { return nil }
        switch parts.dropLast().joined(separator: " ") {
        case "≥": self = .atLeast(value)
        case "≤": self = .atMost(value)
        case "ratio ≥": self = .ratioAtLeast(value)
        case "ratio ≤": self = .ratioAtMost(value)
        default: return nil
        }
    }

    /// Whether `value` (and its `ratio` to the baseline, if any) meets the goal; nil when it cannot be judged.
    func isMet(value: Double, ratio: Double?) -> Bool? {
        switch self {
        case .atLeast(let v): return value >= v
        case .atMost(let v): return value <= v
        case .ratioAtLeast(let v): return ratio.map { $0 >= v }
        case .ratioAtMost(let v): return ratio.map { $0 <= v }
        }
    }
}

/// One measured figure of a benchmark, with its same-run baseline when it has one.
struct Figure: Sendable, Equatable {
    var bench: String
    var name: String
    var value: Double
    var unit: String
    var baseline: Double?
    var baselineName: String?
    var goal: Goal?

    /// `value / baseline` when there is a baseline.
    var ratio: Double? {
        guard let baseline, baseline > 0 else { return nil }
        return value / baseline
    }
}

/// Prints figures as machine-readable lines (`@figure {json}`) next to each benchmark's human-readable output, so
/// `dvcsync-bench all` can collect them from child processes.
enum Figures {
    static let marker = "@figure "

    /// Prints `figure` as one `@figure` line on standard output.
    static func emit(_ figure: Figure) {
        var members: [String: JSONValue] = [
            "bench": .string(figure.bench), "name": .string(figure.name), "value": .number(number(figure.value)),
            "unit": .string(figure.unit),
        ]
        if let baseline = figure.baseline { members["baseline"] = .number(number(baseline)) }
        if let name = figure.baselineName { members["baselineName"] = .string(name) }
        if let goal = figure.goal { members["goal"] = .string(goal.text) }
        print(marker + JSONWriter.string(.object(members)))
    }

    /// Shorthand for `emit(Figure(...))`.
    static func emit(_ bench: String, _ name: String, _ value: Double, unit: String, baseline: Double? = nil,
                     baselineName: String? = nil, goal: Goal? = nil) {
        emit(Figure(bench: bench, name: name, value: value, unit: unit, baseline: baseline,
                    baselineName: baselineName, goal: goal))
    }

    /// The figure on `line`, or nil when the line is not a figure line.
    static func parse(_ line: Substring) -> Figure? {
        guard line.hasPrefix(marker),
              let json = try? JSONParser.parse(String(line.dropFirst(marker.count))),
              case .object(let m) = json,
              let bench = m["bench"]?.scalarText, let name = m["name"]?.scalarText,
              let value = m["value"].flatMap(doubleValue), let unit = m["unit"]?.scalarText
        else { return nil }
        return Figure(bench: bench, name: name, value: value, unit: unit,
                      baseline: m["baseline"].flatMap(doubleValue), baselineName: m["baselineName"]?.scalarText,
                      goal: m["goal"]?.scalarText.flatMap(Goal.init(text:)))
    }

    private static func doubleValue(_ value: JSONValue) -> Double? {
        if case .number(let literal) = value { return Double(literal) }
        return nil
    }

    /// A compact decimal: integers without a fraction, others with up to three significant decimals.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        if value.rounded() == value && abs(value) < 1e15 { return String(Int64(value)) }
        if abs(value) >= 100 { return String(format: "%.0f", value) }
        return String(format: "%.3g", value)
    }
}
