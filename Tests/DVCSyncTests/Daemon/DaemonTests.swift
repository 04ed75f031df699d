import DVCMock
@testable import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

@Suite struct DaemonTests {
    /// After one pass against the mocks, `/metrics` over a real socket parses as Prometheus text and carries the
    /// pass's counters, the ledger's gauges and request timings; `/healthz` and `/readyz` answer.
    @Test func endpointsServeMetricsAfterAPass() async throws {
        try await withGatewayHarness(dossiers: 30) { harness in
            let gateway = try harness.makeGateway()
            defer { gateway.shutdown() }
            var settings = Daemon.Configuration()
            settings.metricsPort = 0
            settings.dossiersEvery = 3600
            settings.shutdownGrace = 5
            let lines = LogLines()
            let daemon = Daemon(gateway: gateway, configuration: settings,
                                log: DaemonLog(json: true, sink: { lines.append($0) }))
            let running = Task { try await daemon.run() }
            defer { daemon.requestStop() }
            try await waitUntil { daemon.metrics.passes["dossiers"]?["succeeded"] == 1 }
            let port = try #require(daemon.metricsPort)

            let health = try #require(await DaemonProcessTests.get(port, "/healthz"))
            #expect(health.status == 200)
            let ready = try #require(await DaemonProcessTests.get(port, "/readyz"))
            #expect(ready.status == 200, "\(ready.text)")
            let missing = try #require(await DaemonProcessTests.get(port, "/x"))
            #expect(missing.status == 404)
            let scrape = try #require(await DaemonProcessTests.get(port, "/metrics"))
            #expect(scrape.status == 200)
            #expect(scrape.headers["content-type"]?.hasPrefix("text/plain; version=0.0.4") == true)

            let metrics = try PrometheusTextParser(scrape.text)
            let portal = harness.mocks.portal.snapshot()
            #expect(portal.dossierCount == 30)
            #expect(metrics[#"dvcsync_records_pulled_total{stream="dossiers"}"#] == 30)
            #expect(metrics[#"dvcsync_records_pushed_total{job="dossiers"}"#]
                == Double(portal.dossierCount + portal.stepCount))
            #expect(metrics[#"dvcsync_records_failed_total{job="dossiers"}"#] == 0)
            #expect(metrics[#"dvcsync_passes_total{job="dossiers",status="succeeded"}"#] == 1)
            #expect(metrics[#"dvcsync_outbox_depth{stream="steps"}"#] == 0)
            #expect(metrics[#"dvcsync_dead_letters{stream="dossiers"}"#] == 0)
            #expect(metrics[#"dvcsync_records_on_portal{stream="dossiers"}"#] == 30)
            #expect(metrics["dvcsync_ledger_up"] == 1)
            #expect(metrics.types["dvcsync_request_duration_seconds"] == "histogram")
            let portalCalls = try #require(metrics[#"dvcsync_request_duration_seconds_count{target="portal"}"#])
            #expect(portalCalls > 0)
            #expect(metrics[#"dvcsync_request_duration_seconds_bucket{target="portal",le="+Inf"}"#] == portalCalls)
            #expect((metrics[#"dvcsync_request_duration_seconds_count{target="source"}"#] ?? 0) > 0)
            let lastSuccess = try #require(metrics[#"dvcsync_last_success_timestamp_seconds{stream="steps"}"#])
            #expect(abs(lastSuccess - Date().timeIntervalSince1970) < 600)
            #expect(!scrape.text.contains("mock-secret") && !scrape.text.contains("mock-source-secret"))

            daemon.requestStop()
            try await running.value
            let pass = try #require(lines.all.first { $0.contains(#""event":"pass""#) })
            let object = try JSONParser.parse(pass)
            #expect(object["pulled"] == .number("30"))
            #expect(object["status"] == .string("succeeded"))
            #expect(lines.all.contains { $0.contains(#""event":"stopped""#) })
        }
    }

    /// A pass that fails because the source refuses the credentials makes `/readyz` answer 503 with the code,
    /// while `/healthz` stays 200.
    @Test func credentialFailureMakesDaemonUnready() async throws {
        try await withGatewayHarness(dossiers: 5) { harness in
            let gateway = try harness.makeGateway(extra: ["source.username": "nobody@example.invalid"])
            defer { gateway.shutdown() }
            var settings = Daemon.Configuration()
            settings.metricsPort = 0
            settings.dossiersEvery = 3600
            let daemon = Daemon(gateway: gateway, configuration: settings, log: DaemonLog(json: false, sink: { _ in }))
            let running = Task { try await daemon.run() }
            try await waitUntil { daemon.metrics.passes["dossiers"]?["failed"] == 1 }
            let port = try #require(daemon.metricsPort)
            let ready = try #require(await DaemonProcessTests.get(port, "/readyz"))
            #expect(ready.status == 503)
            #expect(ready.text.contains("source.auth"), "\(ready.text)")
            #expect(try #require(await DaemonProcessTests.get(port, "/healthz")).status == 200)
            daemon.requestStop()
            try await running.value
        }
    }

    /// A ledger that still answers reads but refuses every write (read-only, disk full) fails each pass: `/readyz`
    /// answers 503 with the code instead of `ready`.
    @Test func ledgerThatRefusesWritesMakesDaemonUnready() async throws {
        try await withGatewayHarness(dossiers: 3) { harness in
            let gateway = try harness.makeGateway()
            defer { gateway.shutdown() }
            var settings = Daemon.Configuration()
            settings.metricsPort = nil
            let daemon = Daemon(gateway: gateway, configuration: settings, log: DaemonLog(json: false, sink: { _ in }))
            try gateway.ledger.withConnection { try $0.execute("PRAGMA query_only = 1") }
            _ = await daemon.pass(daemon.jobs[0])
            #expect(daemon.metrics.lastFailureCode == "ledger.read_only")
            let ready = daemon.respond(to: "/readyz")
            #expect(ready.status == 503)
            #expect(ready.body.contains("ledger.read_only"), "\(ready.body)")
        }
    }

    /// The source refusing the credentials fails every dossiers pass; a catalogue pass that succeeds in between
    /// (it does not read the source's dossiers) leaves the daemon unready, until a dossiers pass succeeds.
    @Test func otherJobSucceedingKeepsCredentialFailureStanding() async throws {
        try await withGatewayHarness(dossiers: 3) { harness in
            let gateway = try harness.makeGateway(extra: ["source.username": "nobody@example.invalid",
                                                          "publication.decision": "1234/QĐ-UBND",
                                                          "publication.decisionDate": "15/11/2026"])
            defer { gateway.shutdown() }
            var settings = Daemon.Configuration()
            settings.metricsPort = nil
            let daemon = Daemon(gateway: gateway, configuration: settings, log: DaemonLog(json: false, sink: { _ in }))
            let dossiers = try #require(daemon.jobs.first { $0.name == "dossiers" })
            let catalogue = try #require(daemon.jobs.first { $0.name == "catalogue" })
            _ = await daemon.pass(dossiers)
            _ = await daemon.pass(catalogue)
            #expect(daemon.metrics.passes["catalogue"]?["succeeded"] == 1)
            let ready = daemon.respond(to: "/readyz")
            #expect(ready.status == 503)
            #expect(ready.body == "last dossiers pass failed: source.auth\n", "\(ready.body)")
        }
    }

    /// A configured proxy whose name does not resolve fails the passes with `transport.proxy` until the source's
    /// breaker opens; the passes it then refuses (`transport.circuit_open`) keep the daemon unready with the cause.
    @Test func openBreakerKeepsTheFailureBehindItStanding() async throws {
        try await withGatewayHarness(dossiers: 3) { harness in
            let gateway = try harness.makeGateway(extra: ["transport.proxy": "http://no-such-proxy.invalid:3128",
                                                          "transport.maxAttempts": "1"])
            defer { gateway.shutdown() }
            var settings = Daemon.Configuration()
            settings.metricsPort = nil
            let daemon = Daemon(gateway: gateway, configuration: settings, log: DaemonLog(json: false, sink: { _ in }))
            var codes: [String] = []
            for _ in 0..<30 where codes.last != "transport.circuit_open" {
                if case .finished(.failure(let error)) = await daemon.pass(daemon.jobs[0]) {
                    codes.append(Daemon.code(of: error))
                }
            }
            #expect(codes.first == "transport.proxy" && codes.last == "transport.circuit_open", "\(codes)")
            let ready = daemon.respond(to: "/readyz")
            #expect(ready.status == 503)
            #expect(ready.body.contains("transport.proxy"), "\(ready.body)")
        }
    }

    /// Jobs run in turn: the earliest due first, then again `every` after their start.
    @Test func scheduleOrdersJobsByDueTime() {
        let dossiers = DaemonJob(name: "dossiers", streams: [.dossiers, .steps], every: 60)
        let catalogue = DaemonJob(name: "catalogue", streams: [.catalogue], every: 3600)
        let start = Date(timeIntervalSince1970: 1_000_000)
        var schedule = DaemonSchedule(jobs: [dossiers, catalogue], start: start)
        #expect(schedule.next().job == dossiers)
        schedule.ran(dossiers, startedAt: start)
        #expect(schedule.next().job == catalogue && schedule.next().at == start)
        schedule.ran(catalogue, startedAt: start.addingTimeInterval(5))
        #expect(schedule.next().job == dossiers)
        #expect(schedule.next().at == start.addingTimeInterval(60))
    }

    /// A stop request while the daemon waits for its next pass ends `run()` without another pass.
    @Test func stopWhileIdleEndsRun() async throws {
        try await withGatewayHarness(dossiers: 5) { harness in
            let gateway = try harness.makeGateway()
            defer { gateway.shutdown() }
            var settings = Daemon.Configuration()
            settings.metricsPort = nil
            settings.dossiersEvery = 3600
            let daemon = Daemon(gateway: gateway, configuration: settings, log: DaemonLog(json: false, sink: { _ in }))
            let running = Task { try await daemon.run() }
            try await waitUntil { daemon.metrics.passes["dossiers"]?["succeeded"] == 1 }
            daemon.requestStop()
            try await running.value
            #expect(daemon.metrics.passes["dossiers"] == ["succeeded": 1])
            #expect(try gateway.ledger.runs().map(\.status) == ["succeeded"])
        }
    }

    /// The catalogue is scheduled only with a publication decision.
    @Test func catalogueNeedsADecision() {
        #expect(DaemonJob.schedule(dossiersEvery: 60, catalogueEvery: 3600, decision: nil).map(\.name) == ["dossiers"])
        let decision = PublicationDecision(number: "12/QĐ-UBND", date: "01/02/2026", agency: "H20")
        let jobs = DaemonJob.schedule(dossiersEvery: 60, catalogueEvery: 3600, decision: decision)
        #expect(jobs.map(\.name) == ["dossiers", "catalogue"])
        #expect(jobs.last?.streams == [.catalogue])
    }

    /// A second lock on the same ledger fails with `daemon.already_running`, naming the file and the holder's pid;
    /// once released, the lock can be taken again.
    @Test func secondLockIsRefused() throws {
        let directory = try RepoPaths.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let ledger = directory.appendingPathComponent("ledger.sqlite").path
        let first = try InstanceLock(ledgerPath: ledger)
        #expect(InstanceLock.holder(of: first.path) == getpid())
        do {
            _ = try InstanceLock(ledgerPath: ledger)
            Issue.record("a second lock was granted")
        } catch let error as DaemonError {
            #expect(error.code == "daemon.already_running")
            #expect(error.message.contains(ledger + ".lock"))
            #expect(error.message.contains("\(getpid())"))
        }
        first.release()
        let again = try InstanceLock(ledgerPath: ledger)
        again.release()
    }
}

/// Log lines collected from the daemon.
final class LogLines: @unchecked Sendable {
    // @unchecked: `lines` is only touched under `lock`.
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}

/// Polls `condition` every 10 ms for up to `timeout` seconds (generous: the whole suite runs in parallel on two cores).
func waitUntil(timeout: Double = 60, _ what: String = "condition", _ condition: () throws -> Bool) async throws {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    Issue.record("\(what): not met within \(timeout) s")
    throw CancellationError()
}
