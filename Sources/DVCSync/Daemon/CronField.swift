/// One field of a cron expression: its name, its range and the names it accepts.
struct CronField: Sendable {
    let name: String
    let range: ClosedRange<Int>
    let names: [String: Int]
    let example: String

    static let minute = CronField(name: "minute", range: 0...59, names: [:], example: "`*/5` or `0,30`")
    static let hour = CronField(name: "hour", range: 0...23, names: [:], example: "`9-17` or `*/2`")
    static let dayOfMonth = CronField(name: "day-of-month", range: 1...31, names: [:], example: "`1` or `1,15`")
    static let month = CronField(
        name: "month", range: 1...12,
        names: ["JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6, "JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10,
                "NOV": 11, "DEC": 12],
        example: "`1-6` or `JAN,JUL`")
    static let dayOfWeek = CronField(
        name: "day-of-week", range: 0...7,
        names: ["SUN": 0, "MON": 1, "TUE": 2, "WED": 3, "THU": 4, "FRI": 5, "SAT": 6],
        example: "`MON-FRI` or `1-5` (0 and 7 are Sunday)")

    /// The values `text` selects.
    func parse(_ text: String) throws -> Set<Int> {
        var values = Set<Int>()
        for item in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            values.formUnion(try parseItem(item))
        }
        return values
    }

    /// One list item: `*`, `N`, `A-B`, each optionally `/STEP`.
    func parseItem(_ item: String) throws -> Set<Int> {
        let parts = item.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 2, !item.isEmpty else { throw error("cron.bad_value", "`\(item)` is not a value") }
        var step = 1
        if parts.count == 2 {
            guard let parsed = Int(parts[1]), parsed >= 1, parsed <= range.upperBound else {
                throw error("cron.bad_step", "`/\(parts[1])` is not a step between 1 and \(range.upperBound)")
            }
            step = parsed
        }
        let base = parts[0]
        var low = range.lowerBound, high = range.upperBound
        if base == "*" {
            // The whole range.
        } else if let dash = base.firstIndex(of: "-") {
            low = try value(String(base[..<dash]))
            high = try value(String(base[base.index(after: dash)...]))
            guard low <= high else {
                throw error("cron.bad_range", "`\(base)` runs backwards", fix: "write the smaller end first")
            }
        } else {
            low = try value(base)
            // `5/15` means from 5 to the end of the range, every 15.
            high = parts.count == 2 ? range.upperBound : low
        }
        return Set(stride(from: low, through: high, by: step))
    }

    /// A number or a name within the field's range.
    func value(_ text: String) throws -> Int {
        if let named = names[text.uppercased()] { return named }
        guard let number = Int(text) else {
            let accepted = names.isEmpty ? "" : " or a name (\(names.sorted { $0.value < $1.value }.map(\.key).joined(separator: ", ")))"
            throw error("cron.bad_value", "`\(text)` is not a number\(accepted)")
        }
        guard range.contains(number) else {
            throw error("cron.out_of_range", "\(number) is outside \(range.lowerBound)-\(range.upperBound)")
        }
        return number
    }

    func error(_ code: String, _ problem: String, fix: String? = nil) -> CronError {
        CronError(code: code, field: name, problem: problem,
                  fix: fix ?? "write \(name) as *, a value in \(range.lowerBound)-\(range.upperBound), a list, a range or a step, e.g. \(example)")
    }
}
