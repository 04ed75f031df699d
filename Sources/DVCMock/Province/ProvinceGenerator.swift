/// Deterministic, lazy generator of dossiers: an endless stream in submission order; the first
/// `configuration.dossiers` fall within the window and later ones arrive as the simulated clock advances.
public struct ProvinceGenerator: IteratorProtocol, Sendable {
    /// The catalogue dossiers are drawn from.
    public let catalog: ProvinceCatalog
    /// Parameters.
    public let configuration: ProvinceGeneratorConfiguration
    /// Index of the next dossier.
    public private(set) var index = 0
    /// End of the window: where the simulated clock starts (epoch seconds).
    public let windowEnd: Int64

    private let startDay: Int64
    private let secondsPerDossier: Double
    private let allWeights: [Int]
    private let onlineWeights: [Int]
    private let onlineProcedures: [Int]
    private var dailyCounters: [(day: Int64, count: UInt16)]

    static let workStart: Int64 = 7 * 3600 + 1800
    static let workSpan: Int64 = 9 * 3600

    /// A generator over `catalog` with `configuration`.
    public init(catalog: ProvinceCatalog, configuration: ProvinceGeneratorConfiguration) {
        self.catalog = catalog
        self.configuration = configuration
        let c = configuration
        startDay = ProvinceTime.daysFromCivil(c.startYear, c.startMonth, c.startDay)
        windowEnd = ProvinceTime.midnight(startDay + Int64(c.days))
        let workDays = ProvinceTime.workingDays(from: startDay, count: Int64(max(c.days, 1)))
        secondsPerDossier = Double(max(workDays, 1) * ProvinceGenerator.workSpan) / Double(max(c.dossiers, 1))
        var sum = 0
        allWeights = catalog.procedures.map { sum += max($0.weight, 1); return sum }
        onlineProcedures = catalog.procedures.indices.filter { catalog.procedures[$0].maxLevel >= 3 }
        var online = 0
        onlineWeights = onlineProcedures.map { online += max(catalog.procedures[$0].weight, 1); return online }
        dailyCounters = Array(repeating: (day: -1, count: 0), count: catalog.agencies.count)
    }

    /// The next dossier of the stream (never nil: the stream is unbounded).
    public mutating func next() -> ProvinceDossier? {
        let i = index
        index += 1
        var rng = SplitMix64(seed: configuration.seed, stream: 1, index: UInt64(i))
        return make(i, &rng)
    }

    private mutating func make(_ i: Int, _ rng: inout SplitMix64) -> ProvinceDossier {
        let c = configuration
        // Arrival: evenly spread over the working hours of working days, with jitter, in increasing order.
        let pos = (Double(i) + rng.unit()) * secondsPerDossier
        let k = Int64(pos) / ProvinceGenerator.workSpan
        let day = ProvinceTime.workingDay(from: startDay, index: k)
        let submit = ProvinceTime.midnight(day) + ProvinceGenerator.workStart + (Int64(pos) - k * ProvinceGenerator.workSpan)

        let u = rng.unit()
        let channel: UInt8 = u < c.onlineShare ? 2 : (u < c.onlineShare + c.postalSendShare ? 3 : 1)
        let procedure = channel == 2 ? onlineProcedures[pick(onlineWeights, &rng)] : pick(allWeights, &rng)
        let proc = catalog.procedures[procedure]
        let agency: Int
        switch proc.agencyKind {
        case "department": agency = catalog.agencyIndexByCode[proc.agencyCode] ?? 0
        case "district": agency = catalog.districtIndexes[rng.below(catalog.districtIndexes.count)]
        default: agency = catalog.communeIndexes[rng.below(catalog.communeIndexes.count)]
        }
        let returnShare = channel == 2 ? c.postalReturnGivenOnline
            : (channel == 3 ? c.postalReturnGivenSend : c.postalReturnGivenDirect)
        let resultByPost = rng.chance(returnShare)

        let hour: Int64 = 3600
        var receive: Int64
        switch channel {
        case 2: receive = ProvinceGenerator.nextWorkingTime(submit + Int64(rng.uniform(300, 20 * 3600)), &rng)
        case 3: receive = ProvinceGenerator.nextWorkingTime(submit + Int64(rng.uniform(20, 60) * Double(hour)), &rng)
        default: receive = submit + Int64(rng.uniform(60, 1200))
        }
        var due = proc.durationDays == 0
            ? max(ProvinceTime.midnight(ProvinceTime.dayNumber(receive)) + 17 * hour, receive + hour)
            : ProvinceTime.addWorkingDays(receive, proc.durationDays)
        let o = rng.unit()
        let outcome: ProvinceDossier.Outcome = o < c.cancelledShare ? .cancelled
            : (o < c.cancelledShare + c.deniedShare ? .denied : .done)
        let legal = Double(due - receive)
        var release = outcome == .done && rng.chance(c.lateShare)
            ? due + Int64(rng.uniform(1800, max(86_400, 0.3 * legal)))
            : receive + Int64(rng.uniform(0.15, 0.98) * legal)
        release = max(release, receive + 120)
        let span = Double(release - receive)
        var processStart: Int64 = rng.chance(c.processStepShare) ? receive + Int64(rng.uniform(0.2, 0.5) * span) : 0
        var payRequest: Int64 = 0, payDone: Int64 = 0
        if proc.feeVND > 0 && outcome == .done && rng.chance(c.payingShare) {
            payRequest = receive + Int64(rng.uniform(0.55, 0.7) * span)
            payDone = payRequest + Int64(rng.uniform(0.05, 0.25) * span) + 1
        }
        var supplementRequest: Int64 = 0, supplementReturn: Int64 = 0
        if rng.chance(c.supplementShare) {
            supplementRequest = receive + Int64(rng.uniform(0.05, 0.15) * span) + 1
            let pause = Int64(rng.uniform(1, 7) * 86_400)
            supplementReturn = supplementRequest + pause
            if processStart != 0 { processStart += pause }
            if payRequest != 0 { payRequest += pause; payDone += pause }
            release += pause
            due += pause
        }
        if outcome == .cancelled {
            release = receive + Int64(rng.uniform(0.1, 0.9) * Double(release - receive)) + 60
            if processStart >= release { processStart = 0 }
            if supplementReturn >= release { // withdrawn before the supplement came back: no pause after all
                due -= supplementReturn - supplementRequest
                supplementRequest = 0; supplementReturn = 0
            }
        }
        var finish: Int64 = 0
        if outcome == .done {
            finish = release + Int64(resultByPost ? rng.uniform(86_400, 3 * 86_400)
                : (channel == 2 ? rng.uniform(600, 2 * 86_400) : rng.uniform(3600, 5 * 86_400)))
        }
        let submitDay = ProvinceTime.dayNumber(submit)
        if dailyCounters[agency].day != submitDay { dailyCounters[agency] = (submitDay, 0) }
        dailyCounters[agency].count &+= 1
        let business = rng.chance(c.businessShare)
        var defect = ProvinceDefect.none
        if c.badShare > 0 && rng.chance(c.badShare) {
            defect = ProvinceDefect(rawValue: UInt8(1 + rng.below(ProvinceDefect.allCases.count - 1))) ?? .none
        }
        func inst(_ t: Int64) -> ProvinceDossier.Instant { t == 0 ? 0 : ProvinceDossier.instant(t) }
        return ProvinceDossier(
            dossierId: c.firstDossierId + Int32(i), seed: UInt32(truncatingIfNeeded: rng.next()),
            procedure: UInt16(procedure), agency: UInt16(agency), sequence: dailyCounters[agency].count,
            channel: channel, resultByPost: resultByPost, outcome: outcome, applicantKind: business ? 1 : 0,
            defect: defect, submit: inst(submit), receive: inst(receive), due: inst(due),
            supplementRequest: inst(supplementRequest), supplementReturn: inst(supplementReturn),
            processStart: inst(processStart), payRequest: inst(payRequest), payDone: inst(payDone),
            release: inst(release), finish: inst(finish))
    }

    private func pick(_ cumulative: [Int], _ rng: inout SplitMix64) -> Int {
        let target = rng.below(cumulative[cumulative.count - 1])
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > target { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }

    /// `t` if it falls in working hours, else a moment early in the next working morning.
    static func nextWorkingTime(_ t: Int64, _ rng: inout SplitMix64) -> Int64 {
        let d = ProvinceTime.dayNumber(t)
        let secondOfDay = t - ProvinceTime.midnight(d)
        if ProvinceTime.isWorkingDay(d) && secondOfDay >= workStart && secondOfDay < workStart + workSpan { return t }
        let nextDay = ProvinceTime.workingDay(from: secondOfDay < workStart ? d : d + 1, index: 0)
        return ProvinceTime.midnight(nextDay) + workStart + Int64(rng.uniform(0, 7200))
    }
}
