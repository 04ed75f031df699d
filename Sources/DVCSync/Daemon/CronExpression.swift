import Foundation

/// A five-field cron expression (`minute hour day-of-month month day-of-week`) evaluated in one time zone.
/// Fields take `*`, numbers, lists (`1,15`), ranges (`9-17`), steps (`*/5`, `0-30/10`, `5/15`) and names (`MON`,
/// `JAN`); day of week 0 and 7 are Sunday. When both day fields are restricted, a day matches either (classic cron).
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    /// The expression as written.
    public let text: String
    /// The zone the fields are read in.
    public let timeZone: TimeZone
    let minutes: [Int]
    let hours: [Int]
    let daysOfMonth: Set<Int>
    let months: Set<Int>
    let daysOfWeek: Set<Int>
    /// Whether the day-of-month / day-of-week field is `*` (or starts with `*`).
    let anyDayOfMonth: Bool
    let anyDayOfWeek: Bool

    /// The default zone of schedules: Asia/Ho_Chi_Minh (UTC+7, no daylight saving).
    public static let vietnam = TimeZone(identifier: "Asia/Ho_Chi_Minh") ?? TimeZone(secondsFromGMT: 7 * 3600)!

    /// Parses `text`; throws `CronError` naming the field and the fix.
    public init(_ text: String, timeZone: TimeZone = CronExpression.vietnam) throws {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else {
            throw CronError(code: "cron.field_count", field: "expression",
                            problem: "`\(text)` has \(fields.count) fields, not 5",
                            fix: "write minute hour day-of-month month day-of-week, e.g. `*/5 * * * *`")
        }
        self.text = fields.joined(separator: " ")
        self.timeZone = timeZone
        minutes = try CronField.minute.parse(fields[0]).sorted()
        hours = try CronField.hour.parse(fields[1]).sorted()
        daysOfMonth = try CronField.dayOfMonth.parse(fields[2])
        months = try CronField.month.parse(fields[3])
        daysOfWeek = Set(try CronField.dayOfWeek.parse(fields[4]).map { $0 % 7 })
        anyDayOfMonth = fields[2].hasPrefix("*")
        anyDayOfWeek = fields[4].hasPrefix("*")
        if anyDayOfWeek {
            let longest = months.map { Self.daysIn(month: $0, year: 2000) }.max() ?? 0
            guard daysOfMonth.contains(where: { $0 <= longest }) else {
                throw CronError(code: "cron.never", field: "day-of-month",
                                problem: "no month in `\(fields[3])` has day \(daysOfMonth.sorted().map(String.init).joined(separator: ","))",
                                fix: "choose a day that exists in the chosen months (February has at most 29)")
            }
        }
    }

    public var description: String { text }

    /// The first matching minute strictly after `date`.
    public func next(after date: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let start = Date(timeIntervalSince1970: ((date.timeIntervalSince1970 / 60).rounded(.down) + 1) * 60)
        let from = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: start)
        var (year, month, day) = (from.year ?? 1970, from.month ?? 1, from.day ?? 1)
        var first = true
        // A valid expression matches within 8 years (29 February skips at most one leap year, e.g. 2100).
        for _ in 0..<(366 * 9) {
            if months.contains(month), matchesDay(year: year, month: month, day: day) {
                let (fromHour, fromMinute) = first ? (from.hour ?? 0, from.minute ?? 0) : (0, 0)
                for hour in hours where hour >= fromHour {
                    for minute in minutes where hour > fromHour || minute >= fromMinute {
                        let parts = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute)
                        if let candidate = calendar.date(from: parts), candidate > date { return candidate }
                    }
                }
            }
            first = false
            day += 1
            if day > Self.daysIn(month: month, year: year) {
                day = 1
                month += 1
                if month > 12 { (month, year) = (1, year + 1) }
            }
        }
        return .distantFuture
    }

    /// Whether `date` falls in a matching minute.
    public func matches(_ date: Date) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        guard let year = parts.year, let month = parts.month, let day = parts.day, let hour = parts.hour,
            let minute = parts.minute
        else { return false }
        return months.contains(month) && matchesDay(year: year, month: month, day: day) && hours.contains(hour)
            && minutes.contains(minute)
    }

    /// Day-of-month and day-of-week: both must match when either is `*`, one suffices when both are restricted.
    func matchesDay(year: Int, month: Int, day: Int) -> Bool {
        let byMonth = daysOfMonth.contains(day)
        let byWeek = daysOfWeek.contains(Self.weekday(year: year, month: month, day: day))
        if anyDayOfMonth || anyDayOfWeek { return byMonth && byWeek }
        return byMonth || byWeek
    }

    /// Day of the week of a civil date, 0 = Sunday.
    static func weekday(year: Int, month: Int, day: Int) -> Int {
        let offsets = [0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4]
        let y = month < 3 ? year - 1 : year
        return (y + y / 4 - y / 100 + y / 400 + offsets[month - 1] + day) % 7
    }

    /// Days in a month of the Gregorian calendar.
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

/// A cron expression that cannot be used: names the field and the fix.
public struct CronError: CodedError, Equatable {
    /// `cron.field_count`, `cron.bad_value`, `cron.out_of_range`, `cron.bad_step`, `cron.bad_range`, `cron.never`.
    public var code: String
    /// The field at fault (`minute`, `hour`, `day-of-month`, `month`, `day-of-week`, `expression`).
    public var field: String
    public var problem: String
    public var fix: String
    public var message: String { "\(field): \(problem). Fix: \(fix)" }
}
