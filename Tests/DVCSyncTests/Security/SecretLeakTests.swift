import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// The portal and source passwords never reach the ledger, its exports or the CLI's output.
@Suite struct SecretLeakTests {
    @Test func passwordsAppearNowhereAfterASyncWithFailures() async throws {
        let flaky = try Scenario.load(from: RepoPaths.mock.appendingPathComponent("scenarios/flaky.json"))
        try await withGatewayHarness(dossiers: 80, seed: 3, badShare: 0.1, portalScenario: flaky) { harness in
            let gateway = try harness.makeGateway()
            _ = try await gateway.engine.run(streams: [.dossiers, .steps])
            gateway.shutdown()
            let secrets = ["mock-secret", "mock-source-secret",
                           Data("gateway@dongthap.gov.vn:mock-source-secret".utf8).base64EncodedString()]
            var haystacks: [(String, String)] = []
            for suffix in ["", "-wal"] {
                let path = harness.ledgerPath + suffix
                if let data = FileManager.default.contents(atPath: path) {
                    haystacks.append((path, String(decoding: data, as: UTF8.self)))
                }
            }
            for arguments in [["ledger", "export", "--format", "json"], ["ledger", "export", "--format", "csv"],
                              ["ledger", "failures"], ["ledger", "runs"], ["ledger", "status"]] {
                let child = try ChildProcess(BuiltProducts.executable("dvcsync"),
                                             arguments + ["--ledger", harness.ledgerPath])
                #expect(await child.waitForExit() == 0, "\(arguments): \(child.output)")
                haystacks.append((arguments.joined(separator: " "), child.output))
            }
            #expect(haystacks.count >= 6)
            for (name, text) in haystacks {
                for secret in secrets { #expect(!text.contains(secret), "\(name) contains a secret") }
            }
        }
    }
}
