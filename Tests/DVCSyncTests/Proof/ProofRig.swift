import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// The mock portal and province in this process, and the real `dvcsync daemon` on them as a child process.
struct ProofRig {
    let harness: GatewayHarness
    let daemon: DaemonProcess
    /// Configuration values on top of the harness's (the daemon's file holds both).
    let extra: [String: String]

    /// Starts the mocks (`dossiers` over `days` days) and the daemon with `extra`.
    static func start(dossiers: Int, days: Int, portalScenario: Scenario = .happy, extra: [String: String]) async throws
        -> ProofRig
    {
        let harness = try await GatewayHarness.start(dossiers: dossiers, days: days, portalScenario: portalScenario)
        do {
            let daemon = try await DaemonProcess.start(values: harness.values().merging(extra) { _, new in new },
                                                       directory: harness.directory)
            return ProofRig(harness: harness, daemon: daemon, extra: extra)
        } catch {
            await harness.stop()
            throw error
        }
    }

    var portalServer: MockHTTPServer { harness.mocks.portalServer }
    var portal: MockPortal { harness.mocks.portal }
    var province: MockProvince { harness.mocks.province }

    /// The configuration the daemon read (the same values, parsed by the same code).
    var configuration: GatewayConfiguration { get throws { try harness.configuration(extra: extra) } }

    /// Stops the daemon (SIGTERM) and the mocks; returns the daemon's exit status.
    @discardableResult
    func stop() async -> Int32? {
        let status = await daemon.stop()
        await harness.stop()
        return status
    }

    /// Finished passes of every job.
    /// Scheduled sync passes (job `dossiers`): each pulls, so of two that end after a change one has seen it.
    static func passes(_ metrics: MetricSamples) -> Double {
        metrics.total("dvcsync_passes_total", label: #"job="dossiers""#)
    }

    /// Every pass that pushes: the scheduled ones and the daemon's push-only `retry` passes (for attempt bounds).
    static func pushingPasses(_ metrics: MetricSamples) -> Double {
        passes(metrics) + metrics.total("dvcsync_passes_total", label: #"job="retry""#)
    }

    /// Scrapes until the outbox is empty and at least two passes finished after `passes` (so one of them started
    /// after whatever the test changed); nil when that did not happen within `timeout` seconds.
    func waitUntilSettled(after passes: Double, timeout: Double) async -> MetricSamples? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline, daemon.isRunning {
            if let metrics = await daemon.metrics(), Self.passes(metrics) >= passes + 2,
               metrics.total("dvcsync_outbox_depth") == 0
            {
                return metrics
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return nil
    }

    /// Finished scheduled passes now. A failed scrape is tried again (a slow answer under load must not read as 0
    /// passes, which would make the next wait settle on passes that ended long ago).
    func passesNow() async -> Double { await scrape(Self.passes) }

    /// Finished passes that push (scheduled and retry passes) now.
    func pushingPassesNow() async -> Double { await scrape(Self.pushingPasses) }

    private func scrape(_ read: (MetricSamples) -> Double) async -> Double {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, daemon.isRunning {
            if let metrics = await daemon.metrics() { return read(metrics) }
            try? await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("the daemon's /metrics gave no answer for 60 s (running: \(daemon.isRunning))")
        return .infinity
    }

    /// Sequence number of the portal's last journal entry.
    var lastSequence: Int { portalServer.requests().last?.sequence ?? 0 }

    /// Portal journal entries after `sequence`.
    func journal(after sequence: Int) -> [MockJournalEntry] {
        portalServer.requests().filter { $0.sequence > sequence }
    }

    /// A full reconciliation (source scan, ledger, a portal lookup per dossier) from this process, on the daemon's
    /// ledger; with `repair`, what the portal lacks is put back in the outbox for the daemon to send.
    func reconcile(repair: Bool = false) async throws -> Reconciliation {
        let gateway = try harness.makeGateway(extra: extra)
        defer { gateway.shutdown() }
        let reconciler = Reconciler(gateway: gateway)
        let result = try await reconciler.reconcile()
        if repair { try reconciler.repair(result) }
        return result
    }

    /// Dead letters in the daemon's ledger.
    func deadLetters() throws -> [DeadLetter] { try Ledger(path: harness.ledgerPath).deadLetters() }

    /// Checks, without a request, that each of `keys` is on the portal exactly as the daemon's ledger last mapped it
    /// and recorded it delivered; that nothing waits, nothing was given up on and no dossier was created twice.
    func expectDelivered(_ keys: Set<String>, phase: String,
                         sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let ledger = try Ledger(path: harness.ledgerPath)
        let records = Dictionary(uniqueKeysWithValues: try ledger.recordHashes(stream: SyncStream.dossiers.rawValue)
            .map { ($0.key, $0) })
        for key in keys.sorted() {
            guard let record = records[key], var members = portal.dossier(key)?.objectValue else {
                Issue.record("\(phase): dossier \(key) is not on the portal", sourceLocation: sourceLocation)
                continue
            }
            members["TienDoXuLy"] = nil
            #expect(ContentHash.of(.object(members)) == record.mappedHash, "\(phase): \(key) differs on the portal",
                    sourceLocation: sourceLocation)
            #expect(record.remoteHash == record.mappedHash, "\(phase): \(key) not recorded as delivered",
                    sourceLocation: sourceLocation)
        }
        #expect(try ledger.outboxDepth() == 0, "\(phase): records still waiting", sourceLocation: sourceLocation)
        let dead = try ledger.deadLetters()
        #expect(dead.isEmpty, "\(phase): dead letters \(dead.prefix(3))", sourceLocation: sourceLocation)
        #expect(portal.snapshot()["DongBoHoSoMC"].duplicates == 0, "\(phase): a dossier was created twice",
                sourceLocation: sourceLocation)
    }
}

/// Runs `body` with a rig and always stops it.
func withProofRig(dossiers: Int, days: Int, portalScenario: Scenario = .happy, extra: [String: String],
                  _ body: (ProofRig) async throws -> Void) async throws {
    let rig = try await ProofRig.start(dossiers: dossiers, days: days, portalScenario: portalScenario, extra: extra)
    do {
        try await body(rig)
        await rig.stop()
    } catch {
        await rig.stop()
        throw error
    }
}
