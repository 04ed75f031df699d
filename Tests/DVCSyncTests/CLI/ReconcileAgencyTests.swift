import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// `dvcsync reconcile --agency`: a code no dossier of the report carries (a typo) is warned about, while the report
/// still goes out; a code that is there is not.
@Suite struct ReconcileAgencyTests {
    @Test func anAgencyWithNoDossierIsWarnedAbout() async throws {
        try await withCanaryMocks(dossiers: 20, badShare: 0) { mocks in
            let settings = try GatewayConfiguration(reading: ConfigSource(values: mocks.values(),
                                                                          environment: CanaryMocks.environment))
            let gateway = try Gateway(configuration: settings)
            _ = try await gateway.engine.run(streams: [.dossiers, .steps])
            let key = try #require(try gateway.ledger.recordHashes(stream: SyncStream.dossiers.rawValue).first?.key)
            gateway.shutdown()
            let agency = String(try #require(key.split(separator: "-").first))
            let typo = agency.replacingOccurrences(of: "H20", with: "H02")
            let config = try mocks.writeConfig()
            let child = try mocks.run(["reconcile", "--config", config, "--format", "json",
                                       "--agency", agency, "--agency", typo])
            let status = await child.waitForExit()
            #expect(status == 0 || status == 2, "\(child.output)")
            #expect(child.output.contains("warning: no dossier of agency \(typo) in this report"), "\(child.output)")
            #expect(!child.output.contains("agency \(agency) in this report"), "\(child.output)")
        }
    }
}
