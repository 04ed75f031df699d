import DVCSync
import DVCSyncTestSupport
import Testing

/// `transport.maxAttempts` and `transport.breakerOpen` reach the retrying transport's settings.
@Suite struct RetryConfigurationKeysTests {
    static let required = [
        "portal.adapterBase": "https://adapter.example/forward", "portal.username": "000.00.00.H20",
        "source.baseURL": "https://source.example/o/rest/v2", "source.groupId": "35417",
        "source.username": "gateway@example.gov.vn",
    ]

    static func read(_ extra: [String: String]) throws -> GatewayConfiguration {
        try GatewayConfiguration(reading: ConfigSource(values: required.merging(extra) { _, new in new },
                                                       environment: DaemonProcess.secrets))
    }

    @Test func defaultsAndOverrides() throws {
        let defaults = try Self.read([:])
        #expect(defaults.retry.policy.maxAttempts == 5)
        #expect(defaults.retry.breaker.openDuration == .seconds(60))
        let tuned = try Self.read(["transport.maxAttempts": "3", "transport.breakerOpen": "1500ms"])
        #expect(tuned.retry.policy.maxAttempts == 3)
        #expect(tuned.retry.breaker.openDuration == .milliseconds(1500))
    }

    @Test func outOfRangeAttemptsNameTheKey() {
        #expect {
            try Self.read(["transport.maxAttempts": "0"])
        } throws: { error in
            (error as? ConfigError)?.key == "transport.maxAttempts"
        }
    }
}
