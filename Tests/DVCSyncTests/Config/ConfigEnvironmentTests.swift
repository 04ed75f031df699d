@testable import DVCSync
import Foundation
import Testing

/// An environment override is named as such when its value is bad, and a misspelt `DVCSYNC_…` variable is warned
/// about rather than silently ignored.
@Suite struct ConfigEnvironmentTests {
    static func read(environment: [String: String], warn: (String) -> Void = { _ in }) throws {
        let source = ConfigSource(values: ConfigurationTests.required.merging(["push.batchSize": "100"]) { $1 },
                                  file: "dvcsync.yaml",
                                  environment: ConfigurationTests.passwords.merging(environment) { $1 })
        _ = try GatewayConfiguration(reading: source, warn: warn)
    }

    @Test func aBadOverrideNamesItsVariableNotTheFile() {
        do {
            try Self.read(environment: ["DVCSYNC_PUSH_BATCHSIZE": "abc"])
            Issue.record("a bad override was accepted")
        } catch {
            #expect((error as? ConfigError)?.message
                == "environment variable DVCSYNC_PUSH_BATCHSIZE: key `push.batchSize`: `abc` is not a whole number "
                + "in 1...1000. Fix: set a number between 1 and 1000")
        }
        do {
            try Self.read(environment: ["DVCSYNC_SOURCE_MODE": "stok"])
            Issue.record("a bad override was accepted")
        } catch {
            #expect((error as? ConfigError)?.file == "environment variable DVCSYNC_SOURCE_MODE")
        }
    }

    @Test func aMisspeltVariableIsWarnedAboutWithTheClosestOne() throws {
        var warnings: [String] = []
        try Self.read(environment: ["DVCSYNC_PUSH_BACHSIZE": "5", "DVCSYNC_PUSH_BATCHSIZE": "7"]) { warnings.append($0) }
        #expect(warnings == ["environment variable DVCSYNC_PUSH_BACHSIZE overrides no configuration key and is "
            + "ignored; did you mean DVCSYNC_PUSH_BATCHSIZE?"])
    }

    /// A schedule, an interval or a secret's variable set through the environment is blamed on that variable.
    @Test func badScheduleAndSecretOverridesNameTheirVariable() throws {
        let cases: [(String, String, String)] = [
            ("DVCSYNC_DAEMON_DOSSIERSSCHEDULE", "99 * * * *", "daemon.dossiersSchedule"),
            ("DVCSYNC_DAEMON_DOSSIERSEVERY", "0", "daemon.dossiersEvery"),
            ("DVCSYNC_PORTAL_PASSWORDENV", "NOPE_VAR", "portal.passwordEnv"),
            ("DVCSYNC_PORTAL_PASSWORDFILE", "/nonexistent/portal.password", "portal.passwordFile"),
        ]
        for (variable, value, key) in cases {
            var environment = ConfigurationTests.passwords.merging([variable: value]) { $1 }
            if variable.hasPrefix("DVCSYNC_PORTAL_PASSWORD") { environment["DVCSYNC_PORTAL_PASSWORD"] = nil }
            let source = ConfigSource(values: ConfigurationTests.required.merging(
                variable.contains("SCHEDULE") ? [:] : ["daemon.dossiersEvery": "60"]) { $1 },
                file: "dvcsync.yaml", environment: environment)
            do {
                _ = try GatewayConfiguration(reading: source)
                Issue.record("\(variable)=\(value) was accepted")
            } catch let error as ConfigError {
                #expect(error.file == "environment variable \(variable)" && error.key == key, "\(error.message)")
            }
        }
    }
}
