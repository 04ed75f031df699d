import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation

/// The state after the crash rounds and one last uninterrupted sync, read from the mocks, the ledger, the
/// reconciler and `dvcsync ledger verify`.
struct CrashVerdict: Sendable {
    var finalStatus: Int32?
    var finalOutput = ""
    var verifyStatus: Int32?
    var integrity: [String] = []
    var outboxDepth = -1
    var runningRuns = -1
    var deadLetters = -1
    var quarantined = -1
    var duplicates = -1
    var sourceDossiers = 0
    var ledgerDossiers = 0
    var portalDossiers = 0
    var ledgerSteps = 0
    var portalSteps = 0
    var stale: [String] = []
    var discrepancies: [String] = []
    var heldRequests = -1

    /// Runs the last sync and gathers everything.
    static func gather(_ rig: CrashRig) async throws -> CrashVerdict {
        var verdict = CrashVerdict()
        let harness = rig.harness
        let final = try harness.startGateway(["sync"], configuration: rig.configuration)
        verdict.finalStatus = await final.waitForExit(timeout: rig.plan.finalRunSeconds)
        verdict.finalOutput = String(final.output.suffix(2_000))
        let verify = try harness.startGateway(["ledger", "verify"], configuration: rig.configuration)
        verdict.verifyStatus = await verify.waitForExit(timeout: 120)
        verdict.heldRequests = rig.portal.inFlight.count

        let ledger = try Ledger(path: harness.ledgerPath)
        verdict.integrity = try ledger.integrityCheck()
        verdict.outboxDepth = try ledger.outboxDepth()
        verdict.runningRuns = try ledger.runs(limit: 100_000).filter { $0.status == "running" }.count
        verdict.deadLetters = try ledger.deadLetters().count
        verdict.quarantined = try ledger.quarantined().count

        let portal = harness.mocks.portal.snapshot()
        verdict.duplicates = CrashPhase.writeOperations.map { portal[$0].duplicates }.reduce(0, +)
        verdict.sourceDossiers = harness.mocks.province.snapshot().dossiers.count
        verdict.ledgerDossiers = try ledger.recordHashes(stream: SyncStream.dossiers.rawValue).count
        verdict.portalDossiers = portal.dossierCount
        verdict.ledgerSteps = try ledger.recordHashes(stream: SyncStream.steps.rawValue).count
        verdict.portalSteps = portal.stepCount
        verdict.stale = try harness.staleOnPortal(ledger)

        // The reconciler maps the source afresh and looks every dossier up on the portal (the unobserved server).
        let gateway = try harness.makeGateway()
        defer { gateway.shutdown() }
        let report = try await Reconciler(gateway: gateway).reconcile().report
        verdict.discrepancies = report.discrepancies.map { "\($0.bucket.rawValue) \($0.maHoSo)" }
        return verdict
    }

    var passed: Bool {
        finalStatus == 0 && verifyStatus == 0 && integrity == ["ok"] && outboxDepth == 0 && runningRuns == 0
            && deadLetters == 0 && quarantined == 0 && duplicates == 0 && stale.isEmpty && discrepancies.isEmpty
            && heldRequests == 0 && sourceDossiers == ledgerDossiers && ledgerDossiers == portalDossiers
            && ledgerSteps == portalSteps
    }

    /// One line for the table.
    var summary: String {
        "portal \(portalDossiers)/\(sourceDossiers) dossiers, \(portalSteps)/\(ledgerSteps) steps; "
            + "duplicate creates \(duplicates); not latest \(stale.count); discrepancies \(discrepancies.count); "
            + "integrity \(integrity.joined(separator: ",")); outbox \(outboxDepth); runs running \(runningRuns); "
            + "dead letters \(deadLetters); quarantined \(quarantined); final sync exit "
            + (finalStatus.map(String.init) ?? "timeout")
    }
}
