@testable import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// Every key of dvcsync.example.yaml is read and reaches its component; unknown keys stop the start with a hint.
@Suite struct ConfigurationTests {
    static let passwords = ["DVCSYNC_PORTAL_PASSWORD": "p", "DVCSYNC_SOURCE_PASSWORD": "s"]
    static let required = [
        "portal.adapterBase": "https://adapter.example/forward", "portal.username": "000.00.00.H20",
        "source.baseURL": "https://source.example/o/rest/v2", "source.groupId": "1", "source.username": "u",
    ]

    /// The settings read from `required` plus `extra`.
    static func read(_ extra: [String: String]) throws -> GatewayConfiguration {
        try GatewayConfiguration(reading: ConfigSource(values: required.merging(extra) { $1 }, file: "test.yaml",
                                                       environment: passwords))
    }

    /// The configuration error `values` (the whole set, required keys included) cause.
    static func failureOf(_ values: [String: String]) -> ConfigError? {
        do {
            _ = try GatewayConfiguration(reading: ConfigSource(values: values, file: "test.yaml",
                                                               environment: passwords))
            return nil
        } catch {
            return error as? ConfigError
        }
    }

    /// The configuration error `extra` causes.
    static func failure(_ extra: [String: String]) -> ConfigError? {
        do {
            _ = try read(extra)
            return nil
        } catch {
            return error as? ConfigError
        }
    }

    @Test func everyExampleKeyIsRead() throws {
        let directory = try RepoPaths.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let secret = directory.appendingPathComponent("portal.password").path
        #expect(FileManager.default.createFile(atPath: secret, contents: Data("p\n".utf8),
                                               attributes: [.posixPermissions: 0o600]))
        // The example names a password file and a variable; point them at real ones.
        let source = try ConfigSource(
            path: RepoPaths.root.appendingPathComponent("dvcsync.example.yaml").path,
            environment: ["DVCSYNC_PORTAL_PASSWORDFILE": secret, "OPENCPS_PASSWORD": "s"])
        var warnings: [String] = []
        let configuration = try GatewayConfiguration(reading: source) { warnings.append($0) }
        #expect(source.fileKeys.count >= 40, "\(source.fileKeys)")
        #expect(source.unreadKeys() == [], "keys in dvcsync.example.yaml that nothing reads")
        #expect(warnings.isEmpty, "\(warnings)")
        #expect(configuration.portal.password.value == "p")
        #expect(configuration.source.password.value == "s")
        #expect(configuration.source.openStatuses.count == 14)
        #expect(configuration.daemon.reports.formats == [.html, .json])
        guard case .cron(let reconcile) = configuration.daemon.reconcile else {
            Issue.record("daemon.reconcileSchedule was not read as cron")
            return
        }
        #expect(reconcile.text == "30 6 * * MON-FRI" && reconcile.timeZone.identifier == "Asia/Ho_Chi_Minh")
    }

    /// Non-default values reach the component that uses them.
    @Test func valuesReachTheirComponents() throws {
        let settings = try Self.read([
            "ledger.busyTimeoutMs": "1234", "ledger.cacheSizeKiB": "4096", "ledger.synchronous": "EXTRA",
            "push.leaseSeconds": "90", "push.backoffBase": "500ms", "push.backoffCap": "2m",
            "push.maxRetryAfter": "10m", "push.batchSize": "7", "push.concurrency": "3",
            "source.openStatuses": "new,processing", "source.listHash": "canonical",
            "source.listPagesAhead": "1", "daemon.metricsHost": "0.0.0.0", "daemon.metricsPort": "0",
            "daemon.dossiersSchedule": "*/5 * * * *", "daemon.catalogueEvery": "2h", "daemon.timeZone": "UTC",
            "daemon.reconcileEvery": "6h", "reconcile.directory": "/tmp/r", "reconcile.formats": "csv, HTML",
            "reconcile.keep": "3", "reconcile.lookupConcurrency": "2", "reconcile.lookupsPerSecond": "2.5",
            "reconcile.holidays": "2027-02-05, 2027-04-30",
            "transport.proxy": "http://proxy.example:3128", "transport.noProxy": "localhost,10.0.0.0/8",
        ])
        #expect(settings.transport.proxy == "http://proxy.example:3128")
        #expect(settings.transport.noProxy == "localhost,10.0.0.0/8")
        #expect(settings.indicators.holidays == ["2027-02-05", "2027-04-30"])
        #expect(settings.ledger.busyTimeoutMilliseconds == 1234 && settings.ledger.cacheSizeKiB == 4096)
        #expect(settings.ledger.synchronous == .extra)
        #expect(settings.engine.push.leaseSeconds == 90)
        #expect(settings.engine.push.planner.baseSeconds == 0.5 && settings.engine.push.planner.capSeconds == 120)
        #expect(settings.engine.push.planner.maxRetryAfterSeconds == 600)
        #expect(settings.engine.push.batchSize == 7 && settings.engine.push.concurrency == 3)
        #expect(settings.source.openStatuses == ["new", "processing"])
        #expect(settings.source.listHash == .canonical && settings.source.listPagesAhead == 1)
        let daemon = settings.daemon
        #expect(daemon.metricsHost == "0.0.0.0" && daemon.metricsPort == nil)
        #expect(daemon.dossiers == .cron(try CronExpression("*/5 * * * *", timeZone: TimeZone(identifier: "UTC")!)))
        #expect(daemon.catalogue == .every(7200) && daemon.reconcile == .every(21600))
        #expect(daemon.reports.directory == "/tmp/r" && daemon.reports.formats == [.csv, .html])
        #expect(daemon.reports.keep == 3)
        #expect(daemon.reconciler.lookupConcurrency == 2 && daemon.reconciler.lookupsPerSecond == 2.5)
        let defaults = try Self.read([:])
        #expect(defaults.daemon.reconcile == nil && defaults.daemon.dossiers == .every(60))
        #expect(defaults.daemon.timeZone.identifier == "Asia/Ho_Chi_Minh")
    }

    @Test func unknownKeyNamesFileKeyAndCloseMatch() throws {
        let directory = try RepoPaths.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("dvcsync.yaml").path
        let yaml = Self.required.map { "\($0.key): \"\($0.value)\"" }.joined(separator: "\n")
        try (yaml + "\npush.batchSise: 10\n").write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try GatewayConfiguration(reading: ConfigSource(path: path, environment: Self.passwords))
            Issue.record("an unknown key was accepted")
        } catch let error as ConfigError {
            #expect(error.code == "config.unknown_key")
            #expect(error.key == "push.batchSise")
            #expect(error.message.contains(path))
            #expect(error.fix.contains("did you mean `push.batchSize`?"), "\(error.message)")
        }
        // The right name in the wrong section.
        let moved = try #require(Self.failure(["daemon.batchSize": "10"]))
        #expect(moved.code == "config.unknown_key" && moved.fix.contains("`push.batchSize`"), "\(moved.message)")
        // Nothing near: no guess.
        let far = try #require(Self.failure(["telemetry.exporter": "otlp"]))
        #expect(far.key == "telemetry.exporter" && !far.fix.contains("did you mean"), "\(far.message)")
    }

    @Test func badScheduleKeysNameTheKeyAndTheFix() throws {
        let both = try #require(Self.failure(["daemon.dossiersEvery": "60", "daemon.dossiersSchedule": "* * * * *"]))
        #expect(both.key == "daemon.dossiersSchedule" && both.fix.contains("keep one"))
        let cron = try #require(Self.failure(["daemon.reconcileSchedule": "0 25 * * *"]))
        #expect(cron.key == "daemon.reconcileSchedule" && cron.problem.contains("hour"), "\(cron.message)")
        let zone = try #require(Self.failure(["daemon.timeZone": "Asia/Hanoi-City"]))
        #expect(zone.key == "daemon.timeZone")
        for day in ["2027-02-30", "30/04/2027", "2027-4-30", "2027-13-01"] {
            let holiday = try #require(Self.failure(["reconcile.holidays": day]), "\(day) was accepted")
            #expect(holiday.key == "reconcile.holidays" && holiday.problem.contains(day))
        }
        let format = try #require(Self.failure(["reconcile.formats": "html,pdf"]))
        #expect(format.key == "reconcile.formats" && format.problem.contains("pdf"))
        let zero = try #require(Self.failure(["daemon.dossiersEvery": "0"]))
        #expect(zero.key == "daemon.dossiersEvery")
        let lease = try #require(Self.failure(["push.leaseSeconds": "0"]))
        #expect(lease.key == "push.leaseSeconds")
        let hash = try #require(Self.failure(["source.listHash": "sha1"]))
        #expect(hash.key == "source.listHash" && hash.fix.contains("bytes"), "\(hash.message)")
        #expect(hash.fix == "use bytes (default) or canonical" && hash.problem.contains("sha1"))
        let mode = try #require(Self.failure(["source.mode": "live"]))
        #expect(mode.key == "source.mode" && mode.fix == "use stock (default) or extended", "\(mode.message)")
        let level = try #require(Self.failure(["ledger.synchronous": "OFF"]))
        #expect(level.key == "ledger.synchronous" && level.fix == "use FULL (default), NORMAL or EXTRA")
        // Choices are read whatever their case.
        #expect(try Self.read(["ledger.synchronous": "normal", "source.mode": "Extended"]).ledger.synchronous == .normal)
        #expect(try Self.read(["source.mode": "EXTENDED"]).source.mode == .extended)
        let ahead = try #require(Self.failure(["source.listPagesAhead": "0"]))
        #expect(ahead.key == "source.listPagesAhead")
    }

    @Test func environmentOverridesScheduleKeys() throws {
        let source = ConfigSource(values: Self.required.merging(["daemon.dossiersEvery": "60"]) { $1 },
                                  environment: Self.passwords.merging(["DVCSYNC_DAEMON_DOSSIERSEVERY": "5"]) { $1 })
        #expect(try GatewayConfiguration(reading: source).daemon.dossiers == .every(5))
    }

    @Test func dstcodePlacementIsHeaderOrQuery() throws {
        let typo = try #require(Self.failure(["portal.dstcodeIn": "qeury"]))
        #expect(typo.key == "portal.dstcodeIn" && typo.code == "config.invalid", "\(typo.message)")
        #expect(typo.problem.contains("qeury") && typo.fix == "use header (default) or query", "\(typo.message)")
        #expect(try Self.read(["portal.dstcodeIn": "QUERY"]).portal.dstcodeInQuery)
        #expect(try !Self.read(["portal.dstcodeIn": "header"]).portal.dstcodeInQuery)
        #expect(try !Self.read([:]).portal.dstcodeInQuery)
    }
}
