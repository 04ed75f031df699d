@testable import DVCSync
import Foundation
import Testing

/// Cron expressions read in Asia/Ho_Chi_Minh (UTC+7) unless told otherwise.
@Suite struct CronExpressionTests {
    /// A wall-clock time in Vietnam.
    static func vn(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0)
        -> Date
    {
        VietnamTime.midnight(year: year, month: month, day: day)
            .addingTimeInterval(TimeInterval(hour * 3600 + minute * 60 + second))
    }

    static func next(_ text: String, after date: Date) throws -> Date {
        try CronExpression(text).next(after: date)
    }

    @Test func stepsListsAndRanges() throws {
        #expect(try Self.next("*/5 * * * *", after: Self.vn(2026, 11, 26, 10, 2, 30)) == Self.vn(2026, 11, 26, 10, 5))
        // Strictly after: a time on a match goes to the following one.
        #expect(try Self.next("*/5 * * * *", after: Self.vn(2026, 11, 26, 10, 5)) == Self.vn(2026, 11, 26, 10, 10))
        let expression = try CronExpression("0-30/10 8-10/2 * * *")
        #expect(expression.minutes == [0, 10, 20, 30] && expression.hours == [8, 10])
        #expect(expression.next(after: Self.vn(2026, 11, 26, 8, 31)) == Self.vn(2026, 11, 26, 10, 0))
        #expect(expression.next(after: Self.vn(2026, 11, 26, 10, 30)) == Self.vn(2026, 11, 27, 8, 0))
        #expect(try CronExpression("5/15 * * * *").minutes == [5, 20, 35, 50])
        #expect(try CronExpression("1,15,30-31 * * * *").minutes == [1, 15, 30, 31])
    }

    @Test func monthEndsAndYearEnds() throws {
        // April has 30 days: the 31st is next in May.
        #expect(try Self.next("0 0 31 * *", after: Self.vn(2026, 4, 15)) == Self.vn(2026, 5, 31))
        #expect(try Self.next("30 23 * * *", after: Self.vn(2026, 12, 31, 23, 45)) == Self.vn(2027, 1, 1, 23, 30))
        #expect(try Self.next("0 0 1 * *", after: Self.vn(2026, 12, 15)) == Self.vn(2027, 1, 1))
    }

    @Test func leapYears() throws {
        #expect(try Self.next("0 0 29 2 *", after: Self.vn(2026, 3, 1)) == Self.vn(2028, 2, 29))
        // 2100 is not a leap year (divisible by 100, not by 400); 2000 was.
        #expect(try Self.next("0 0 29 2 *", after: Self.vn(2096, 3, 1)) == Self.vn(2104, 2, 29))
        #expect(try Self.next("0 0 29 2 *", after: Self.vn(1999, 3, 1)) == Self.vn(2000, 2, 29))
        #expect(try Self.next("0 0 28 2 *", after: Self.vn(2026, 2, 28, 0, 0, 1)) == Self.vn(2027, 2, 28))
    }

    @Test func dayOfMonthOrDayOfWeek() throws {
        // 26 November 2026 is a Thursday.
        #expect(CronExpression.weekday(year: 2026, month: 11, day: 26) == 4)
        // Both restricted: the 15th or any Friday.
        let either = try CronExpression("0 9 15 * FRI")
        #expect(either.next(after: Self.vn(2026, 11, 1)) == Self.vn(2026, 11, 6, 9))
        #expect(either.next(after: Self.vn(2026, 11, 13, 9)) == Self.vn(2026, 11, 15, 9))
        // One of them `*`: the other alone decides.
        #expect(try Self.next("0 9 15 * *", after: Self.vn(2026, 11, 1)) == Self.vn(2026, 11, 15, 9))
        #expect(try Self.next("0 9 * * MON-FRI", after: Self.vn(2026, 11, 27, 10)) == Self.vn(2026, 11, 30, 9))
        // `*/2` in day-of-week still counts as `*` for the rule, so both must match: a 1st falling on Sunday,
        // Tuesday, Thursday or Saturday (1 December 2026 is a Tuesday; then 1 April 2027, a Thursday).
        #expect(try Self.next("0 0 1 * */2", after: Self.vn(2026, 11, 1)) == Self.vn(2026, 12, 1))
        #expect(try Self.next("0 0 1 * */2", after: Self.vn(2026, 12, 1)) == Self.vn(2027, 4, 1))
        // 0 and 7 are both Sunday; names are case-insensitive.
        #expect(try Self.next("0 0 * * 7", after: Self.vn(2026, 11, 26)) == Self.vn(2026, 11, 29))
        #expect(try Self.next("0 0 * * sun", after: Self.vn(2026, 11, 26)) == Self.vn(2026, 11, 29))
        #expect(try Self.next("0 0 1 jan,JUL *", after: Self.vn(2026, 11, 26)) == Self.vn(2027, 1, 1))
        // 30 February never comes, but Mondays in February do.
        #expect(try Self.next("0 0 30 2 MON", after: Self.vn(2026, 11, 26)) == Self.vn(2027, 2, 1))
    }

    @Test func vietnamTimeHasNoDaylightSaving() throws {
        let midnight = try CronExpression("0 0 * * *")
        let utc = try CronExpression("0 0 * * *", timeZone: TimeZone(identifier: "UTC")!)
        let after = Self.vn(2026, 6, 15, 12)
        // Midnight in Hanoi is 17:00 UTC the day before, in summer and in winter alike.
        #expect(midnight.next(after: after) == Date(timeIntervalSince1970: utc.next(after: after)
            .timeIntervalSince1970 - 7 * 3600))
        for month in 1...12 {
            let next = midnight.next(after: Self.vn(2026, month, 10, 12))
            #expect(Int(next.timeIntervalSince1970) % 86400 == 17 * 3600)
        }
        #expect(midnight.matches(Self.vn(2026, 1, 1)) && !midnight.matches(Self.vn(2026, 1, 1, 7)))
    }

    @Test func errorsNameTheFieldAndTheFix() {
        func error(_ text: String) -> CronError? {
            do {
                _ = try CronExpression(text)
                return nil
            } catch {
                return error as? CronError
            }
        }
        #expect(error("* * * *")?.code == "cron.field_count")
        #expect(error("* * * *")?.fix.contains("minute hour day-of-month month day-of-week") == true)
        #expect(error("60 * * * *") == CronError(code: "cron.out_of_range", field: "minute",
                                                  problem: "60 is outside 0-59", fix: error("60 * * * *")?.fix ?? ""))
        #expect(error("* 24 * * *")?.field == "hour")
        #expect(error("* * 0 * *")?.field == "day-of-month")
        let month = error("* * * FOO *")
        #expect(month?.code == "cron.bad_value" && month?.field == "month")
        #expect(month?.problem.contains("JAN") == true, "\(month?.message ?? "")")
        #expect(error("* * * * 8")?.field == "day-of-week")
        #expect(error("*/0 * * * *")?.code == "cron.bad_step")
        #expect(error("5-1 * * * *")?.code == "cron.bad_range")
        #expect(error("1,,2 * * * *")?.code == "cron.bad_value")
        #expect(error("0 0 30 2 *")?.code == "cron.never")
        #expect(error("0 0 31 4,6,9,11 *")?.field == "day-of-month")
        #expect(error("0 0 30 2 MON") == nil)
        #expect(error(" 0  0 * * * ") == nil)
    }
}
