import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation

/// The in-process mocks seen through `ObservedService`, and `dvcsync sync` processes started, aimed at and killed.
struct CrashRig: Sendable {
    let harness: GatewayHarness
    let plan: CrashPlan
    let portal: ObservedService
    let source: ObservedService
    let portalServer: MockHTTPServer
    let sourceServer: MockHTTPServer
    let configuration: URL

    /// How long the portal holds a login (the window between the committed pull and the first push), in ms.
    static let loginHoldMilliseconds = 150

    /// Serves the harness's portal and province again, observed, and writes the gateway's configuration.
    static func start(harness: GatewayHarness, plan: CrashPlan) async throws -> CrashRig {
        var settings = ObservedService.Configuration()
        settings.heldOperations = CrashPhase.writeOperations
        settings.holdBeforeShare = 0.35
        settings.holdAfterShare = 0.35
        settings.holdMilliseconds = 15...60
        settings.alwaysHeldBefore = ["login": loginHoldMilliseconds]
        settings.seed = plan.seed
        let portal = ObservedService(harness.mocks.portal, configuration: settings)
        let source = ObservedService(harness.mocks.province)
        let portalServer = try await MockHTTPServer.start(service: portal, configuration: .init(name: "portal"))
        let sourceServer: MockHTTPServer
        do {
            sourceServer = try await MockHTTPServer.start(service: source, configuration: .init(name: "source"))
        } catch {
            try? await portalServer.shutdown()
            throw error
        }
        let configuration = try harness.writeConfiguration([
            "portal.adapterBase": portalServer.baseURL.absoluteString,
            "source.baseURL": sourceServer.baseURL.absoluteString + "/o/rest/v2",
            "push.batchSize": String(plan.batchSize), "push.concurrency": "2",
            "source.pageSize": String(plan.pageSize),
        ])
        return CrashRig(harness: harness, plan: plan, portal: portal, source: source, portalServer: portalServer,
                        sourceServer: sourceServer, configuration: configuration)
    }

    func stop() async {
        try? await portalServer.shutdown()
        try? await sourceServer.shutdown()
    }

    /// How a round ended.
    enum Round {
        case killed(CrashPhase, detail: String)
        case finished(seconds: Double, status: Int32?, output: String)
    }

    /// Starts `dvcsync sync`, waits for the moment `target` aims at and kills the process with SIGKILL there.
    func round(_ target: CrashTarget, random: inout SplitMix64, expectedSeconds: Double) async throws -> Round {
        let portalStart = portal.arrivals
        let sourceStart = source.arrivals
        let started = Date()
        let child = try harness.startGateway(["sync"], configuration: configuration)
        let deadline = Date().addingTimeInterval(plan.waitSeconds)
        func until(_ condition: () -> Bool) async -> Bool {
            while child.process.isRunning && !condition() && Date() < deadline {
                try? await Task.sleep(for: .milliseconds(1))
            }
            return child.process.isRunning && condition()
        }
        func pause(_ seconds: Double) async {
            let end = Date().addingTimeInterval(seconds)
            while child.process.isRunning && Date() < end { try? await Task.sleep(for: .milliseconds(1)) }
        }
        func holding(_ stage: ObservedService.Stage) -> Bool {
            portal.inFlight.contains {
                $0.arrival > portalStart && $0.stage == stage && CrashPhase.writeOperations.contains($0.operation)
            }
        }
        switch target {
        case .anyMoment:
            await pause(random.uniform(0, expectedSeconds))
        case .startUp:
            await pause(random.uniform(0, 0.005))
        case .pull:
            let requests = 1 + random.below(3)
            _ = await until { source.arrivals - sourceStart >= requests }
        case .beforePush:
            _ = await until { portal.arrivals(after: portalStart, of: ["login"]) > 0 }
            await pause(random.uniform(0, 0.6 * Double(Self.loginHoldMilliseconds) / 1000))
        case .pushInFlight:
            // Alone: with the other worker's answer held back the kill would also be an "applied" one.
            _ = await until { holding(.heldBefore) && !holding(.heldAfter) }
            await pause(random.uniform(0, 0.012))
            _ = await until { holding(.heldBefore) && !holding(.heldAfter) }
        case .appliedUnanswered:
            let skip = random.below(3)
            _ = await until {
                portal.arrivals(after: portalStart, of: CrashPhase.writeOperations) > skip && holding(.heldAfter)
            }
            await pause(random.uniform(0, 0.012))
            _ = await until { holding(.heldAfter) }
        }
        let seen = portal.snapshot(after: portalStart)
        let sourceArrivals = source.arrivals - sourceStart
        guard child.process.isRunning else {
            let status = await child.waitForExit(timeout: plan.finalRunSeconds)
            return .finished(seconds: Date().timeIntervalSince(started), status: status,
                             output: String(child.output.suffix(2_000)))
        }
        child.signal(SIGKILL)
        let elapsed = Date().timeIntervalSince(started)
        _ = await child.waitForExit()
        // Requests the dead process left held still run to their end (as a real portal would finish them).
        _ = await portal.waitUntilIdle()
        let phase = try CrashPhase.classify(portal: seen, sourceArrivals: sourceArrivals) {
            try undeliveredHashes()
        }
        let held = seen.inFlight.sorted { $0.arrival < $1.arrival }.map { "\($0.operation) \($0.stage)" }
        let detail = "after \(String(format: "%.2f", elapsed)) s, source requests "
            + "\(sourceArrivals), portal requests \(seen.arrivalsByOperation.values.reduce(0, +)), held: "
            + (held.isEmpty ? "none" : held.joined(separator: ", "))
        return .killed(phase, detail: detail)
    }

    /// Mapped hashes the ledger holds without a matching remote hash (not recorded as delivered).
    func undeliveredHashes() throws -> Set<String> {
        let ledger = try Ledger(path: harness.ledgerPath)
        var open = Set<String>()
        for stream in [SyncStream.dossiers, .steps] {
            let records = try ledger.recordHashes(stream: stream.rawValue)
            for record in records where record.remoteHash != record.mappedHash { open.insert(record.mappedHash) }
        }
        return open
    }
}
