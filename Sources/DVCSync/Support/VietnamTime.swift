import Foundation

/// Formats and parses the source's local times (Asia/Ho_Chi_Minh, UTC+7 without daylight saving since 1975).
public enum VietnamTime {
    /// Offset of Asia/Ho_Chi_Minh from UTC, in seconds.
    public static let offsetSeconds = 7 * 3600
    /// Same as `offsetSeconds`.
    public static var utcOffset: Int { offsetSeconds }

    /// Parses the portal's `yyyyMMddHHmmss` (or `yyyyMMdd`); nil for empty, malformed or impossible dates.
    public static func parse(_ text: String) -> Date? {
        text.utf8.count == 8 ? parsePortal(text + "000000") : parsePortal(text)
    }

    /// `yyyyMMddHHmmss` in Vietnam time (same as `portal(_:)`).
    public static func format(_ date: Date) -> String { portal(date) }

    /// For people: `dd/MM/yyyy HH:mm` in Vietnam time.
    public static func display(_ date: Date) -> String {
        let p = parts(date)
        return String(format: "%02d/%02d/%04d %02d:%02d", p.day, p.month, p.year, p.hour, p.minute)
    }

    /// The local calendar month `yyyy-MM` a date falls in.
    public static func monthKey(_ date: Date) -> String {
        let p = parts(date)
        return String(format: "%04d-%02d", p.year, p.month)
    }

    /// Local midnight (Vietnam time) of the given civil date.
    public static func midnight(year: Int, month: Int, day: Int) -> Date {
        Date(timeIntervalSince1970: TimeInterval(daysFromCivil(year: year, month: month, day: day) * 86400
            - offsetSeconds))
    }

    /// Index of the local civil day (days since 1970-01-01 in Vietnam time).
    public static func dayIndex(_ date: Date) -> Int {
        Int(((date.timeIntervalSince1970 + TimeInterval(offsetSeconds)) / 86400).rounded(.down))
    }

    static func parts(_ date: Date) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        let local = Int64((date.timeIntervalSince1970).rounded(.down)) + Int64(offsetSeconds)
        let days = Int(local.floorDivided(by: 86_400))
        let secs = Int(local - Int64(days) * 86_400)
        let (y, m, d) = civil(fromDays: days)
        return (y, m, d, secs / 3600, secs % 3600 / 60, secs % 60)
    }

    /// `dd/MM/yyyy`.
    public static func dateOnly(_ date: Date) -> String {
        let p = parts(date)
        return String(format: "%02d/%02d/%04d", p.day, p.month, p.year)
    }

    /// `dd/MM/yyyy HH:mm:ss`.
    public static func dateTime(_ date: Date) -> String {
        let p = parts(date)
        return String(format: "%02d/%02d/%04d %02d:%02d:%02d", p.day, p.month, p.year, p.hour, p.minute, p.second)
    }

    /// `yyyyMMddHHmmss`, the portal's format.
    public static func portal(_ date: Date) -> String {
        let p = parts(date)
        return String(format: "%04d%02d%02d%02d%02d%02d", p.year, p.month, p.day, p.hour, p.minute, p.second)
    }

    /// Parses `dd/MM/yyyy HH:mm:ss`; nil when malformed or not a calendar date.
    public static func parseDateTime(_ text: String) -> Date? {
        if let fields = sixDigitFields(text.utf8) { return dateTime(fields) }
        let fields = text.split(whereSeparator: { $0 == "/" || $0 == " " || $0 == ":" }).map { Int($0) }
        guard fields.count == 6, fields.allSatisfy({ $0 != nil }) else { return nil }
        let v = fields.map { $0! }
        return make(year: v[2], month: v[1], day: v[0], hour: v[3], minute: v[4], second: v[5])
    }

    /// `parseDateTime` of the text whose UTF-8 is `utf8` (malformed bytes read as U+FFFD, as `String(decoding:)`
    /// does), without making a `String` when the text holds only digits and separators.
    static func parseDateTime(utf8: UnsafeBufferPointer<UInt8>) -> Date? {
        guard let fields = sixDigitFields(utf8) else { return parseDateTime(String(decoding: utf8, as: UTF8.self)) }
        return dateTime(fields)
    }

    /// The instant of `dd/MM/yyyy HH:mm:ss` read as six numbers; nil unless there are exactly six.
    private static func dateTime(_ fields: (values: (Int, Int, Int, Int, Int, Int), count: Int)) -> Date? {
        guard fields.count == 6 else { return nil }
        return make(year: fields.values.2, month: fields.values.1, day: fields.values.0, hour: fields.values.3,
                    minute: fields.values.4, second: fields.values.5)
    }

    /// The numbers of `text` when it holds only ASCII digits and the separators `/`, space and `:` (runs of
    /// separators count as one, as in `split`): the first six and how many there are (no allocation); nil
    /// otherwise, or when a number has more than 9 digits.
    private static func sixDigitFields(_ text: some Sequence<UInt8>)
        -> (values: (Int, Int, Int, Int, Int, Int), count: Int)?
    {
        var values = (0, 0, 0, 0, 0, 0)
        var count = 0
        var current = 0
        var digits = 0
        func store() {
            switch count {
            case 0: values.0 = current
            case 1: values.1 = current
            case 2: values.2 = current
            case 3: values.3 = current
            case 4: values.4 = current
            case 5: values.5 = current
            default: break
            }
            count += 1
        }
        for byte in text {
            switch byte {
            case 0x30...0x39:
                guard digits < 9 else { return nil }
                current = current * 10 + Int(byte - 0x30)
                digits += 1
            case UInt8(ascii: "/"), UInt8(ascii: " "), UInt8(ascii: ":"):
                if digits > 0 { store() }
                current = 0
                digits = 0
            default: return nil
            }
        }
        if digits > 0 { store() }
        return (values, count)
    }

    /// Parses `yyyyMMddHHmmss`; nil when malformed or not a calendar date.
    public static func parsePortal(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 14, bytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        func number(_ from: Int, _ count: Int) -> Int { bytes[from..<from + count].reduce(0) { $0 * 10 + Int($1 - 0x30) } }
        return make(year: number(0, 4), month: number(4, 2), day: number(6, 2), hour: number(8, 2),
                    minute: number(10, 2), second: number(12, 2))
    }

    /// The instant of a local wall time; nil when it is not a real date.
    public static func make(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) -> Date? {
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day), (0...23).contains(hour),
            (0...59).contains(minute), (0...59).contains(second)
        else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
        return Date(timeIntervalSince1970: Double(seconds))
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days-from-civil algorithms.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

extension Int64 {
    func floorDivided(by divisor: Int64) -> Int64 {
        let q = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? q - 1 : q
    }
}
