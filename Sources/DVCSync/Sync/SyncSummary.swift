import Foundation

/// What one sync pass did.
public struct SyncSummary: Sendable, Codable {
    public var runID: Int64?
    /// Source records listed, by stream.
    public var pulled: [SyncStream: Int] = [:]
    /// List items skipped without fetching detail and logs.
    public var skippedUnchanged = 0
    /// Dossiers whose detail and logs were fetched.
    public var detailsFetched = 0
    /// Records whose source or mapped content changed, by stream.
    public var changed: [SyncStream: Int] = [:]
    /// Records enqueued for the portal, by stream.
    public var enqueued: [SyncStream: Int] = [:]
    /// Dry run: records that would be pushed, by stream.
    public var wouldPush: [SyncStream: Int] = [:]
    public var quarantined = 0
    public var push = PushTally()
    public var outboxDepth = 0

    public init() {}

    /// Adds what a page commit counted (`changed`, `enqueued`, `wouldPush`, `quarantined`) to this summary.
    mutating func absorbCommit(_ other: SyncSummary) {
        for (stream, count) in other.changed { changed[stream, default: 0] += count }
        for (stream, count) in other.enqueued { enqueued[stream, default: 0] += count }
        for (stream, count) in other.wouldPush { wouldPush[stream, default: 0] += count }
        quarantined += other.quarantined
    }

    /// Counts in the ledger's run format.
    public var counts: RunCounts {
        var counts = RunCounts()
        counts.pulled = pulled.values.reduce(0, +)
        counts.changed = changed.values.reduce(0, +)
        counts.pushed = push.delivered
        counts.failed = push.deadLettered
        counts.quarantined = quarantined
        return counts
    }
}
