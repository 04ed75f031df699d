import Foundation

/// Timestamps of the portal (`yyyyMMddHHmmss`, Asia/Ho_Chi_Minh, UTC+7 all year, no daylight saving) as `Date`s.
public enum VietnamTime {
    /// Offset of Asia/Ho_Chi_Minh from UTC in seconds (fixed since 1975).
    public static let utcOffset: Int = 7 * 3600

    /// Parses `yyyyMMddHHmmss` (or `yyyyMMdd`); nil for empty or malformed text.
    public static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 14 || bytes.count == 8 else { return nil }
        var digits = [Int](repeating: 0, count: 14)
        for (i, b) in bytes.enumerated() {
            guard b >= 48 && b <= 57 else { return nil }
            digits[i] = Int(b - 48)
        }
        func number(_ from: Int, _ length: Int) -> Int {
            var n = 0
            for i in from..<(from + length) { n = n * 10 + digits[i] }
            return n
        }
        let year = number(0, 4), month = number(4, 2), day = number(6, 2)
        let hour = number(8, 2), minute = number(10, 2), second = number(12, 2)
        guard (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let local = days * 86400 + hour * 3600 + minute * 60 + second
        return Date(timeIntervalSince1970: TimeInterval(local - utcOffset))
    }

    /// Formats a date as `yyyyMMddHHmmss` in Vietnam time.
    public static func format(_ date: Date) -> String {
        let (y, m, d, s) = components(date)
        return String(format: "%04d%02d%02d%02d%02d%02d", y, m, d, s / 3600, (s % 3600) / 60, s % 60)
    }

    /// Formats a date for people: `dd/MM/yyyy HH:mm` in Vietnam time.
    public static func display(_ date: Date) -> String {
        let (y, m, d, s) = components(date)
        return String(format: "%02d/%02d/%04d %02d:%02d", d, m, y, s / 3600, (s % 3600) / 60)
    }

    /// The local calendar month `yyyy-MM` a date falls in.
    public static func monthKey(_ date: Date) -> String {
        let (y, m, _, _) = components(date)
        return String(format: "%04d-%02d", y, m)
    }

    /// Local midnight (Vietnam time) of the given civil date.
    public static func midnight(year: Int, month: Int, day: Int) -> Date {
        Date(timeIntervalSince1970: TimeInterval(daysFromCivil(year: year, month: month, day: day) * 86400 - utcOffset))
    }

    /// Index of the local civil day (days since 1970-01-01 in Vietnam time).
    public static func dayIndex(_ date: Date) -> Int {
        Int(((date.timeIntervalSince1970 + TimeInterval(utcOffset)) / 86400).rounded(.down))
    }

    /// Year, month, day and seconds of the day in Vietnam time.
    static func components(_ date: Date) -> (Int, Int, Int, Int) {
        let local = Int((date.timeIntervalSince1970).rounded(.down)) + utcOffset
        let days = local >= 0 ? local / 86400 : (local - 86399) / 86400
        let (y, m, d) = civilFromDays(days)
        return (y, m, d, local - days * 86400)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// Civil date of a day count since 1970-01-01.
    static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, m, d)
    }
}

/// A reporting window `[from, to)`.
public struct ReportPeriod: Sendable, Codable, Hashable {
    /// First instant inside the period.
    public var from: Date
    /// First instant after the period.
    public var to: Date

    /// A period from explicit bounds.
    public init(from: Date, to: Date) {
        self.from = from
        self.to = to
    }

    /// One calendar month in Vietnam time.
    public static func month(year: Int, month: Int) -> ReportPeriod {
        let next = month == 12 ? (year + 1, 1) : (year, month + 1)
        return ReportPeriod(
            from: VietnamTime.midnight(year: year, month: month, day: 1),
            to: VietnamTime.midnight(year: next.0, month: next.1, day: 1))
    }

    /// One calendar year in Vietnam time.
    public static func year(_ year: Int) -> ReportPeriod {
        ReportPeriod(
            from: VietnamTime.midnight(year: year, month: 1, day: 1),
            to: VietnamTime.midnight(year: year + 1, month: 1, day: 1))
    }

    /// True when `date` lies in `[from, to)`.
    public func contains(_ date: Date) -> Bool { date >= from && date < to }
}
