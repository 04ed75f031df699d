import DVCMock
@testable import DVCSync
import DVCSyncTestSupport
import Foundation
import Synchronization
import Testing

/// Cron and interval jobs in the daemon's schedule, on an injected clock; the report folder.
@Suite struct DaemonScheduleTests {
    static func vn(_ day: Int, _ hour: Int, _ minute: Int, _ second: Int = 0) -> Date {
        CronExpressionTests.vn(2026, 11, day, hour, minute, second)
    }

    /// A cron job waits for its first matching minute; after a late pass it is due at the next match, once.
    @Test func cronJobsRunAtMatchingMinutes() throws {
        let dossiers = DaemonJob(name: "dossiers", streams: [.dossiers, .steps], every: 60)
        let reconcile = DaemonJob(name: "reconcile", work: .reconcile, schedule: .cron(try CronExpression("0 6 * * *")))
        var schedule = DaemonSchedule(jobs: [dossiers, reconcile], start: Self.vn(26, 5, 59, 30))
        #expect(schedule.next().job == dossiers && schedule.next().at == Self.vn(26, 5, 59, 30))
        schedule.ran(dossiers, startedAt: Self.vn(26, 5, 59, 30))
        #expect(schedule.next().job == reconcile && schedule.next().at == Self.vn(26, 6, 0))
        // The reconciliation starts twenty minutes late (a long pass before it): next is tomorrow 06:00, not now.
        schedule.ran(reconcile, startedAt: Self.vn(26, 6, 20))
        schedule.ran(dossiers, startedAt: Self.vn(26, 6, 21))
        #expect(schedule.next().job == dossiers)
        schedule.ran(dossiers, startedAt: Self.vn(27, 5, 59, 30))
        #expect(schedule.next().job == reconcile && schedule.next().at == Self.vn(27, 6, 0))
    }

    /// The daemon on an injected clock with `dossiersSchedule: "*/5 * * * *"` starts its passes at 10:05 and 10:10.
    @Test func daemonRunsCronPassesOnTheInjectedClock() async throws {
        try await withGatewayHarness(dossiers: 5) { harness in
            let clock = AllowanceClock(start: Self.vn(26, 10, 2, 30), sleeps: 2)
            let gateway = try harness.makeGateway(clock: clock)
            defer { gateway.shutdown() }
            var settings = Daemon.Configuration()
            settings.metricsPort = nil
            settings.dossiers = .cron(try CronExpression("*/5 * * * *"))
            let daemon = Daemon(gateway: gateway, configuration: settings, clock: clock,
                                log: DaemonLog(json: false, sink: { _ in }))
            let running = Task { try await daemon.run() }
            try await waitUntil { daemon.metrics.passes["dossiers"]?["succeeded"] == 2 && clock.waiting }
            daemon.requestStop()
            try await running.value
            let starts = try gateway.ledger.runs().map(\.startedAt).sorted()
            #expect(starts == [Self.vn(26, 10, 5), Self.vn(26, 10, 10)].map { Int64($0.timeIntervalSince1970 * 1000) })
            #expect(harness.mocks.portal.snapshot().dossierCount == 5)
        }
    }

    /// Reports are written 0600 in a 0700 folder, in every format, and only the newest `keep` are kept.
    @Test func reportFolderKeepsTheNewestPrivateReports() throws {
        let directory = try RepoPaths.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var configuration = ReportWriter.Configuration()
        configuration.directory = directory.appendingPathComponent("reports").path
        configuration.formats = [.html, .json, .csv]
        configuration.keep = 2
        let writer = ReportWriter(configuration: configuration)
        let report = ReportRenderingTests.sampleReport()
        let other = directory.appendingPathComponent("reports/notes.txt").path
        for hour in 8...10 {
            let written = try writer.write(report, at: Self.vn(26, hour, 0))
            #expect(written.count == 3)
            if hour == 8 { #expect(FileManager.default.createFile(atPath: other, contents: Data("keep".utf8))) }
        }
        #expect(writer.stamps() == ["20261126100000", "20261126090000"])
        let names = try FileManager.default.contentsOfDirectory(atPath: configuration.directory).sorted()
        #expect(names == ["notes.txt", "reconcile-20261126090000.csv", "reconcile-20261126090000.html",
                          "reconcile-20261126090000.json", "reconcile-20261126100000.csv",
                          "reconcile-20261126100000.html", "reconcile-20261126100000.json"])
        for name in names where name.hasPrefix("reconcile-") {
            let path = (configuration.directory as NSString).appendingPathComponent(name)
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode.map { $0 & 0o077 } == 0, "\(name)")
        }
        let folderMode = try FileManager.default.attributesOfItem(atPath: configuration.directory)[.posixPermissions]
        #expect((folderMode as? Int).map { $0 & 0o077 } == 0)
        let json = try String(contentsOfFile: (configuration.directory as NSString)
            .appendingPathComponent("reconcile-20261126100000.json"), encoding: .utf8)
        #expect(try ReportJSONCodec.decode(Array(json.utf8)) == report)
    }

    /// A report folder that cannot be created fails the reconcile pass with its code and makes the daemon unready.
    @Test func unwritableReportFolderMakesDaemonUnready() async throws {
        try await withGatewayHarness(dossiers: 3) { harness in
            let gateway = try harness.makeGateway()
            defer { gateway.shutdown() }
            let blocker = harness.directory.appendingPathComponent("not-a-folder").path
            #expect(FileManager.default.createFile(atPath: blocker, contents: Data()))
            var settings = Daemon.Configuration()
            settings.metricsPort = nil
            settings.dossiersEvery = 3600
            settings.reconcile = .every(3600)
            settings.reports.directory = blocker + "/reports"
            let daemon = Daemon(gateway: gateway, configuration: settings, log: DaemonLog(json: false, sink: { _ in }))
            let running = Task { try await daemon.run() }
            try await waitUntil { daemon.metrics.passes["reconcile"]?["failed"] == 1 }
            #expect(daemon.metrics.lastFailureCode == "reconcile.report_folder")
            #expect(daemon.respond(to: "/readyz").status == 503)
            #expect(!daemon.metrics.render(streams: nil, transport: gateway.transport.metrics)
                .contains("dvcsync_reconcile_discrepancies"))
            daemon.requestStop()
            try await running.value
        }
    }

    @Test func bucketLabelsAreSnakeCase() {
        #expect(DaemonMetrics.label(.missingOnPortal) == "missing_on_portal")
        #expect(DaemonMetrics.label(.newerThanAsOf) == "newer_than_as_of")
    }
}

/// A clock whose sleeps pass at once, moving the time; from the `sleeps + 1`-th sleep of a minute or more (the
/// daemon's waits between passes, not a transport's back-off) on, sleeping waits until cancelled.
final class AllowanceClock: SyncClock {
    private struct State {
        var now: Date
        var allowance: Int
        var waiting = false
    }

    private let state: Mutex<State>

    init(start: Date, sleeps: Int) { state = Mutex(State(now: start, allowance: sleeps)) }

    var now: Date { state.withLock { $0.now } }

    /// Whether a sleep beyond the allowance is waiting.
    var waiting: Bool { state.withLock { $0.waiting } }

    func sleep(for duration: Duration) async throws {
        let long = duration >= .seconds(60)
        let allowed = state.withLock { state in
            guard state.allowance > 0 || !long else {
                state.waiting = true
                return false
            }
            if long { state.allowance -= 1 }
            let parts = duration.components
            state.now = state.now.addingTimeInterval(Double(parts.seconds) + Double(parts.attoseconds) / 1e18)
            return true
        }
        if !allowed { try await Task.sleep(for: .seconds(3600)) }
    }
}
