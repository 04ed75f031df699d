@testable import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// Durations are finite and bounded: an infinite or absurd value stops the start naming the key and its bound, never
/// a crash converting it and never a pass that waits forever.
@Suite struct ConfigDurationTests {
    static let bounds: [(key: String, bound: String)] = [
        ("portal.sessionLifetime", "24h"), ("push.leaseSeconds", "24h"), ("push.backoffBase", "1h"),
        ("push.backoffCap", "24h"), ("push.maxRetryAfter", "24h"), ("push.settleSeconds", "1h"),
        ("transport.connectTimeout", "10m"), ("transport.totalTimeout", "1h"), ("transport.breakerOpen", "1h"),
        ("daemon.shutdownGrace", "1h"), ("daemon.dossiersEvery", "30 days (720h)"),
        ("daemon.catalogueEvery", "30 days (720h)"), ("daemon.reconcileEvery", "30 days (720h)"),
    ]

    @Test(arguments: bounds)
    func anInfiniteOrHugeDurationIsRefused(key: String, bound: String) throws {
        for text in ["inf", "infinity", "1e30", "1e300s", "1e20h"] {
            let error = try #require(ConfigurationTests.failure([key: text]), "\(key): \(text) accepted")
            #expect(error.code == "config.invalid" && error.key == key && error.file == "test.yaml", "\(error.message)")
            if text.hasPrefix("inf") {
                #expect(error.problem == "`\(text)` is not a duration", "\(error.message)")
            } else {
                #expect(error.problem == "`\(text)` is longer than \(bound)", "\(error.message)")
                #expect(error.fix == "set a duration of at most \(bound)", "\(error.message)")
            }
        }
        #expect(ConfigurationTests.failure([key: "nan"])?.key == key)
    }

    @Test func theBoundIsAcceptedAndASecondMoreIsNot() throws {
        let settings = try ConfigurationTests.read([
            "push.backoffCap": "24h", "transport.totalTimeout": "3600", "daemon.dossiersEvery": "720h",
            "transport.breakerOpen": "60m",
        ])
        #expect(settings.engine.push.planner.capSeconds == 86_400 && settings.transport.totalTimeout == .seconds(3600))
        #expect(settings.daemon.dossiers == .every(2_592_000) && settings.retry.breaker.openDuration == .seconds(3600))
        for (key, text) in [("push.backoffCap", "86401"), ("transport.totalTimeout", "3601s"),
                            ("daemon.dossiersEvery", "2592001")] {
            #expect(ConfigurationTests.failure([key: text])?.key == key, "\(key): \(text) accepted")
        }
    }

    /// The binary stops with the coded error (exit 1) instead of trapping on the conversion (exit 132).
    @Test func theGatewayStopsWithTheKeyInsteadOfCrashing() async throws {
        let directory = try RepoPaths.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("dvcsync.yaml")
        let yaml = ConfigurationTests.required.map { "\($0.key): \"\($0.value)\"" }.joined(separator: "\n")
        try (yaml + "\npush.leaseSeconds: inf\n").write(to: config, atomically: true, encoding: .utf8)
        let child = try ChildProcess(BuiltProducts.executable("dvcsync"), ["sync", "--config", config.path],
                                     environment: ConfigurationTests.passwords)
        #expect(await child.waitForExit(timeout: 180) == 1, "\(child.output)")
        #expect(child.output.contains("config.invalid: \(config.path): key `push.leaseSeconds`: `inf` is not a "
            + "duration. Fix:"), "\(child.output)")
    }
}
