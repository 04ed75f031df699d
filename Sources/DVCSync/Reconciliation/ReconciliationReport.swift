import Foundation

/// The buckets a reconciled dossier can fall into when source, ledger and portal disagree.
public enum DiscrepancyBucket: String, Sendable, Codable, CaseIterable, Comparable {
    /// In the source, absent from the portal.
    case missingOnPortal
    /// On the portal (or in the ledger), unknown to the source.
    case unknownToSource
    /// Present on both sides with different content.
    case contentMismatch
    /// Portal status or progress steps behind the source.
    case statusBehind
    /// Change waiting in the outbox (not yet pushed).
    case pendingInOutbox
    /// Push given up after retries.
    case deadLettered
    /// Record held back by validation or mapping.
    case quarantined
    /// Changed after the as-of time: listed apart, not a failure.
    case newerThanAsOf

    /// Buckets that count as failures (all but `newerThanAsOf` and `pendingInOutbox`).
    public var isFailure: Bool { self != .newerThanAsOf && self != .pendingInOutbox }

    /// Report order: the order of `allCases`.
    public static func < (lhs: DiscrepancyBucket, rhs: DiscrepancyBucket) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// One differing field: source (expected) value and portal (actual) value; nil = absent on that side.
public struct FieldDifference: Sendable, Hashable, Codable {
    /// Path such as `TaiLieuNop[0].TenTepDinhKem`.
    public var field: String
    /// Value in the source / expected record (scalars as text, containers as canonical JSON).
    public var sourceValue: String?
    /// Value on the portal / actual record.
    public var portalValue: String?

    /// A difference from its parts.
    public init(field: String, sourceValue: String?, portalValue: String?) {
        self.field = field
        self.sourceValue = sourceValue
        self.portalValue = portalValue
    }
}

/// One dossier in a discrepancy bucket.
public struct Discrepancy: Sendable, Hashable, Codable {
    /// Bucket.
    public var bucket: DiscrepancyBucket
    /// Dossier number.
    public var maHoSo: String
    /// Agency code.
    public var agency: String
    /// Differing fields (content mismatch, status behind).
    public var fields: [FieldDifference]
    /// Why the dossier is here, in words for the operator (no payloads, no secrets).
    public var reason: String
    /// When the portal last accepted the gateway's version of the dossier (from the ledger); nil if it never did.
    public var lastPushAt: Date?
    /// HTTP status of the last failed attempt of the dossier's records waiting in the outbox, when it was one.
    public var httpStatus: Int?
    /// Error class of the last failure (e.g. `transport.timeout`), when known.
    public var errorCode: String?

    /// A discrepancy from its parts.
    public init(
        bucket: DiscrepancyBucket, maHoSo: String, agency: String, fields: [FieldDifference] = [], reason: String,
        lastPushAt: Date? = nil, httpStatus: Int? = nil, errorCode: String? = nil
    ) {
        self.bucket = bucket
        self.maHoSo = maHoSo
        self.agency = agency
        self.fields = fields
        self.reason = reason
        self.lastPushAt = lastPushAt
        self.httpStatus = httpStatus
        self.errorCode = errorCode
    }
}

/// Record counts on each side of the comparison.
/// The portal look-ups (`TraCuuHoSo`) behind a report: how many, how long, under which rate limit.
public struct LookupTally: Sendable, Hashable, Codable {
    /// Look-ups made.
    public var count: Int
    /// Wall time of all look-ups, in seconds.
    public var seconds: Double
    /// Configured look-ups started per second (`reconcile.lookupsPerSecond`); nil = no limit.
    public var limitPerSecond: Double?
    /// Configured look-ups in flight.
    public var concurrency: Int

    /// A tally from its parts.
    public init(count: Int, seconds: Double, limitPerSecond: Double?, concurrency: Int) {
        self.count = count
        self.seconds = seconds
        self.limitPerSecond = limitPerSecond
        self.concurrency = concurrency
    }
}

public struct SideCounts: Sendable, Hashable, Codable {
    /// Dossiers in the source for the period and filter.
    public var source: Int
    /// Dossiers in the gateway's ledger.
    public var ledger: Int
    /// Dossiers on the portal.
    public var portal: Int
    /// Identical on all sides.
    public var matched: Int

    /// Counts from their parts.
    public init(source: Int, ledger: Int, portal: Int, matched: Int) {
        self.source = source
        self.ledger = ledger
        self.portal = portal
        self.matched = matched
    }
}

/// The result of reconciling source, ledger and portal for one period: counts, discrepancies and indicators.
public struct ReconciliationReport: Sendable, Hashable, Codable {
    /// Identifier of the run.
    public var runID: String
    /// Reporting period.
    public var period: ReportPeriod
    /// Time the comparison was taken at; later changes are listed as `newerThanAsOf`.
    public var asOf: Date
    /// Agency codes the report is limited to; empty = the whole province.
    public var agencyFilter: [String]
    /// Source cursor at the as-of time, when known.
    public var sourceWatermark: String?
    /// Gateway version.
    public var gatewayVersion: String
    /// Mapping version.
    public var mappingVersion: String
    /// Digest of the effective configuration (never the configuration itself).
    public var configDigest: String
    /// Counts per side.
    public var counts: SideCounts
    /// Discrepancies, sorted by bucket, agency and dossier number.
    public var discrepancies: [Discrepancy]
    /// 766 indicators and province figures.
    public var indicators: IndicatorReport
    /// Thresholds the report was judged against.
    public var thresholds: ReportThresholds
    /// Portal look-ups made for the report and how long they took (nil for reports built without look-ups).
    public var lookups: LookupTally?

    /// A report; discrepancies are put in deterministic order.
    public init(
        runID: String, period: ReportPeriod, asOf: Date, agencyFilter: [String] = [], sourceWatermark: String? = nil,
        gatewayVersion: String, mappingVersion: String, configDigest: String, counts: SideCounts,
        discrepancies: [Discrepancy], indicators: IndicatorReport, thresholds: ReportThresholds = ReportThresholds()
    ) {
        self.runID = runID
        self.period = period
        self.asOf = asOf
        self.agencyFilter = agencyFilter.sorted()
        self.sourceWatermark = sourceWatermark
        self.gatewayVersion = gatewayVersion
        self.mappingVersion = mappingVersion
        self.configDigest = configDigest
        self.counts = counts
        self.discrepancies = discrepancies.sorted {
            ($0.bucket, $0.agency, $0.maHoSo) < ($1.bucket, $1.agency, $1.maHoSo)
        }
        self.indicators = indicators
        self.thresholds = thresholds
    }

    /// Number of discrepancies per bucket (every bucket present, 0 when empty).
    public var bucketCounts: [DiscrepancyBucket: Int] {
        var counts = Dictionary(uniqueKeysWithValues: DiscrepancyBucket.allCases.map { ($0, 0) })
        for item in discrepancies { counts[item.bucket, default: 0] += 1 }
        return counts
    }

    /// Discrepancies per agency, failures only (`newerThanAsOf` and `pendingInOutbox` excluded).
    public var failuresByAgency: [String: Int] {
        var counts: [String: Int] = [:]
        for item in discrepancies where item.bucket.isFailure { counts[item.agency, default: 0] += 1 }
        return counts
    }

    /// Share of source dossiers in a bucket (nil when the source is empty).
    public func share(of bucket: DiscrepancyBucket) -> Double? {
        counts.source > 0 ? Double(bucketCounts[bucket] ?? 0) / Double(counts.source) : nil
    }
}
