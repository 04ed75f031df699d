import Foundation

/// One pass of the gateway: pull each stream page by page, map, hash, commit each page with its cursor in one ledger
/// transaction, then drain the outbox to the portal.
public final class SyncEngine: Sendable {
    /// Engine settings.
    public struct Configuration: Sendable {
        /// Outbox draining.
        public var push = Pusher.Configuration()
        /// When true, nothing is written or sent: the run reports what would be pushed. Key: flag `--dry-run`.
        public var dryRun = false
        /// The publication decision attached to every procedure (required by the portal for catalogue packets).
        public var decision: PublicationDecision?
        /// After the pull, the pass keeps sending records put back after a transient failure whose back-off ends
        /// within this many seconds, so a short hiccup (an expired session, one 503) does not leave them for the
        /// next pass. Key `push.settleSeconds`; default 10; 0 ends the pass at once. The daemon uses 0 when it sends
        /// waiting records itself (`daemon.retryWaiting`).
        public var settleSeconds = 10.0
        public init() {}
    }

    public let configuration: Configuration
    let ledger: Ledger
    let source: any SourceConnector
    let mapper: any RecordMapper
    public let pusher: Pusher
    let clock: any SyncClock

    public init(configuration: Configuration, ledger: Ledger, portal: PortalClient, source: any SourceConnector,
                mapper: any RecordMapper, clock: any SyncClock, random: any RandomSource) {
        self.configuration = configuration
        self.ledger = ledger
        self.source = source
        self.mapper = mapper
        self.clock = clock
        self.pusher = Pusher(configuration: configuration.push, ledger: ledger, portal: portal, clock: clock,
                             random: random)
    }

    /// Cleans up after a process that ended abruptly: closes its runs and marks its leased rows ambiguous, so they
    /// are looked up before being sent again. Call once at start, while holding the instance lock.
    public func recover() throws -> (abandonedRuns: Int, releasedLeases: Int) {
        (try ledger.abandonStaleRuns(), try ledger.releaseLeases())
    }

    /// Pulls and pushes `streams`; returns the run's summary. The run is recorded in the ledger. The catalogue is
    /// pulled and pushed first (dossiers name its procedures); dossier and step pages are pushed while later pages are
    /// still being pulled.
    public func run(streams: [SyncStream] = SyncStream.allCases, kind: String = "sync") async throws -> SyncSummary {
        try await run(streams: streams, kind: kind, beforeCataloguePush: nil)
    }

    /// `run(streams:kind:)`, calling `beforeCataloguePush` once the catalogue is committed, before it is pushed.
    func run(streams: [SyncStream], kind: String, beforeCataloguePush: (() throws -> Void)?) async throws
        -> SyncSummary
    {
        try await recordingRun(kind: configuration.dryRun ? nil : kind, streams: streams) { summary in
            if streams.contains(.catalogue) {
                try await pullCatalogue(into: &summary)
                if !configuration.dryRun {
                    try beforeCataloguePush?()
                    try await pusher.drain(.catalogue)
                }
            }
            if streams.contains(.dossiers) || streams.contains(.steps) {
                let pushed: [SyncStream] = streams.contains(.steps) ? [.dossiers, .steps] : [.dossiers]
                try await pullDossiers(into: &summary, pushing: configuration.dryRun ? [] : pushed)
            }
            if !configuration.dryRun { try await settle(streams) }
        }
    }

    /// Runs `body` as a run of `kind` in the ledger (none when `kind` is nil, as in a dry run): the run is closed as
    /// succeeded, interrupted or failed with the error's code, and the summary carries the pusher's counts.
    func recordingRun(kind: String?, streams: [SyncStream],
                      _ body: (inout SyncSummary) async throws -> Void) async throws -> SyncSummary {
        var summary = SyncSummary()
        let runID = try kind.map {
            try ledger.startRun(kind: $0, streams: streams.map(\.rawValue), mappingVersion: mapper.version)
        }
        summary.runID = runID
        pusher.resetCounts()
        do {
            try await body(&summary)
            if !configuration.dryRun {
                summary.push = pusher.counts
                summary.outboxDepth = try ledger.outboxDepth()
            }
            if let runID {
                try ledger.finishRun(runID, status: "succeeded", counts: summary.counts)
                try ledger.checkpoint()
            }
            return summary
        } catch {
            summary.push = pusher.counts
            if let runID {
                let status = error is CancellationError || Task.isCancelled ? "interrupted" : "failed"
                let message = (error as? any CodedError)?.description ?? String(describing: type(of: error))
                try? ledger.finishRun(runID, status: status, counts: summary.counts, message: message)
            }
            throw error
        }
    }

    func pullCatalogue(into summary: inout SyncSummary) async throws {
        let procedures = try await source.procedures()
        let page = mapProcedures(procedures)
        summary.pulled[.catalogue, default: 0] += procedures.count
        try commit([(SyncStream.catalogue, page.changes)], quarantined: page.failures, cursor: nil, summary: &summary)
        if !configuration.dryRun {
            _ = try ledger.clearQuarantine(stream: SyncStream.catalogue.rawValue, sourceKeys: page.mapped)
        }
    }

    /// Pulls dossier pages; with `pushing` streams, a pusher drains them concurrently, woken by each committed page.
    /// If the pull fails, the pusher settles the batches it has in flight and leases nothing more.
    func pullDossiers(into summary: inout SyncSummary, pushing: [SyncStream]) async throws {
        let signal = PushSignal()
        let box = Locked(summary)
        try await withThrowingTaskGroup(of: Void.self) { group in
            if !pushing.isEmpty {
                group.addTask { [pusher] in
                    do {
                        try await pusher.drain(pushing, following: signal)
                    } catch {
                        signal.fail(error)
                        throw error
                    }
                }
            }
            do {
                try await scanDossiers(into: box, signal: signal)
            } catch {
                signal.stop()
                try? await group.waitForAll()
                throw error
            }
            signal.finish()
            try await group.waitForAll()
        }
        summary = box.current
    }

    /// Pulls dossier pages; each page is mapped while the page before it is committed (on another thread), and
    /// pages are committed in order, each with its cursor, so a crash still leaves the cursor at a committed page.
    private func scanDossiers(into box: Locked<SyncSummary>, signal: PushSignal) async throws {
        let cursor = try ledger.cursor(stream: SyncStream.dossiers.rawValue)
        let pending = Locked<MappingPage?>(nil)
        let savedCursor = Locked<String?>(cursor)
        let commitPage: @Sendable (MappingPage) async throws -> Void = { [self] previous in
            let mapped = await previous.mapped.value
            box.withLock { summary in
                summary.pulled[.dossiers, default: 0] += previous.page.listed
                summary.skippedUnchanged += previous.page.unchanged
                summary.detailsFetched += previous.page.items.count
            }
            // A page with nothing changed and the cursor where it is needs no transaction (nor its fsync).
            let nothing = mapped.dossiers.isEmpty && mapped.steps.isEmpty && mapped.failures.isEmpty
                && (previous.page.cursor == nil || previous.page.cursor == savedCursor.withLock { $0 })
            if nothing && !configuration.dryRun { return }
            // Pages are committed one at a time (the next waits for this one), so their cursors stay in order.
            let committed = try await ledger.perform { _ in
                var delta = SyncSummary()
                try self.commit([(.dossiers, mapped.dossiers), (.steps, mapped.steps)], quarantined: mapped.failures,
                                cursor: previous.page.cursor, summary: &delta)
                return delta
            }
            box.withLock { $0.absorbCommit(committed) }
            if let moved = previous.page.cursor { savedCursor.withLock { $0 = moved } }
            signal.bump()
        }
        do {
            try await source.scanDossiers(cursor: cursor, knownHashes: { [ledger] keys in
                try await ledger.perform { try $0.sourceHashes(stream: SyncStream.dossiers.rawValue, keys: keys) }
            }, page: { [self] page in
                try Task.checkCancellation()
                try signal.check()
                let current = MappingPage(page: page, mapped: Task { mapDossiers(page.items) })
                if let previous = pending.withLock({ $0 }) { try await commitPage(previous) }
                pending.withLock { $0 = current }
            })
            if let last = pending.withLock({ $0 }) { try await commitPage(last) }
        } catch {
            pending.withLock { $0 }?.mapped.cancel()
            throw error
        }
    }

    func commit(_ batches: [(SyncStream, [RecordChange])], quarantined: [QuarantineEntry], cursor: String?,
                summary: inout SyncSummary) throws {
        if configuration.dryRun {
            for (stream, changes) in batches {
                let known = try ledger.remoteHashes(stream: stream.rawValue, keys: changes.map(\.sourceKey))
                summary.wouldPush[stream, default: 0] += changes.filter { known[$0.sourceKey] != $0.mappedHash }.count
            }
            summary.quarantined += quarantined.count
            return
        }
        let results = try ledger.applyPage(batches.map { ($0.0.rawValue, $0.1) }, mappingVersion: mapper.version,
                                           quarantined: quarantined, cursorStream: SyncStream.dossiers.rawValue,
                                           cursor: cursor)
        for (stream, result) in results {
            guard let kind = SyncStream(rawValue: stream) else { continue }
            summary.changed[kind, default: 0] += result.changed
            summary.enqueued[kind, default: 0] += result.enqueued
            summary.quarantined += result.quarantined
        }
    }
}

/// A pulled page and the task mapping it.
struct MappingPage: Sendable {
    let page: DossierPage
    let mapped: Task<SyncEngine.MappedDossiers, Never>
}
