import DVCMock
import DVCSync
import Foundation
import Testing

@Suite struct ProvinceGeneratorTests {
    private func pages(_ p: MockProvince, count: Int) async -> [UInt8] {
        var all: [UInt8] = []
        var start = 0
        while start < count {
            let r = await ProvinceFixture.get(p, "/dossiers", ["start": "\(start)", "end": "\(start + 500)"])
            all += r.body
            start += 500
        }
        return all
    }

    @Test func sameSeedGivesIdenticalBytes() async {
        let a = await pages(ProvinceFixture.province(dossiers: 1_500, seed: 42), count: 1_500)
        let b = await pages(ProvinceFixture.province(dossiers: 1_500, seed: 42), count: 1_500)
        #expect(a.count > 1_000_000)
        #expect(a == b)
    }

    @Test func differentSeedGivesDifferentBytes() async {
        let a = await pages(ProvinceFixture.province(dossiers: 500, seed: 42), count: 500)
        let b = await pages(ProvinceFixture.province(dossiers: 500, seed: 43), count: 500)
        #expect(a != b)
    }

    @Test func streamIsLazyAndRepeatable() {
        let config = ProvinceGeneratorConfiguration(dossiers: 1_000, seed: 5)
        var g1 = ProvinceGenerator(catalog: ProvinceFixture.catalog, configuration: config)
        var g2 = ProvinceGenerator(catalog: ProvinceFixture.catalog, configuration: config)
        for _ in 0..<1_200 { #expect(g1.next() == g2.next()) }
        #expect(g1.index == 1_200)
    }

    @Test func distributionsFollowTheProvinceFigures() throws {
        let p = ProvinceFixture.province(dossiers: 20_000, seed: 2023)
        let (dossiers, now) = p.snapshot()
        let n = Double(dossiers.count)
        #expect(dossiers.count >= 20_000 && dossiers.count < 20_050)
        let online = Double(dossiers.filter { $0.channel == 2 }.count) / n
        let postalSend = dossiers.filter { $0.channel == 3 }
        let postalUse = Double(dossiers.filter { $0.channel == 3 || $0.resultByPost }.count) / n
        let both = Double(postalSend.filter(\.resultByPost).count) / n
        #expect(abs(online - 0.5346) < 0.015)
        #expect(abs(postalUse - 0.3117) < 0.015)
        #expect(abs(both - 13_713.0 / 86_512.0) < 0.01)
        let onlineByPost = Double(dossiers.filter { $0.channel == 2 && $0.resultByPost }.count) / n
        #expect(abs(onlineByPost - 2_620.0 / 86_512.0) < 0.006)

        let nowI = ProvinceDossier.instant(now)
        let finished = dossiers.filter { $0.outcome == .done && $0.release <= nowI }
        let late = Double(finished.filter(\.isLate).count) / Double(finished.count)
        #expect(abs(late - 0.03) < 0.008)
        let cancelled = Double(dossiers.filter { $0.outcome == .cancelled }.count) / n
        #expect(abs(cancelled - 0.01) < 0.004)
        let supplements = Double(dossiers.filter { $0.supplementRequest != 0 }.count) / n
        #expect(supplements > 0.04 && supplements < 0.08)

        // Statuses as the API shows them: most done, some open, few cancelled or denied.
        var counts: [String: Int] = [:]
        for d in dossiers { counts[status(d, nowI), default: 0] += 1 }
        let done = Double(counts["done", default: 0]) / n
        let open = Double(["receiving", "processing", "waiting", "paying", "releasing"].map { counts[$0, default: 0] }.reduce(0, +)) / n
        #expect(done > 0.9 && done < 0.99)
        #expect(open > 0.01 && open < 0.08)
        #expect(counts["processing", default: 0] > 0 && counts["releasing", default: 0] > 0)
        #expect(counts["denied", default: 0] > 50 && counts["denied", default: 0] < 300)
    }

    private func status(_ d: ProvinceDossier, _ now: Int32) -> String {
        if now < d.receive { return "receiving" }
        if d.release <= now { return d.outcome == .done ? (d.finish <= now ? "done" : "releasing") : "\(d.outcome)" }
        if d.payRequest != 0 && d.payRequest <= now && now < d.payDone { return "paying" }
        if d.supplementRequest != 0 && d.supplementRequest <= now && now < d.supplementReturn { return "waiting" }
        return "processing"
    }

    @Test func plannedTimelinesAreConsistent() {
        let (dossiers, _) = ProvinceFixture.province(dossiers: 20_000, seed: 11).snapshot()
        var previousSubmit: Int32 = 0
        for d in dossiers {
            #expect(d.submit >= previousSubmit)
            previousSubmit = d.submit
            let chain = [d.submit, d.receive, d.supplementRequest, d.supplementReturn, d.processStart, d.payRequest,
                         d.payDone, d.release, d.finish].filter { $0 != 0 }
            #expect(chain == chain.sorted(), "dossier \(d.dossierId)")
            #expect(d.due > d.receive)
            let weekday = ProvinceTime.weekday(dayNumber: ProvinceTime.dayNumber(ProvinceDossier.epoch(d.receive)))
            #expect(weekday < 5)
        }
    }

    @Test func dueDatesCountWorkingDays() {
        // Friday 3/11/2023 09:00 + 3 working days = Wednesday 8/11/2023 09:00.
        let friday = ProvinceTime.epoch(year: 2023, month: 11, day: 3, hour: 9)
        #expect(ProvinceTime.addWorkingDays(friday, 3) == ProvinceTime.epoch(year: 2023, month: 11, day: 8, hour: 9))
        #expect(ProvinceTime.addWorkingDays(friday, 5) == ProvinceTime.epoch(year: 2023, month: 11, day: 10, hour: 9))
        let p = ProvinceFixture.province(dossiers: 3_000, seed: 3)
        let (dossiers, _) = p.snapshot()
        for d in dossiers where d.supplementRequest == 0 {
            let days = ProvinceFixture.catalog.procedures[Int(d.procedure)].durationDays
            guard days > 0 else { continue }
            #expect(ProvinceDossier.epoch(d.due) == ProvinceTime.addWorkingDays(ProvinceDossier.epoch(d.receive), days))
        }
    }

    @Test func dossierNumbersUseAgencyDateAndDailySequence() {
        let p = ProvinceFixture.province(dossiers: 5_000, seed: 9)
        let (dossiers, _) = p.snapshot()
        var seen = Set<String>()
        let pattern = /^\d{3}\.\d{2}\.\d{2}\.H20-\d{6}-\d{4}$/
        var firstOfDay = 0
        for d in dossiers {
            let no = p.dossierNo(of: d)
            #expect(no.wholeMatch(of: pattern) != nil, "\(no)")
            #expect(seen.insert(no).inserted)
            if d.sequence == 1 { firstOfDay += 1 }
        }
        #expect(firstOfDay > 100)
    }
}
