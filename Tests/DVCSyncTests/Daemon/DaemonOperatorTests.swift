import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// What an operator sees of the built `dvcsync daemon` on a first start: a refused portal login makes it unready
/// (records wait, the pass itself succeeds), its stop is logged in order, and `publication.*` keys start the
/// catalogue job.
@Suite struct DaemonOperatorTests {
    @Test func aRefusedPortalLoginMakesTheDaemonUnreadyAndItsStopIsLoggedInOrder() async throws {
        try await withGatewayHarness(dossiers: 3) { harness in
            let daemon = try await DaemonProcess.start(
                values: harness.values().merging(["daemon.dossiersEvery": "3600", "daemon.retryWaiting": "false",
                                                  "transport.maxAttempts": "1", "push.settleSeconds": "0"]) { $1 },
                directory: harness.directory, environment: ["DVCSYNC_PORTAL_PASSWORD": "not-the-password"])
            #expect(await daemon.child.waitForOutput("job=dossiers status=succeeded", timeout: 60),
                    "\(daemon.child.output)")
            let ready = try #require(await DaemonProcessTests.get(daemon.metricsPort, "/readyz"))
            #expect(ready.status == 503 && ready.text.contains("portal.login"), "\(ready.status) \(ready.text)")
            #expect(try #require(await DaemonProcessTests.get(daemon.metricsPort, "/healthz")).status == 200)
            daemon.child.signal(SIGTERM)
            #expect(await daemon.child.waitForExit(timeout: 30) == 0, "\(daemon.child.output)")
            let output = daemon.child.output
            let stopping = try #require(output.range(of: " stopping "), "\(output)")
            let stopped = try #require(output.range(of: " stopped"), "\(output)")
            #expect(stopping.lowerBound < stopped.lowerBound, "\(output)")
            #expect(!output.contains("not-the-password"))
        }
    }

    @Test func publicationKeysStartTheCatalogueJob() async throws {
        try await withGatewayHarness(dossiers: 2) { harness in
            let daemon = try await DaemonProcess.start(
                values: harness.values().merging([
                    "daemon.dossiersEvery": "3600", "daemon.catalogueEvery": "3600",
                    "publication.decision": "55/QĐ-UBND", "publication.decisionDate": "1/12/2026",
                ]) { $1 },
                directory: harness.directory)
            #expect(daemon.child.output.contains("jobs=dossiers,catalogue"), "\(daemon.child.output)")
            #expect(await daemon.child.waitForOutput("job=catalogue status=succeeded", timeout: 60),
                    "\(daemon.child.output)")
            daemon.child.signal(SIGTERM)
            #expect(await daemon.child.waitForExit(timeout: 30) == 0, "\(daemon.child.output)")
            let ledger = try Ledger(path: harness.ledgerPath)
            let catalogue = try #require(try ledger.streamStatus().first { $0.stream == "catalogue" })
            #expect(catalogue.onPortal > 0 && catalogue.onPortal == catalogue.records, "\(catalogue)")
            #expect(try ledger.quarantined().isEmpty)
        }
    }
}
