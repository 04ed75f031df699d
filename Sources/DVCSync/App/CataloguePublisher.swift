import Foundation

/// A one-off catalogue publish: maps the procedures with the publication decision, shows the difference with what
/// the portal holds, then pushes through the normal outbox.
public struct CataloguePublisher: Sendable {
    /// How the file or source compares with the ledger.
    public struct Diff: Sendable, Codable {
        public var new: [String] = []
        public var changed: [String] = []
        public var unchanged: [String] = []
        /// On the portal (per the ledger) but not in this publication.
        public var absent: [String] = []
        /// Procedures that could not be mapped, with the reason.
        public var unmappable: [String: String] = [:]
        /// Procedures the mapping leaves out on purpose (`unmapped: skip`), with the reason; never sent.
        public var skipped: [String: String] = [:]
    }

    /// Outcome of a publish.
    public struct Outcome: Sendable {
        public var accepted: Int
        /// Refused procedures with the portal's reason.
        public var refused: [(code: String, reason: String)]
        public var waiting: Int
    }

    let ledger: Ledger
    let engine: SyncEngine
    let source: any SourceConnector
    let mapper: any RecordMapper
    let decision: PublicationDecision

    public init(gateway: Gateway, source: any SourceConnector, decision: PublicationDecision) {
        var configuration = gateway.configuration.engine
        configuration.decision = decision
        ledger = gateway.ledger
        mapper = gateway.mappings
        self.source = source
        self.decision = decision
        engine = SyncEngine(configuration: configuration, ledger: gateway.ledger, portal: gateway.portal,
                            source: source, mapper: gateway.mappings, clock: gateway.clock, random: gateway.random)
    }

    /// Compares the procedures with what the portal holds, without writing anything.
    public func diff() async throws -> Diff {
        var diff = Diff()
        let remote = Dictionary(uniqueKeysWithValues: try ledger.recordHashes(stream: SyncStream.catalogue.rawValue)
            .map { ($0.key, $0.remoteHash) })
        var versions = CatalogueVersions()
        for procedure in try await source.procedures() {
            let code = procedure["serviceCode"]?.scalarText ?? "?"
            switch mapper.mapProcedure(engine.withDecision(procedure)) {
            case .failure(let failure) where failure.code == RecordFailure.skippedCode:
                diff.skipped[code] = "\(failure.field): \(failure.message)"
            case .failure(let failure):
                diff.unmappable[code] = "\(failure.field): \(failure.message)"
            case .success(let mapped):
                let key = mapped["MATTHC"]?.scalarText ?? code
                versions.add(key: key, sourceKey: code, change: engine.change(key: key, sourceHash: "", mapped: mapped))
            }
        }
        for change in versions.changes {
            switch remote[change.sourceKey] {
            case .none, .some(.none): diff.new.append(change.sourceKey)
            case .some(.some(let hash)):
                if hash == change.mappedHash {
                    diff.unchanged.append(change.sourceKey)
                } else {
                    diff.changed.append(change.sourceKey)
                }
            }
        }
        for (key, sourceKeys) in versions.conflicts {
            diff.unmappable[key] = "MATTHC: " + CatalogueVersions.message(key: key, count: sourceKeys.count)
        }
        let seen = Set(versions.changes.map(\.sourceKey) + versions.conflicts.map(\.key))
        diff.absent = remote.compactMap { $0.value != nil && !seen.contains($0.key) ? $0.key : nil }.sorted()
        return diff
    }

    /// Publishes; `progress(done, total)` is called when the push starts and after each batch: `total` is the
    /// procedures the push decides on (those due in the outbox once the publication is committed: new and changed
    /// ones, and earlier ones whose retry is due), `done` those already delivered, refused or put back for later.
    public func publish(progress: @escaping @Sendable (_ done: Int, _ total: Int) -> Void) async throws -> Outcome {
        let stream = SyncStream.catalogue.rawValue
        let before = Set(try ledger.deadLetters(limit: 1_000_000).filter { $0.stream == stream }.map(\.id))
        let tracker = PushProgress(report: progress)
        engine.pusher.observeSettled { items in tracker.decided(items.map(\.id)) }
        defer { engine.pusher.observeSettled(nil) }
        let summary = try await engine.run(streams: [.catalogue], kind: "publish") { [ledger] in
            tracker.expect(try ledger.dueOutboxIDs(stream: stream))
        }
        let refused = try ledger.deadLetters(limit: 1_000_000)
            .filter { $0.stream == stream && !before.contains($0.id) }
            .map { (code: $0.sourceKey, reason: $0.reason) }
        return Outcome(accepted: summary.push.delivered, refused: refused,
                       waiting: try ledger.outboxDepth(stream: stream))
    }
}
