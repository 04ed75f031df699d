import Foundation

/// Working-time arithmetic in Vietnam time: Saturdays, Sundays and the configured public holidays are not working days.
///
/// A working day counts as 24 working hours: the working time between two instants is the elapsed time with every
/// non-working calendar day cut out, so "1 working day" after Friday 10:00 is Monday 10:00.
public struct WorkingCalendar: Sendable, Hashable {
    /// Holidays as local day indexes (days since 1970-01-01, Vietnam time).
    public let holidayDays: Set<Int>

    /// A calendar with the given holidays as `yyyy-MM-dd` strings (default: none); malformed entries are ignored.
    public init(holidays: [String] = []) {
        var days = Set<Int>()
        for text in holidays {
            let parts = text.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 3 else { continue }
            days.insert(VietnamTime.daysFromCivil(year: parts[0], month: parts[1], day: parts[2]))
        }
        holidayDays = days
    }

    /// True when the local day with this index is a working day.
    public func isWorkingDay(_ dayIndex: Int) -> Bool {
        let weekday = ((dayIndex + 4) % 7 + 7) % 7  // 0 = Sunday; 1970-01-01 was a Thursday
        return weekday != 0 && weekday != 6 && !holidayDays.contains(dayIndex)
    }

    /// Working seconds in `[start, end)`; 0 when `end <= start`.
    public func workingSeconds(from start: Date, to end: Date) -> TimeInterval {
        guard end > start else { return 0 }
        let offset = TimeInterval(VietnamTime.utcOffset)
        let localStart = start.timeIntervalSince1970 + offset
        let localEnd = end.timeIntervalSince1970 + offset
        var day = Int((localStart / 86400).rounded(.down))
        let lastDay = Int((localEnd / 86400).rounded(.down))
        var total: TimeInterval = 0
        while day <= lastDay {
            if isWorkingDay(day) {
                let dayStart = TimeInterval(day) * 86400
                let lower = max(localStart, dayStart)
                let upper = min(localEnd, dayStart + 86400)
                if upper > lower { total += upper - lower }
            }
            day += 1
        }
        return total
    }

    /// Working days (24 working hours each) in `[start, end)`.
    public func workingDays(from start: Date, to end: Date) -> Double {
        workingSeconds(from: start, to: end) / 86400
    }
}
