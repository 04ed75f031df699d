import DVCSync
import Foundation
import Testing

/// Expected figures are worked out by hand from the formulas in docs/indicators.md (see IndicatorFixture comments).
@Suite struct IndicatorCalculatorTests {
    let report = IndicatorFixture.report()
    var a: IndicatorSet { report.agencies[0] }
    var b: IndicatorSet { report.agencies[1] }
    var province: IndicatorSet { report.province }

    @Test func agenciesComeFromTheDossierNumberPrefix() {
        #expect(report.agencies.map(\.agency) == [IndicatorFixture.agencyA, IndicatorFixture.agencyB])
        #expect(a.agencyName == "Sở Tư pháp")
        #expect(province.agency == "")
    }

    @Test func syncRateIsSyncedOverSourceReceived() {
        // A: D1, D2, D3, D10 received in March, source says 5 → 4/5; B: 5/5; province 9/10.
        #expect(a.syncRate == Ratio(count: 4, total: 5))
        #expect(b.syncRate == Ratio(count: 5, total: 5))
        #expect(province.syncRate == Ratio(count: 9, total: 10))
    }

    @Test func anAgencyWithNothingOnThePortalStillHasItsRow() {
        // The source received 7 dossiers at agency C and none reached the portal: C's 1.4 is 0/7, not absent.
        let agencyC = "000.00.16.H20"
        let report = IndicatorCalculator(period: IndicatorFixture.period, asOf: IndicatorFixture.asOf)
            .compute(dossiers: IndicatorFixture.dossiers,
                     sourceReceived: [IndicatorFixture.agencyA: 5, IndicatorFixture.agencyB: 5, agencyC: 7])
        #expect(report.agencies.map(\.agency) == [IndicatorFixture.agencyA, IndicatorFixture.agencyB, agencyC])
        #expect(report.agencies.last?.syncRate == Ratio(count: 0, total: 7))
        #expect(report.province.syncRate == Ratio(count: 9, total: 17))
    }

    @Test func timelinessFollowsTheFormulaTable() {
        // A: D1 early, D2 on time (supplement deducted), D3 late (2 requests), D8 late; D9 outside, D10 not accepted.
        #expect(a.timeliness == TimelinessFigures(early: 1, onTime: 1, late: 2))
        // B: D11 early (single open request = end), D5 on time (open, not due), D6 on time (47 ≤ 48 working hours),
        //    D4 late (open, period end past due), D7 late (49 > 24 working hours).
        #expect(b.timeliness == TimelinessFigures(early: 1, onTime: 2, late: 2))
        #expect(province.timeliness.onTimeRate == 5.0 / 9.0)
    }

    @Test func supplementTimeIsDeductedAndRepeatedRequestsAreLate() {
        let dossiers = IndicatorFixture.dossiers
        let d2 = DossierTimeline(dossier: dossiers[1], cutoff: IndicatorFixture.period.to)!
        #expect(d2.supplementSeconds == 48 * 3600)
        let calendar = WorkingCalendar()
        #expect(d2.outcome(due: dossiers[1].due, legalDuration: nil, periodEnd: IndicatorFixture.period.to,
                           calendar: calendar) == .onTime)
        let d3 = DossierTimeline(dossier: dossiers[2], cutoff: IndicatorFixture.period.to)!
        #expect(d3.supplementRequests == 2)
        #expect(d3.outcome(due: dossiers[2].due, legalDuration: nil, periodEnd: IndicatorFixture.period.to,
                           calendar: calendar) == .late)
    }

    @Test func consecutiveSupplementStepsDeductTheirTimeOnce() {
        // Mon 04 08:00 received; "5" Mon 10:00 and again Tue 10:00, back to "4" Wed 10:00, finished Wed 16:00.
        // The applicant was away Mon 10:00 → Wed 10:00 (48 h) once, not 48 h + 24 h: processing took 56 − 48 = 8 h.
        let dossier = IndicatorFixture.dossier(IndicatorFixture.Spec(
            number: "240304-0009", agency: IndicatorFixture.agencyA, received: "20240304080000", status: "9",
            steps: [("20240304080000", "2"), ("20240304100000", "5"), ("20240305100000", "5"),
                    ("20240306100000", "4"), ("20240306160000", "9")]))
        let timeline = DossierTimeline(dossier: dossier, cutoff: IndicatorFixture.period.to)!
        #expect(timeline.supplementSeconds == 48 * 3600)
        #expect(timeline.supplementWorkingSeconds(WorkingCalendar()) == 48 * 3600)
        let figures = IndicatorCalculator(period: IndicatorFixture.period, asOf: IndicatorFixture.asOf)
            .compute(dossiers: [dossier]).province.processingTime
        #expect(figures.averageHours == 8)
        #expect(figures.averageWorkingDays == 8.0 / 24)
    }

    @Test func openDossiersEndAtThePeriodEnd() {
        let d4 = IndicatorFixture.dossiers[6]
        let timeline = DossierTimeline(dossier: d4, cutoff: IndicatorFixture.period.to)!
        #expect(timeline.end == nil)
        // A due date after the period end would make the same open dossier on time.
        let later = VietnamTime.parse("20240405170000")
        #expect(timeline.outcome(due: later, legalDuration: nil, periodEnd: IndicatorFixture.period.to,
                                 calendar: WorkingCalendar()) == .onTime)
        #expect(timeline.outcome(due: d4.due, legalDuration: nil, periodEnd: IndicatorFixture.period.to,
                                 calendar: WorkingCalendar()) == .late)
    }

    @Test func averageProcessingTimeInHoursAndWorkingDays() {
        // A: D1 56 h (56 working h), D2 80 − 48 = 32 h (32), D3 168 − 48 = 120 h (120 − 48 = 72 working h).
        #expect(a.processingTime.finished == 3)
        #expect(abs(a.processingTime.averageHours! - 208.0 / 3) < 1e-9)
        #expect(abs(a.processingTime.averageWorkingDays! - 160.0 / 3 / 24) < 1e-9)
        // B: D6 95 h (47 working h), D7 49 h (49). D4, D5 open; D11 ended on an open request, not finished.
        #expect(b.processingTime.finished == 2)
        #expect(abs(b.processingTime.averageHours! - 72) < 1e-9)
        #expect(abs(b.processingTime.averageWorkingDays! - 2) < 1e-9)
        #expect(abs(province.processingTime.averageHours! - 352.0 / 5) < 1e-9)
        #expect(abs(province.processingTime.averageWorkingDays! - 256.0 / 24 / 5) < 1e-9)
    }

    @Test func onlineShareIsWeightedBySyncRate() {
        // A: D1, D10 online of 4 new × 0.8 = 0.4; B: D4, D6 of 5 × 1 = 0.4; province 4/9 × 0.9 = 0.4.
        #expect(abs(a.onlineShare.value! - 0.4) < 1e-12)
        #expect(abs(b.onlineShare.value! - 0.4) < 1e-12)
        #expect(abs(province.onlineShare.value! - 0.4) < 1e-12)
        #expect(province.onlineShare.online == 4)
    }

    @Test func paymentAndDigitisation() {
        // 3.6: payable = D1 (50.000, paid "1"), D3 (100.000, "3"); D2's fee is 0.
        #expect(a.onlinePayment == Ratio(count: 1, total: 2))
        #expect(b.onlinePayment == Ratio(count: 0, total: 0))
        // 4.1: finished new dossiers D1 ✓, D2 ✗, D3 ✗ (no MaGiayToKetQua); B: D6, D7 ✗.
        #expect(a.electronicResult == Ratio(count: 1, total: 3))
        #expect(province.electronicResult == Ratio(count: 1, total: 5))
        // 4.2: files and (electronic result when finished): D1 and D5 only.
        #expect(a.digitised == Ratio(count: 1, total: 4))
        #expect(b.digitised == Ratio(count: 1, total: 5))
        // 4.3: D1 (DuocSoHoa), D3 (HoSoCoThanhPhanSoHoa), D5 (DuocTaiSuDung 2). 4.4: D3 (DuocLayTuKhoDMQG).
        #expect(province.reuse == Ratio(count: 3, total: 9))
        #expect(province.connected == Ratio(count: 1, total: 9))
        #expect(b.connected == Ratio(count: 0, total: 5))
    }

    @Test func provinceFigures() {
        let figures = province.province
        #expect(figures.carriedOver == 1)  // D8
        #expect(figures.newDossiers == 9)
        #expect(figures.received == 10)
        #expect(figures.onlineNew == Ratio(count: 4, total: 9))
        // Postal: D7 sends only, D1 receives only, D3 both.
        #expect(figures.postal.sendOnly == 1 && figures.postal.receiveOnly == 1 && figures.postal.both == 1)
        #expect(figures.postal.share == 3.0 / 9.0)
        #expect(figures.overdueNow == 1)  // D4
        #expect(province.statusCounts["9"] == 4)  // D1, D2, D7, D8
        #expect(province.monthlyReceived == ["2024-03": 9])
    }

    @Test func aDossierWhoseStepsAllComeAfterThePeriodStartIsCarriedOver() {
        // Received on 29 February, first step on 1 March, finished on 4 March: open when March began, whatever its
        // header says now.
        let late = IndicatorFixture.dossier(IndicatorFixture.Spec(
            number: "240229-0001", agency: IndicatorFixture.agencyA, received: "20240229160000",
            due: "20240305170000", status: "9", steps: [("20240301090000", "4"), ("20240304100000", "9")]))
        let calculator = IndicatorCalculator(period: IndicatorFixture.period, asOf: IndicatorFixture.asOf)
        let figures = calculator.compute(dossiers: [late]).province
        #expect(figures.timeliness.total == 1)
        #expect(figures.province.carriedOver == 1)
        #expect(figures.statusCounts == ["9": 1])
    }

    @Test func workingCalendarSkipsWeekendsAndHolidays() {
        let friday = VietnamTime.parse("20240308120000")!
        let monday = VietnamTime.parse("20240311120000")!
        #expect(WorkingCalendar().workingSeconds(from: friday, to: monday) == 24 * 3600)
        #expect(WorkingCalendar(holidays: ["2024-03-08"]).workingSeconds(from: friday, to: monday) == 12 * 3600)
        #expect(VietnamTime.format(friday) == "20240308120000")
        #expect(friday.timeIntervalSince1970 == 1_709_874_000)  // 2024-03-08T05:00:00Z
    }
}
