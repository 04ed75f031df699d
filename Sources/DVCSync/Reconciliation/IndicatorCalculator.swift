import Foundation

/// Computes the 766 indicators (1.4, 2.1, 2.2, 3.3, 3.6, 4.1–4.4) and the province's own figures for a period
/// `[from, to)`, per agency and for the province. Formulas and their sources: docs/indicators.md.
public struct IndicatorCalculator: Sendable {
    /// Settings of the calculation.
    public struct Configuration: Sendable, Hashable {
        /// Public holidays as `yyyy-MM-dd` (Vietnam time); default none, so only Saturdays and Sundays are skipped.
        public var holidays: [String]
        /// Maximum legal duration per `MaTTHC`, used for dossiers without `NgayHenTra`; default empty (such dossiers
        /// then count as on time).
        public var legalDurations: [String: LegalDuration]
        /// Procedures (`MaTTHC`) whose result is a document that must also be issued electronically (4.1, 4.2);
        /// nil (default) = every finished dossier is expected to carry an electronic result.
        public var proceduresWithResult: Set<String>?

        /// Settings with the documented defaults.
        public init(
            holidays: [String] = [], legalDurations: [String: LegalDuration] = [:],
            proceduresWithResult: Set<String>? = nil
        ) {
            self.holidays = holidays
            self.legalDurations = legalDurations
            self.proceduresWithResult = proceduresWithResult
        }
    }

    /// Reporting period.
    public let period: ReportPeriod
    /// Time the data was taken at; the cut-off is `min(period.to, asOf)`.
    public let asOf: Date
    /// Settings.
    public let configuration: Configuration
    private let calendar: WorkingCalendar

    /// A calculator for one period and as-of time.
    public init(period: ReportPeriod, asOf: Date, configuration: Configuration = Configuration()) {
        self.period = period
        self.asOf = asOf
        self.configuration = configuration
        calendar = WorkingCalendar(holidays: configuration.holidays)
    }

    /// The instant standing in for "period end": the period's end, or the as-of time when that is earlier.
    public var cutoff: Date { min(period.to, asOf) }

    /// True when `dossier`, received before the period, can still count in it: it has no end before the period's
    /// start, so it may be carried over, judged by 2.1 or overdue now.
    public func reachesIntoPeriod(_ dossier: IndicatorDossier) -> Bool {
        guard let received = dossier.received, received < period.from,
            let timeline = DossierTimeline(dossier: dossier, cutoff: cutoff)
        else { return false }
        return timeline.end.map { $0 >= period.from } ?? true
    }

    /// Indicators for the province and each agency; `sourceReceived` = dossiers received in the period per agency
    /// according to the source system (agencies absent from it have an unknown 1.4 denominator).
    public func compute(dossiers: [IndicatorDossier], sourceReceived: [String: Int] = [:]) -> IndicatorReport {
        let groups = Dictionary(grouping: dossiers, by: \.agency)
        // An agency the source counted but with nothing on the portal keeps its row (1.4 = 0 of its count).
        let agencies = Set(groups.keys).union(sourceReceived.keys).sorted().map { code in
            figures(for: groups[code] ?? [], agency: code, sourceCount: sourceReceived[code])
        }
        let provinceSource = sourceReceived.isEmpty ? nil : sourceReceived.values.reduce(0, +)
        let province = figures(for: dossiers, agency: "", sourceCount: provinceSource)
        return IndicatorReport(period: period, asOf: asOf, province: province, agencies: agencies)
    }

    /// Indicators for one group of dossiers.
    public func figures(for dossiers: [IndicatorDossier], agency: String, sourceCount: Int?) -> IndicatorSet {
        let cutoff = self.cutoff
        let newDossiers = dossiers.filter { $0.received.map(period.contains) ?? false }
        let syncRate = Ratio(count: newDossiers.count, total: sourceCount ?? 0)

        var timeliness = TimelinessFigures()
        var hours: [Double] = []
        var workingDays: [Double] = []
        for dossier in dossiers where dossier.isAccepted {
            guard let start = dossier.received, start < cutoff,
                let timeline = DossierTimeline(dossier: dossier, cutoff: cutoff)
            else { continue }
            if timeline.end.map({ $0 >= period.from }) ?? true {
                let outcome = timeline.outcome(
                    due: dossier.due, legalDuration: configuration.legalDurations[dossier.procedure],
                    periodEnd: cutoff, calendar: calendar)
                switch outcome {
                case .early: timeliness.early += 1
                case .onTime: timeliness.onTime += 1
                case .late: timeliness.late += 1
                }
            }
            if period.contains(start), timeline.finishedNormally, let end = timeline.end {
                hours.append((end.timeIntervalSince(start) - timeline.supplementSeconds) / 3600)
                let working = calendar.workingSeconds(from: start, to: end) - timeline.supplementWorkingSeconds(calendar)
                workingDays.append(working / 86400)
            }
        }
        func average(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }
        let processing = ProcessingTimeFigures(
            finished: hours.count, averageHours: average(hours), averageWorkingDays: average(workingDays))

        let online = newDossiers.filter(\.isOnline).count
        let factor = min(1, syncRate.value ?? 1)
        let payable = newDossiers.filter(\.hasPayableFee)
        let paidOnline = payable.filter { ["1", "2"].contains($0.onlinePayment) }.count
        let resultDue = newDossiers.filter { finishedNormally($0) && issuesResult($0) }
        let digitised = newDossiers.filter { dossier in
            dossier.hasSubmittedFiles
                && (!(finishedNormally(dossier) && issuesResult(dossier)) || dossier.hasElectronicResult)
        }.count

        return IndicatorSet(
            agency: agency,
            agencyName: agency.isEmpty ? "" : (dossiers.first { !$0.agencyName.isEmpty }?.agencyName ?? ""),
            syncRate: syncRate,
            timeliness: timeliness,
            processingTime: processing,
            onlineShare: OnlineShareFigures(online: online, received: newDossiers.count, syncFactor: factor),
            onlinePayment: Ratio(count: paidOnline, total: payable.count),
            electronicResult: Ratio(count: resultDue.filter(\.hasElectronicResult).count, total: resultDue.count),
            digitised: Ratio(count: digitised, total: newDossiers.count),
            reuse: Ratio(count: newDossiers.filter(\.reusesDigitised).count, total: newDossiers.count),
            connected: Ratio(count: newDossiers.filter(\.takenFromCitizenStore).count, total: newDossiers.count),
            province: provinceFigures(dossiers, newDossiers: newDossiers),
            statusCounts: statusCounts(dossiers),
            monthlyReceived: Dictionary(grouping: newDossiers.compactMap(\.received), by: VietnamTime.monthKey)
                .mapValues(\.count))
    }

    private func finishedNormally(_ dossier: IndicatorDossier) -> Bool {
        guard let timeline = DossierTimeline(dossier: dossier, cutoff: cutoff) else { return false }
        return timeline.finishedNormally && timeline.end != nil
    }

    private func issuesResult(_ dossier: IndicatorDossier) -> Bool {
        configuration.proceduresWithResult?.contains(dossier.procedure) ?? true
    }

    /// Still open at `instant`: no end state reached by then and, for a dossier without steps, the header status is
    /// not a closing one (steps dated after `instant` show it was still being processed then).
    private func isOpen(_ dossier: IndicatorDossier, at instant: Date) -> Bool {
        guard let received = dossier.received, received < instant else { return false }
        guard DossierTimeline(dossier: dossier, cutoff: instant)?.end == nil else { return false }
        return !dossier.steps.isEmpty || !["3", "7", "8", "9", "10"].contains(dossier.status)
    }

    private func carriedOver(_ dossiers: [IndicatorDossier]) -> [IndicatorDossier] {
        dossiers.filter { ($0.received.map { $0 < period.from } ?? false) && isOpen($0, at: period.from) }
    }

    private func provinceFigures(_ dossiers: [IndicatorDossier], newDossiers: [IndicatorDossier]) -> ProvinceFigures {
        var postal = PostalFigures()
        postal.newDossiers = newDossiers.count
        for dossier in newDossiers {
            switch (dossier.postalSend, dossier.postalReceive) {
            case (true, true): postal.both += 1
            case (true, false): postal.sendOnly += 1
            case (false, true): postal.receiveOnly += 1
            case (false, false): break
            }
        }
        let overdue = dossiers.filter { dossier in
            guard let due = dossier.due, due < asOf else { return false }
            return isOpen(dossier, at: asOf)
        }.count
        return ProvinceFigures(
            carriedOver: carriedOver(dossiers).count, newDossiers: newDossiers.count,
            onlineNew: Ratio(count: newDossiers.filter(\.isOnline).count, total: newDossiers.count),
            postal: postal, overdueNow: overdue)
    }

    private func statusCounts(_ dossiers: [IndicatorDossier]) -> [String: Int] {
        let counted = dossiers.filter { $0.received.map(period.contains) ?? false } + carriedOver(dossiers)
        return Dictionary(grouping: counted) { $0.status.isEmpty ? "?" : $0.status }.mapValues(\.count)
    }
}
