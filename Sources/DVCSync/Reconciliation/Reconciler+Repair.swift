/// What a repair put back in the outbox.
public struct RepairSummary: Sendable, Hashable, Codable {
    /// Dossier records re-enqueued.
    public var dossiers = 0
    /// Step records re-enqueued.
    public var steps = 0
    /// Dead letters of those records taken out of the dead letters first.
    public var deadLettersCleared = 0
    /// An empty summary.
    public init() {}
}

extension Reconciler {
    /// Re-enqueues the missing and mismatched dossiers of `reconciliation` (with their steps) and missing steps through
    /// the ordinary outbox (`Ledger.forceRepublish`); the next sync run, or `engine.pusher.drain`, sends them.
    @discardableResult
    public func repair(_ reconciliation: Reconciliation) throws -> RepairSummary {
        var summary = RepairSummary()
        for item in reconciliation.repairs {
            for letter in item.deadLetters {
                summary.deadLettersCleared += try ledger.requeueDeadLetters(stream: letter.stream,
                                                                            sourceKey: letter.key).cleared
            }
            if let dossier = item.dossier {
                summary.dossiers += try ledger.forceRepublish(
                    stream: SyncStream.dossiers.rawValue, mappingVersion: mappingVersion, changes: [dossier],
                    portalHasThem: item.portalHasDossier)
            }
            if !item.steps.isEmpty {
                summary.steps += try ledger.forceRepublish(
                    stream: SyncStream.steps.rawValue, mappingVersion: mappingVersion, changes: item.steps,
                    portalHasThem: false)
            }
        }
        return summary
    }

    /// Sends what is in the outbox now: dossiers first, then steps (the same drain a sync run ends with).
    public func push() async throws -> PushTally {
        engine.pusher.resetCounts()
        try await engine.pusher.drain(.dossiers)
        try await engine.pusher.drain(.steps)
        return engine.pusher.counts
    }
}
