@testable import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// `publication.*` gives the daemon's catalogue job its decision; config mistakes name the misspelt key.
@Suite struct PublicationConfigurationTests {
    static func source(_ extra: [String: String]) -> ConfigSource {
        ConfigSource(values: ConfigurationTests.required.merging(extra) { $1 }, file: "test.yaml",
                     environment: ConfigurationTests.passwords)
    }

    @Test func decisionKeysReachTheEngineWithThePortalsDateForm() throws {
        let settings = try GatewayConfiguration(reading: Self.source([
            "publication.decision": "1234/QĐ-UBND", "publication.decisionDate": "5/1/2026",
            "portal.madonvi": "000.00.00.H21",
        ]))
        #expect(settings.engine.decision == PublicationDecision(number: "1234/QĐ-UBND", date: "05/01/2026",
                                                                agency: "000.00.00.H21"))
        let agency = try GatewayConfiguration(reading: Self.source([
            "publication.decision": "1", "publication.decisionDate": "15/11/2026", "publication.agency": "X.H20",
        ]))
        #expect(agency.engine.decision?.agency == "X.H20")
        #expect(try GatewayConfiguration(reading: Self.source([:])).engine.decision == nil)
    }

    @Test func aDecisionWithoutAUsableDateIsRefusedWithItsKey() {
        for date in [nil, "2026-11-15", "31/02/2026", "15/11/26"] {
            var extra = ["publication.decision": "1234/QĐ-UBND"]
            extra["publication.decisionDate"] = date
            #expect(ConfigurationTests.failure(extra)?.key == "publication.decisionDate", "\(date ?? "nil")")
        }
    }

    @Test func aCatalogueScheduleWithoutADecisionIsWarnedAbout() throws {
        var warnings: [String] = []
        _ = try GatewayConfiguration(reading: Self.source(["daemon.catalogueEvery": "1h"])) { warnings.append($0) }
        #expect(warnings.count == 1 && warnings[0].contains("publication.decision"), "\(warnings)")
        warnings = []
        _ = try GatewayConfiguration(reading: Self.source([
            "daemon.catalogueSchedule": "0 2 * * *", "publication.decision": "1", "publication.decisionDate": "01/01/2026",
        ])) { warnings.append($0) }
        #expect(warnings.isEmpty, "\(warnings)")
    }

    @Test func normalisedDateAcceptsOnlyRealDayMonthYearDates() {
        #expect(PublicationDecision.normalisedDate("1/2/2026") == "01/02/2026")
        #expect(PublicationDecision.normalisedDate("29/02/2024") == "29/02/2024")
        for text in ["29/02/2025", "2026/01/02", "1-2-2026", "01/02/26", "a/b/2026", "", "01//2026", " 1/2/2026"] {
            #expect(PublicationDecision.normalisedDate(text) == nil, "\(text)")
        }
    }

    @Test func aMisspeltRequiredKeyIsReportedAsTheUnknownKey() {
        var values = ConfigurationTests.required
        values["source.baseURL"] = nil
        values["source.baseUrl"] = "https://source.example/o/rest/v2"
        let error = ConfigurationTests.failureOf(values)
        #expect(error?.code == "config.unknown_key" && error?.key == "source.baseUrl", "\(String(describing: error))")
        #expect(error?.fix.contains("`source.baseURL`") == true)
        // A key of another section with the same leaf is not taken for a typo of the missing one.
        values = ConfigurationTests.required
        values["portal.username"] = nil
        let missing = ConfigurationTests.failureOf(values)
        #expect(missing?.code == "config.invalid" && missing?.key == "portal.username", "\(String(describing: missing))")
    }

    @Test func fileLevelErrorsNameNoKey() {
        #expect(throws: ConfigError.self) { try ConfigSource(path: "/nonexistent/dvcsync.yaml") }
        do {
            _ = try ConfigSource(path: "/nonexistent/dvcsync.yaml")
        } catch {
            #expect((error as? ConfigError)?.message == "/nonexistent/dvcsync.yaml: no such file. Fix: check the path given with "
                + "--config (dvcsync.example.yaml lists every key)")
        }
    }
}
