/// The province's dossiers in submission order plus the simulated clock; not thread-safe (`MockProvince` locks it).
public struct ProvinceStore: Sendable {
    /// Generated dossiers that exist at `now`, in dossierId order (which is also createDate order).
    public private(set) var dossiers: [ProvinceDossier]
    /// Simulated clock (epoch seconds).
    public private(set) var now: Int64
    private var generator: ProvinceGenerator
    private var upcoming: ProvinceDossier?

    /// Generates `configuration.dossiers` dossiers; the clock starts at the end of the window.
    public init(catalog: ProvinceCatalog, configuration: ProvinceGeneratorConfiguration) {
        generator = ProvinceGenerator(catalog: catalog, configuration: configuration)
        now = generator.windowEnd
        dossiers = []
        dossiers.reserveCapacity(configuration.dossiers)
        for _ in 0..<configuration.dossiers { if let d = generator.next() { dossiers.append(d) } }
        upcoming = generator.next()
        while let next = upcoming, ProvinceDossier.epoch(next.submit) <= now { dossiers.append(next); upcoming = generator.next() }
    }

    /// The compact clock instant.
    public var nowInstant: ProvinceDossier.Instant { ProvinceDossier.instant(now) }

    /// What one clock step did.
    public struct AdvanceResult: Sendable, Equatable {
        /// Clock before and after (epoch seconds).
        public var from: Int64, to: Int64
        /// New dossiers submitted in the step.
        public var arrived: Int
        /// Existing dossiers that changed (a new step or status) in the step.
        public var changed: Int
    }

    /// Moves the clock forward: open dossiers reach their next planned steps, and new dossiers arrive.
    public mutating func advance(bySeconds seconds: Int64) -> AdvanceResult {
        let from = now, fromInstant = nowInstant
        now += max(seconds, 0)
        let to = nowInstant
        var changed = 0
        for d in dossiers where d.modified(at: to) > fromInstant { changed += 1 }
        var arrived = 0
        while let next = upcoming, ProvinceDossier.epoch(next.submit) <= now {
            dossiers.append(next); arrived += 1
            upcoming = generator.next()
        }
        return AdvanceResult(from: from, to: now, arrived: arrived, changed: changed)
    }

    /// Records an edit of the dossier at `index` made at `t` (epoch seconds; may lie before `now`, as a late write).
    public mutating func edit(index: Int, at t: Int64) {
        dossiers[index].revision &+= 1
        if dossiers[index].revision == 0 { dossiers[index].revision = 1 }
        dossiers[index].edited = ProvinceDossier.instant(min(t, now))
    }

    /// Index of a dossier by id, if it exists.
    public func index(ofId id: Int64) -> Int? {
        guard let first = dossiers.first else { return nil }
        let i = id - Int64(first.dossierId)
        return i >= 0 && i < Int64(dossiers.count) ? Int(i) : nil
    }

    /// Index of the first dossier submitted at or after `t` (binary search on submission order).
    func firstIndex(submittedFrom t: ProvinceDossier.Instant) -> Int {
        var lo = 0, hi = dossiers.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if dossiers[mid].submit < t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
