import Foundation

/// Outcome of indicator 2.1 for one dossier.
public enum TimelinessOutcome: String, Sendable, Codable, CaseIterable {
    /// Finished on an earlier calendar day than the appointment.
    case early
    /// Finished on the appointment day at or before its time, or within the legal duration; also open and not yet due.
    case onTime
    /// Past the appointment (or the legal duration), or more than one supplement request.
    case late
}

/// Maximum legal processing duration of a procedure (used when a dossier has no `NgayHenTra`).
public enum LegalDuration: Sendable, Hashable, Codable {
    /// Working days (weekends and holidays excluded).
    case workingDays(Double)
    /// Calendar days.
    case days(Double)
    /// Hours.
    case hours(Double)
}

/// The processing timeline of one dossier as the 766 formulas read it: start, end, supplement time.
public struct DossierTimeline: Sendable, Hashable {
    /// Start: `NgayTiepNhan` (or `NgayNopHoSo`).
    public var start: Date
    /// End state time, or nil while processing is still open at the cut-off.
    public var end: Date?
    /// True when the end comes from a finished state (9, 10 or `NgayKetThucXuLy`), not from 3/7/8 or an open "5".
    public var finishedNormally: Bool
    /// Supplement intervals (request "5" → next step) that close before the end or the cut-off.
    public var supplementIntervals: [DateInterval]
    /// Number of supplement requests (steps "5") before the end or the cut-off.
    public var supplementRequests: Int

    /// Builds the timeline of `dossier` as known at `cutoff` (steps after it are ignored); nil without a start time.
    ///
    /// End = earliest step "9", else earliest "10", else `NgayKetThucXuLy` (before the cut-off), else earliest
    /// "3"/"8"/"7"; a single supplement request still open at the cut-off counts as the end.
    public init?(dossier: IndicatorDossier, cutoff: Date) {
        guard let start = dossier.received else { return nil }
        self.start = start
        let steps = dossier.steps.filter { $0.time < cutoff }
        func first(_ codes: Set<String>) -> Date? { steps.first { codes.contains($0.status) }?.time }
        var end: Date? = first(["9"]) ?? first(["10"])
        var normal = end != nil
        if end == nil, let finished = dossier.finished, finished < cutoff {
            end = finished
            normal = true
        }
        if end == nil, let stopped = first(["3", "8", "7"]) { end = stopped }
        var intervals: [DateInterval] = []
        var requests = 0
        var openRequest: Date?
        for (index, step) in steps.enumerated() where step.status == "5" {
            if let end, step.time >= end { break }
            requests += 1
            // A "5" following another one lies inside the interval already counted: its time is not deducted twice.
            if let last = intervals.last, step.time < last.end { continue }
            if let next = steps[(index + 1)...].first(where: { $0.status != "5" }) {
                let returned = end.map { min($0, next.time) } ?? next.time
                intervals.append(DateInterval(start: step.time, end: max(step.time, returned)))
            } else {
                openRequest = step.time
            }
        }
        if end == nil, let openRequest, requests == 1 { end = openRequest }
        self.end = end
        finishedNormally = normal
        supplementIntervals = intervals
        supplementRequests = requests
    }

    /// Total supplement time in seconds.
    public var supplementSeconds: TimeInterval {
        supplementIntervals.reduce(0) { $0 + $1.duration }
    }

    /// Supplement time in working seconds.
    public func supplementWorkingSeconds(_ calendar: WorkingCalendar) -> TimeInterval {
        supplementIntervals.reduce(0) { $0 + calendar.workingSeconds(from: $1.start, to: $1.end) }
    }

    /// Classifies the dossier for indicator 2.1; `periodEnd` stands in for the end of unfinished dossiers.
    public func outcome(
        due: Date?, legalDuration: LegalDuration?, periodEnd: Date, calendar: WorkingCalendar
    ) -> TimelinessOutcome {
        if supplementRequests > 1 { return .late }
        let effectiveEnd = end ?? periodEnd
        if let due {
            let adjusted = effectiveEnd.addingTimeInterval(-supplementSeconds)
            if adjusted > due { return .late }
            guard end != nil else { return .onTime }
            return VietnamTime.dayIndex(adjusted) < VietnamTime.dayIndex(due) ? .early : .onTime
        }
        guard let legalDuration else { return .onTime }
        let elapsed: TimeInterval
        let limit: TimeInterval
        switch legalDuration {
        case .workingDays(let days):
            elapsed = calendar.workingSeconds(from: start, to: effectiveEnd) - supplementWorkingSeconds(calendar)
            limit = days * 86400
        case .days(let days):
            elapsed = effectiveEnd.timeIntervalSince(start) - supplementSeconds
            limit = days * 86400
        case .hours(let hours):
            elapsed = effectiveEnd.timeIntervalSince(start) - supplementSeconds
            limit = hours * 3600
        }
        return elapsed <= limit ? .onTime : .late
    }
}
