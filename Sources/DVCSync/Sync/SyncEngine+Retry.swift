import Foundation

extension SyncEngine {
    /// Sends the outbox records of `streams` whose back-off has ended, without pulling anything; returns the run's
    /// summary (recorded in the ledger as a run of `kind`). The daemon calls it between scheduled passes so a record
    /// put back after a transient failure goes out when its back-off ends, not at the next pull.
    public func pushWaiting(streams: [SyncStream], kind: String = "retry") async throws -> SyncSummary {
        try await recordingRun(kind: kind, streams: streams) { _ in
            try await drainEach(streams)
        }
    }

    /// Sends records of `streams` whose back-off ends within `settleSeconds` from now, waiting for each on the
    /// engine's clock; returns when none is due within that window (or the window has passed).
    func settle(_ streams: [SyncStream]) async throws {
        guard configuration.settleSeconds > 0 else { return }
        let deadline = clock.now.addingTimeInterval(configuration.settleSeconds)
        while let milliseconds = try ledger.nextDueTime() {
            let due = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
            guard due <= deadline else { return }
            let wait = due.timeIntervalSince(clock.now)
            if wait > 0 { try await clock.sleep(for: .milliseconds(Int64((wait * 1000).rounded(.up)))) }
            let before = pusher.counts
            try await drainEach(streams)
            let after = pusher.counts
            // Nothing could be leased (a stream this pass does not push): stop rather than spin.
            if after.requests == before.requests && after.rescheduled == before.rescheduled
                && after.deadLettered == before.deadLettered { return }
        }
    }

    /// Drains each of `streams`, parents first: a dossier's steps can only be leased once the dossier is on the portal.
    private func drainEach(_ streams: [SyncStream]) async throws {
        for stream in SyncStream.allCases where streams.contains(stream) {
            try await pusher.drain(stream)
        }
    }
}
