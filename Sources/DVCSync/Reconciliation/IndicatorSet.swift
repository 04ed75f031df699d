import Foundation

/// A count out of a total; `value` is nil when the total is 0.
public struct Ratio: Sendable, Hashable, Codable {
    /// Numerator.
    public var count: Int
    /// Denominator.
    public var total: Int

    /// A ratio from its parts.
    public init(count: Int, total: Int) {
        self.count = count
        self.total = total
    }

    /// `count / total`, or nil for an empty total.
    public var value: Double? { total > 0 ? Double(count) / Double(total) : nil }
}

/// Indicator 2.1 counts.
public struct TimelinessFigures: Sendable, Hashable, Codable {
    /// Finished before the appointment day.
    public var early: Int = 0
    /// On time.
    public var onTime: Int = 0
    /// Late.
    public var late: Int = 0

    /// An empty tally.
    public init(early: Int = 0, onTime: Int = 0, late: Int = 0) {
        self.early = early
        self.onTime = onTime
        self.late = late
    }

    /// Dossiers evaluated.
    public var total: Int { early + onTime + late }
    /// (early + on time) / total.
    public var onTimeRate: Double? { total > 0 ? Double(early + onTime) / Double(total) : nil }
}

/// Indicator 2.2: average processing time of finished dossiers started in the period.
public struct ProcessingTimeFigures: Sendable, Hashable, Codable {
    /// Finished dossiers measured.
    public var finished: Int
    /// Average elapsed hours (supplement time deducted).
    public var averageHours: Double?
    /// Average working days (weekends and holidays cut out, supplement time deducted).
    public var averageWorkingDays: Double?

    /// Figures from their parts.
    public init(finished: Int, averageHours: Double?, averageWorkingDays: Double?) {
        self.finished = finished
        self.averageHours = averageHours
        self.averageWorkingDays = averageWorkingDays
    }
}

/// Indicator 3.3: online dossiers weighted by the sync rate.
public struct OnlineShareFigures: Sendable, Hashable, Codable {
    /// Dossiers with `KenhThucHien` = "2" received in the period.
    public var online: Int
    /// Dossiers received in the period (portal side).
    public var received: Int
    /// Sync-rate factor applied (1.4 capped at 1; 1 when the source count is unknown).
    public var syncFactor: Double

    /// Figures from their parts.
    public init(online: Int, received: Int, syncFactor: Double) {
        self.online = online
        self.received = received
        self.syncFactor = syncFactor
    }

    /// online / received × sync factor.
    public var value: Double? { received > 0 ? Double(online) / Double(received) * syncFactor : nil }
}

/// Postal-service use among new dossiers.
public struct PostalFigures: Sendable, Hashable, Codable {
    /// Dossier sent by post, result collected at the desk.
    public var sendOnly: Int = 0
    /// Dossier filed otherwise, result returned by post.
    public var receiveOnly: Int = 0
    /// Both directions by post.
    public var both: Int = 0
    /// New dossiers in the period.
    public var newDossiers: Int = 0

    /// An empty tally.
    public init() {}

    /// Dossiers using the postal service in either direction.
    public var total: Int { sendOnly + receiveOnly + both }
    /// total / new dossiers.
    public var share: Double? { newDossiers > 0 ? Double(total) / Double(newDossiers) : nil }
}

/// The province's own published figures for the period.
public struct ProvinceFigures: Sendable, Hashable, Codable {
    /// Received before the period and still open at its start.
    public var carriedOver: Int
    /// Received in the period.
    public var newDossiers: Int
    /// Online share of the new dossiers (`KenhThucHien` = "2").
    public var onlineNew: Ratio
    /// Postal-service use among new dossiers.
    public var postal: PostalFigures
    /// Open at the as-of time and past `NgayHenTra`.
    public var overdueNow: Int

    /// Figures from their parts.
    public init(carriedOver: Int, newDossiers: Int, onlineNew: Ratio, postal: PostalFigures, overdueNow: Int) {
        self.carriedOver = carriedOver
        self.newDossiers = newDossiers
        self.onlineNew = onlineNew
        self.postal = postal
        self.overdueNow = overdueNow
    }

    /// Carried over + new.
    public var received: Int { carriedOver + newDossiers }
}

/// The 766 indicators and the province's figures for one agency or the whole province.
public struct IndicatorSet: Sendable, Hashable, Codable {
    /// Agency code, or "" for the province.
    public var agency: String
    /// Agency name as the dossiers give it (`DonViXuLy`), or "" for the province.
    public var agencyName: String
    /// 1.4: synced dossiers received in the period / received per the source; total 0 when the source count is unknown.
    public var syncRate: Ratio
    /// 2.1: early / on-time / late.
    public var timeliness: TimelinessFigures
    /// 2.2: average processing time.
    public var processingTime: ProcessingTimeFigures
    /// 3.3: online share weighted by the sync rate.
    public var onlineShare: OnlineShareFigures
    /// 3.6: paid online / dossiers with a payable fee.
    public var onlinePayment: Ratio
    /// 4.1: electronic result / finished dossiers whose procedure issues a result.
    public var electronicResult: Ratio
    /// 4.2: dossiers with submitted files (and an electronic result where one is due) / dossiers received.
    public var digitised: Ratio
    /// 4.3: dossiers reusing digitised components / dossiers received.
    public var reuse: Ratio
    /// 4.4: dossiers with a component taken from the citizen's data store / dossiers received.
    public var connected: Ratio
    /// Province figures (received, online, postal, overdue).
    public var province: ProvinceFigures
    /// Dossiers by current `TrangThaiHoSo` (received in the period or carried over).
    public var statusCounts: [String: Int]
    /// Dossiers received per local month `yyyy-MM` within the period.
    public var monthlyReceived: [String: Int]
}

/// Indicators for the whole province and per agency, for one period.
public struct IndicatorReport: Sendable, Hashable, Codable {
    /// The period.
    public var period: ReportPeriod
    /// Time the figures were taken at (overdue-now reference).
    public var asOf: Date
    /// Province totals.
    public var province: IndicatorSet
    /// One set per agency, sorted by agency code.
    public var agencies: [IndicatorSet]

    /// A report from its parts.
    public init(period: ReportPeriod, asOf: Date, province: IndicatorSet, agencies: [IndicatorSet]) {
        self.period = period
        self.asOf = asOf
        self.province = province
        self.agencies = agencies
    }
}
