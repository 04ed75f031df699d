import Foundation

extension SyncEngine {
    /// Sends the outbox records of `streams` whose back-off has ended, without pulling anything; returns the run's
    /// summary (recorded in the ledger as a run of `kind`). The daemon calls it between scheduled passes so a record
    /// put back after a transient failure goes out when its back-off ends, not at the next pull.
    public func pushWaiting(streams: [SyncStream], kind: String = "retry") async throws -> SyncSummary {
        try await recordingRun(kind: kind, streams: streams) { _ in
            // Parents first: a dossier's steps can only be leased once the dossier is on the portal.
            for stream in SyncStream.allCases where streams.contains(stream) {
                try await pusher.drain(stream)
            }
        }
    }
}
