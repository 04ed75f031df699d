import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// The sync reliability suites: each starts two mock servers and a gateway, so they run one at a time.
@Suite(.serialized) enum SyncReliabilityTests {}

/// A gateway on the mocks running on a manual clock set to the province's simulated time: back-off, `Retry-After` and
/// breaker waits cost no real time, and rows put back for later become due when the test moves the clock to them.
struct SyncFixture {
    let harness: GatewayHarness
    let gateway: Gateway
    let clock: ManualClock

    init(_ harness: GatewayHarness, mode: ProvinceSourceMode = .stock, extra: [String: String] = [:],
         seed: UInt64 = 11) throws {
        self.harness = harness
        clock = ManualClock(start: Date(timeIntervalSince1970: Double(harness.mocks.province.now)))
        gateway = try harness.makeGateway(mode: mode, extra: extra, clock: clock, random: SeededRandom(seed: seed))
    }

    var ledger: Ledger { gateway.ledger }

    /// Moves the province's simulated time and the gateway's clock forward together.
    func advance(bySeconds seconds: Int64) -> ProvinceStore.AdvanceResult {
        clock.advance(by: .seconds(seconds))
        return harness.mocks.province.advance(bySeconds: seconds)
    }
    var portal: MockPortal { harness.mocks.portal }

    /// Runs passes until the outbox is empty or `maxPasses` passes were made, moving the clock `pause` forward between
    /// passes (past the back-off cap, `Retry-After` and the breaker's open time); returns every pass's summary.
    @discardableResult
    func runUntilDrained(streams: [SyncStream] = [.dossiers, .steps], maxPasses: Int = 12,
                         pause: Duration = .seconds(65)) async throws -> [SyncSummary] {
        var summaries: [SyncSummary] = []
        for _ in 0..<maxPasses {
            summaries.append(try await gateway.engine.run(streams: streams))
            guard try ledger.outboxDepth() > 0 else { break }
            clock.advance(by: pause)
        }
        return summaries
    }

    /// Checks that the portal holds exactly the source: every source dossier that is neither quarantined nor
    /// dead-lettered is on the portal with the mapped hash the ledger recorded, every step of it is there once, the
    /// outbox is empty and the portal counted no duplicate create. Returns the number of dossiers checked.
    /// `allowStaleSteps` accepts superseded versions of steps next to the current ones (see below).
    @discardableResult
    func expectPortalEqualsSource(allowStaleSteps: Bool = false,
                                  sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Int {
        let province = harness.mocks.province
        let sourceNumbers = province.snapshot().dossiers.map { province.dossierNo(of: $0) }
        let bad = Set(province.badRecords().map(\.dossierNo))
        let held = try ledger.quarantinedKeys(stream: SyncStream.dossiers.rawValue)
            .union(ledger.deadLetterKeys(stream: SyncStream.dossiers.rawValue))
        #expect(held.isSubset(of: bad), "good dossiers held back: \(held.subtracting(bad).sorted().prefix(5))",
                sourceLocation: sourceLocation)
        let dossiers = Dictionary(uniqueKeysWithValues: try ledger.recordHashes(stream: SyncStream.dossiers.rawValue)
            .map { ($0.key, $0) })
        var stepsByDossier: [String: [String]] = [:]
        for step in try ledger.recordHashes(stream: SyncStream.steps.rawValue) {
            #expect(step.remoteHash == step.mappedHash, "step \(step.key) not delivered",
                    sourceLocation: sourceLocation)
            let owner = String(step.key.prefix { $0 != "#" })
            stepsByDossier[owner, default: []].append(step.mappedHash)
        }
        var checked = 0
        var stale = 0
        for number in sourceNumbers where !held.contains(number) {
            guard let record = dossiers[number] else {
                Issue.record("source dossier \(number) is not in the ledger", sourceLocation: sourceLocation)
                continue
            }
            guard let stored = portal.dossier(number), var members = stored.objectValue else {
                Issue.record("source dossier \(number) is not on the portal", sourceLocation: sourceLocation)
                continue
            }
            let steps = members.removeValue(forKey: "TienDoXuLy")?.arrayValue ?? []
            #expect(ContentHash.of(.object(members)) == record.mappedHash, "dossier \(number) differs on the portal",
                    sourceLocation: sourceLocation)
            #expect(record.remoteHash == record.mappedHash, "dossier \(number) not recorded as delivered",
                    sourceLocation: sourceLocation)
            let portalSteps = steps.map { ContentHash.of($0) }
            let expected = Set(stepsByDossier[number] ?? [])
            #expect(portalSteps.count == Set(portalSteps).count, "dossier \(number) has repeated steps",
                    sourceLocation: sourceLocation)
            let missing = expected.subtracting(portalSteps)
            #expect(missing.isEmpty, "dossier \(number): \(missing.count) steps missing on the portal",
                    sourceLocation: sourceLocation)
            stale += Set(portalSteps).subtracting(expected).count
            checked += 1
        }
        for number in held {
            #expect(portal.dossier(number) == nil, "held-back dossier \(number) is on the portal",
                    sourceLocation: sourceLocation)
        }
        let snapshot = portal.snapshot()
        #expect(snapshot.dossierCount == checked, "portal holds \(snapshot.dossierCount), expected \(checked)",
                sourceLocation: sourceLocation)
        #expect(snapshot.stepCount == stepsByDossier.values.reduce(0) { $0 + $1.count } + stale,
                sourceLocation: sourceLocation)
        if stale > 0 {
            // Steps are append-only on the portal: a step whose mapped form changed is appended as a second entry.
            // A step whose mapped form changes after it was sent would be appended a second time.
            withKnownIssue("earlier versions of re-mapped steps stay on the portal", isIntermittent: true) {
                Issue.record("\(stale) stale step versions on the portal", sourceLocation: sourceLocation)
            } when: { allowStaleSteps }
        }
        #expect(snapshot["DongBoHoSoMC"].duplicates == 0, "duplicate creates: \(snapshot["DongBoHoSoMC"].duplicates)",
                sourceLocation: sourceLocation)
        #expect(try ledger.outboxDepth() == 0, sourceLocation: sourceLocation)
        return checked
    }

    /// Dossier numbers accepted by `service` in journal entries after `sequence`.
    func acceptedKeys(_ service: String, after sequence: Int = 0) -> [String] {
        harness.mocks.portalServer.requests()
            .filter { $0.sequence > sequence && $0.operation == service && $0.outcome == "0" }
            .flatMap(\.keys)
    }

    /// Sequence number of the last portal request.
    var lastSequence: Int { harness.mocks.portalServer.requests().last?.sequence ?? 0 }
}

/// Loads one of the shipped fault scenarios.
func scenario(_ name: String) throws -> Scenario {
    try Scenario.load(from: RepoPaths.mock.appendingPathComponent("scenarios/\(name).json"))
}
