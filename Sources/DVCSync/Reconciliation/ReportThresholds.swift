import Foundation

/// Limits a reconciliation must stay within; a nil limit is not checked.
public struct ReportThresholds: Sendable, Hashable, Codable {
    /// Most dossiers allowed per failure bucket (default 0: any discrepancy fails the run).
    public var maxPerBucket: Int?
    /// Lowest acceptable sync rate (1.4) for the province (default 0.99).
    public var minSyncRate: Double?
    /// Lowest acceptable on-time rate (2.1) for the province (default nil: reported, not judged).
    public var minOnTimeRate: Double?
    /// Most dossiers open and past their appointment at the as-of time (default nil).
    public var maxOverdueNow: Int?

    /// Thresholds with the documented defaults.
    public init(maxPerBucket: Int? = 0, minSyncRate: Double? = 0.99, minOnTimeRate: Double? = nil, maxOverdueNow: Int? = nil) {
        self.maxPerBucket = maxPerBucket
        self.minSyncRate = minSyncRate
        self.minOnTimeRate = minOnTimeRate
        self.maxOverdueNow = maxOverdueNow
    }
}

/// One judged threshold.
public struct ThresholdCheck: Sendable, Hashable, Codable {
    /// Stable name, e.g. `bucket.missingOnPortal`, `indicator.syncRate`.
    public var name: String
    /// Observed value.
    public var observed: Double
    /// Limit.
    public var limit: Double
    /// True when the observed value is within the limit.
    public var passed: Bool

    /// A check from its parts.
    public init(name: String, observed: Double, limit: Double, passed: Bool) {
        self.name = name
        self.observed = observed
        self.limit = limit
        self.passed = passed
    }
}

extension ReconciliationReport {
    /// Every threshold judged against this report, in a fixed order.
    public func checks(_ thresholds: ReportThresholds) -> [ThresholdCheck] {
        var checks: [ThresholdCheck] = []
        if let limit = thresholds.maxPerBucket {
            let counts = bucketCounts
            for bucket in DiscrepancyBucket.allCases where bucket.isFailure {
                let observed = counts[bucket] ?? 0
                checks.append(ThresholdCheck(
                    name: "bucket.\(bucket.rawValue)", observed: Double(observed), limit: Double(limit),
                    passed: observed <= limit))
            }
        }
        let province = indicators.province
        if let limit = thresholds.minSyncRate, let rate = province.syncRate.value {
            checks.append(ThresholdCheck(name: "indicator.syncRate", observed: rate, limit: limit, passed: rate >= limit))
        }
        if let limit = thresholds.minOnTimeRate, let rate = province.timeliness.onTimeRate {
            checks.append(ThresholdCheck(name: "indicator.onTimeRate", observed: rate, limit: limit, passed: rate >= limit))
        }
        if let limit = thresholds.maxOverdueNow {
            let observed = province.province.overdueNow
            checks.append(ThresholdCheck(
                name: "province.overdueNow", observed: Double(observed), limit: Double(limit), passed: observed <= limit))
        }
        return checks
    }

    /// Checks against the report's own thresholds.
    public var checks: [ThresholdCheck] { checks(thresholds) }

    /// True when any threshold fails; the reconcile command exits non-zero then.
    public func exceedsThresholds(_ thresholds: ReportThresholds) -> Bool {
        checks(thresholds).contains { !$0.passed }
    }
}
