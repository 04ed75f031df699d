/// Calendar arithmetic in Asia/Ho_Chi_Minh (fixed UTC+7, no daylight saving) on epoch seconds, without Foundation.
public enum ProvinceTime {
    /// Offset of local time from UTC in seconds.
    public static let offset: Int64 = 7 * 3600
    /// Seconds in a day.
    public static let day: Int64 = 86_400

    /// Local civil fields of an epoch-second instant.
    public struct Civil: Equatable, Sendable {
        public var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
    }

    /// Local day number (days since 1970-01-01 local) of an instant.
    public static func dayNumber(_ t: Int64) -> Int64 { floorDiv(t + offset, day) }

    /// 0 = Monday … 6 = Sunday.
    public static func weekday(dayNumber d: Int64) -> Int { Int(((d % 7) + 7 + 3) % 7) }

    /// True for Monday to Friday.
    public static func isWorkingDay(_ d: Int64) -> Bool { weekday(dayNumber: d) < 5 }

    /// Local civil fields of `t`.
    public static func civil(_ t: Int64) -> Civil {
        let local = t + offset
        let days = floorDiv(local, day)
        let secs = Int(local - days * day)
        let (y, m, d) = civilFromDays(days)
        return Civil(year: y, month: m, day: d, hour: secs / 3600, minute: secs / 60 % 60, second: secs % 60)
    }

    /// Epoch seconds of local civil time.
    public static func epoch(year: Int, month: Int, day d: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) -> Int64 {
        daysFromCivil(year, month, d) * day + Int64(hour * 3600 + minute * 60 + second) - offset
    }

    /// Epoch seconds of local midnight of a day number.
    public static func midnight(_ d: Int64) -> Int64 { d * day - offset }

    /// The `k`-th working day (0-based) counted from day `start` (weekends skipped).
    public static func workingDay(from start: Int64, index k: Int64) -> Int64 {
        var s = start
        while !isWorkingDay(s) { s += 1 }
        let w = Int64(weekday(dayNumber: s))
        let total = w + k
        return s - w + (total / 5) * 7 + total % 5
    }

    /// `t` moved forward by `n` working days at the same local time of day (Saturday and Sunday skipped).
    public static func addWorkingDays(_ t: Int64, _ n: Int) -> Int64 {
        let d = dayNumber(t)
        let secondsOfDay = t - midnight(d)
        let target = workingDay(from: d, index: Int64(n))
        return midnight(target) + secondsOfDay
    }

    /// Number of working days in [start, start + days).
    public static func workingDays(from start: Int64, count days: Int64) -> Int64 {
        var n: Int64 = 0
        for d in start..<(start + days) where isWorkingDay(d) { n += 1 }
        return n
    }

    /// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
    public static func daysFromCivil(_ y0: Int, _ m: Int, _ d: Int) -> Int64 {
        let y = Int64(m <= 2 ? y0 - 1 : y0)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64((m + 9) % 12)
        let doy = (153 * mp + 2) / 5 + Int64(d) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Proleptic Gregorian date of a day number.
    public static func civilFromDays(_ z0: Int64) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = Int(doy - (153 * mp + 2) / 5 + 1)
        let m = Int(mp < 10 ? mp + 3 : mp - 9)
        return (Int(yoe + era * 400) + (m <= 2 ? 1 : 0), m, d)
    }

    /// Days in a month of a year.
    public static func daysInMonth(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Parses `d/M/yyyy` or `dd/MM/yyyy` into a local day number; nil when malformed or impossible.
    public static func parseDate(_ text: String) -> Int64? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, (1...2).contains(parts[0].count), (1...2).contains(parts[1].count), parts[2].count == 4,
              let d = Int(parts[0]), let m = Int(parts[1]), let y = Int(parts[2]),
              (1...12).contains(m), d >= 1, d <= daysInMonth(y, m) else { return nil }
        return daysFromCivil(y, m, d)
    }

    /// Parses `dd/MM/yyyy HH:mm:ss` (local) into epoch seconds; nil when malformed.
    public static func parseDateTime(_ text: String) -> Int64? {
        let halves = text.split(separator: " ", omittingEmptySubsequences: true)
        guard halves.count == 2, let dayNo = parseDate(String(halves[0])) else { return nil }
        let hms = halves[1].split(separator: ":", omittingEmptySubsequences: false)
        guard hms.count == 3, let h = Int(hms[0]), let mi = Int(hms[1]), let s = Int(hms[2]),
              (0..<24).contains(h), (0..<60).contains(mi), (0..<60).contains(s) else { return nil }
        return midnight(dayNo) + Int64(h * 3600 + mi * 60 + s)
    }

    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 { a >= 0 ? a / b : -((-a + b - 1) / b) }
}
