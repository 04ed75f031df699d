import Foundation

/// Compares the source (a full scan through the connector, mapped as the engine maps it), the ledger and the portal
/// (`TraCuuHoSo` per dossier) and builds a `ReconciliationReport`; `repair(_:)` re-enqueues what the portal lacks
/// through the ordinary outbox.
public struct Reconciler: Sendable {
    /// Settings of one reconciliation.
    public struct Configuration: Sendable {
        /// Portal lookups in flight at once. Flag `--concurrency`; default 8.
        public var lookupConcurrency = 8
        /// Most portal lookups started per second; nil (default) = no limit. Flag `--rate`.
        public var lookupsPerSecond: Double?
        /// Reporting period, on the mapped `NgayTiepNhan`; nil (default) = every dossier, indicators up to as-of.
        public var period: ReportPeriod?
        /// Agency codes (the `MaHoSo` prefix before `-`) to keep; empty (default) = the whole province.
        public var agencies: [String] = []
        /// Comparison time; later source changes are listed as `newerThanAsOf`. nil (default) = the clock's now.
        public var asOf: Date?
        /// Limits the report is judged against (exit status of the command).
        public var thresholds = ReportThresholds()
        /// Settings of the indicator calculation.
        public var indicators = IndicatorCalculator.Configuration()
        /// Settings with the documented defaults.
        public init() {}
    }

    /// Settings in use.
    public let configuration: Configuration
    let engine: SyncEngine
    let ledger: Ledger
    let portal: PortalClient
    let source: any SourceConnector
    let mappingVersion: String
    let configDigest: String
    let clock: any SyncClock
    let random: any RandomSource

    /// A reconciler over an assembled gateway, on the gateway's clock and random source unless others are given.
    public init(gateway: Gateway, configuration: Configuration = Configuration(), clock: (any SyncClock)? = nil,
                random: (any RandomSource)? = nil) {
        self.configuration = configuration
        engine = gateway.engine
        ledger = gateway.ledger
        portal = gateway.portal
        source = gateway.source
        mappingVersion = gateway.mappings.version
        configDigest = Self.digest(gateway.configuration)
        self.clock = clock ?? gateway.clock
        self.random = random ?? gateway.random
    }

    /// Scans the source, reads the ledger, looks every dossier up on the portal and builds the report.
    public func reconcile() async throws -> Reconciliation {
        let asOf = configuration.asOf ?? clock.now
        let watermark = try ledger.cursor(stream: SyncStream.dossiers.rawValue)
        let scan = try await scanSource()
        let ledgerState = try LedgerState(ledger: ledger)
        let sourceKeys = Set(scan.dossiers.map(\.key))
        let selected = scan.dossiers.filter { keep(agency: $0.agency) && keep(received: $0.received) }
        let ledgerOnly = ledgerState.dossierHashes.keys.filter {
            !sourceKeys.contains($0) && keep(agency: Self.agency(of: $0))
        }
        let period = configuration.period ?? ReportPeriod(from: Date(timeIntervalSince1970: 0), to: asOf)
        let calculator = IndicatorCalculator(period: period, asOf: asOf, configuration: configuration.indicators)
        // Dossiers received before the period still count in its figures while they were open at its start
        // (carried over, 2.1, overdue now): they are looked up too, for the indicators only.
        let earlier = configuration.period == nil ? [] : scan.dossiers.filter { dossier in
            keep(agency: dossier.agency) && !keep(received: dossier.received)
                && calculator.reachesIntoPeriod(IndicatorDossier(mapped: dossier.mapped, steps: dossier.mappedSteps))
        }
        let lookupKeys = selected.map(\.key) + ledgerOnly.sorted() + earlier.map(\.key)
        let lookupStart = clock.now
        let holdings = try await lookUp(lookupKeys)
        let lookups = LookupTally(count: lookupKeys.count, seconds: clock.now.timeIntervalSince(lookupStart),
                                  limitPerSecond: configuration.lookupsPerSecond.flatMap { $0 > 0 ? $0 : nil },
                                  concurrency: max(1, configuration.lookupConcurrency))
        var comparison = compare(selected, holdings: holdings, ledger: ledgerState, asOf: asOf)
        comparison.add(unknown: ledgerOnly, holdings: holdings, ledger: ledgerState) { keep(received: $0) }
        comparison.add(failures: scan.failures.filter { keep(agency: Self.agency(of: $0.sourceKey)) })

        let present = Set(holdings.compactMap { $0.value == nil ? nil : $0.key })
        // The portal's own copies of dossiers the source no longer lists count too (1.4 then exceeds 100%).
        let unlisted = ledgerOnly.sorted().compactMap { key -> IndicatorDossier? in
            guard let stored = holdings[key] ?? nil else { return nil }
            return IndicatorDossier(mapped: PortalLookup.withoutSteps(stored),
                                    steps: stored["TienDoXuLy"]?.arrayValue ?? [])
        }
        let indicators = indicatorReport(scan.dossiers.filter { keep(agency: $0.agency) }, present: present,
                                         unlisted: unlisted, calculator: calculator)
        let unknown = comparison.discrepancies.filter { $0.bucket == .unknownToSource }.count
        var report = ReconciliationReport(
            runID: runID(asOf), period: period, asOf: asOf, agencyFilter: configuration.agencies,
            sourceWatermark: watermark, gatewayVersion: DVCSyncInfo.version, mappingVersion: mappingVersion,
            configDigest: configDigest,
            counts: SideCounts(source: selected.count, ledger: comparison.inLedger + unknown,
                               portal: comparison.onPortal, matched: comparison.matched),
            discrepancies: comparison.discrepancies, indicators: indicators, thresholds: configuration.thresholds)
        report.lookups = lookups
        return Reconciliation(report: report, repairs: comparison.repairs)
    }

    func keep(agency: String) -> Bool { configuration.agencies.isEmpty || configuration.agencies.contains(agency) }

    func keep(received: Date?) -> Bool {
        guard let period = configuration.period else { return true }
        return received.map(period.contains) ?? false
    }

    /// Agency code of a dossier number: the part before the first `-`.
    public static func agency(of maHoSo: String) -> String {
        maHoSo.firstIndex(of: "-").map { String(maHoSo[..<$0]) } ?? ""
    }

    func indicatorReport(_ dossiers: [ExpectedDossier], present: Set<String>, unlisted: [IndicatorDossier],
                         calculator: IndicatorCalculator) -> IndicatorReport
    {
        let period = calculator.period
        let onPortal = dossiers.filter { present.contains($0.key) }
            .map { IndicatorDossier(mapped: $0.mapped, steps: $0.mappedSteps) } + unlisted
        var received: [String: Int] = [:]
        for dossier in dossiers {
            let indicator = IndicatorDossier(mapped: dossier.mapped, steps: [])
            if let date = indicator.received, period.contains(date) { received[indicator.agency, default: 0] += 1 }
        }
        return calculator.compute(dossiers: onPortal, sourceReceived: received)
    }

    func runID(_ asOf: Date) -> String {
        let suffix = String(UInt32(random.nextUnit() * Double(UInt32.max)), radix: 16)
        return "reconcile-\(VietnamTime.portal(asOf))-\(suffix)"
    }

    /// Digest of the effective, non-secret settings (endpoints, accounts' names, mode, mappings).
    static func digest(_ configuration: GatewayConfiguration) -> String {
        let parts = [
            configuration.portal.authEndpoint, configuration.portal.integrationEndpoint,
            configuration.portal.shareEndpoint, configuration.portal.username, configuration.portal.madonvi,
            configuration.source.baseURL, configuration.source.groupId, configuration.source.username,
            configuration.source.mode.rawValue, configuration.mappingsDirectory, configuration.ledgerPath,
        ]
        return ContentHash.sha256Hex(parts.joined(separator: "\u{1F}"))
    }
}

/// A reconciliation: the report and what `Reconciler.repair(_:)` would re-enqueue.
public struct Reconciliation: Sendable {
    /// The report.
    public var report: ReconciliationReport
    /// Records to enqueue again, per dossier.
    let repairs: [RepairItem]

    /// Dossier numbers a repair would re-enqueue (missing, mismatched or behind on steps), sorted.
    public var repairableKeys: [String] { repairs.map(\.key).sorted() }
}
