extension Pusher {
    /// Sends due records of `streams` while a pull is still committing pages, so pushing overlaps pulling. Each
    /// worker leases from the first stream in `streams` that has a due record (a parent stream before its children);
    /// idle workers wait for `signal`. Returns once the pull has finished, nothing is due and no batch is in flight,
    /// or as soon as the in-flight batches are settled after `signal.stop()`.
    func drain(_ streams: [SyncStream], following signal: PushSignal) async throws {
        let workers = max(1, configuration.concurrency)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<workers {
                group.addTask { [self] in try await follow(streams, signal: signal) }
            }
            try await group.waitForAll()
        }
        try Task.checkCancellation()
    }

    private func follow(_ streams: [SyncStream], signal: PushSignal) async throws {
        while !Task.isCancelled {
            let seen = signal.snapshot
            if seen.stopped { break }
            signal.enter()
            var leased: [OutboxItem] = []
            var stream = SyncStream.dossiers
            do {
                for candidate in streams {
                    leased = try await lease(candidate)
                    stream = candidate
                    if !leased.isEmpty { break }
                }
                if !leased.isEmpty {
                    try await processLeased(leased, stream: stream)
                    settled(leased)
                }
            } catch {
                signal.leave(worked: true)
                throw error
            }
            signal.leave(worked: !leased.isEmpty)
            if !leased.isEmpty { continue }
            if seen.finished && signal.snapshot.busy == 0 { break }
            await signal.wait(after: seen.generation)
        }
        // A leaving worker may be the one another idle worker waits for before it can leave too.
        signal.bump()
    }
}
