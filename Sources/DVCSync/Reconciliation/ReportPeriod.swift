import Foundation

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
