import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// The soak: the real `dvcsync daemon` against the `flaky` portal while the province keeps moving, its memory,
/// descriptors and WAL sampled every second. Command: `DVCSYNC_PROOF_SCALE=full swift test --filter SoakSuite`
/// (`DVCSYNC_SOAK_SECONDS` sets the length; default 1200 s at full scale, 20 s in the CI subset).
@Suite struct SoakSuite {
    static let extra: [String: String] = ProofScale.pick(
        fast: ["daemon.dossiersEvery": "250ms", "push.batchSize": "10", "push.concurrency": "2",
               "push.backoffCap": "1", "transport.totalTimeout": "5", "transport.breakerOpen": "2s",
               "source.pageSize": "100", "source.lookbackDays": "3", "source.concurrency": "2"],
        full: ["daemon.dossiersEvery": "1s", "push.batchSize": "20", "push.concurrency": "2",
               "push.backoffCap": "5", "transport.totalTimeout": "10", "transport.breakerOpen": "10s",
               "source.pageSize": "100", "source.lookbackDays": "3", "source.concurrency": "2"])
    /// Simulated province seconds per real second: 3 h, so 20 real minutes are 150 days of the province.
    static let provinceSecondsPerSecond: Int64 = 3 * 3600

    @Test func daemonOnFlakyStaysFlat() async throws {
        let flaky = try scenario("flaky")
        try await withProofRig(dossiers: 300, days: 30, portalScenario: flaky, extra: Self.extra) { rig in
            let initial = await rig.waitUntilSettled(after: 0, timeout: 120)
            try #require(initial != nil, "initial sync did not settle; output: \(rig.daemon.output.suffix(2000))")
            let configuration = try rig.configuration
            let walPath = rig.harness.ledgerPath + "-wal"
            let onPortalBefore = rig.portal.snapshot().dossierCount
            var samples: [SoakSample] = []
            let start = Date()
            // The whole soak time, and at least 12 samples: on a loaded machine one sampling round (ten 100 ms
            // sleeps and a province step) can take seconds, and the verdict needs enough samples (bounded: 6x).
            func soaking() -> Bool {
                let elapsed = Date().timeIntervalSince(start)
                return elapsed < ProofScale.soakSeconds || (samples.count < 12 && elapsed < 6 * ProofScale.soakSeconds)
            }
            while soaking() {
                _ = rig.province.advance(bySeconds: Self.provinceSecondsPerSecond)
                // The WAL every 100 ms: its low point in each second shows whether checkpoints still fold it back.
                var wal: [Int64] = []
                for _ in 0..<10 {
                    try await Task.sleep(for: .milliseconds(100))
                    wal.append(fileSize(walPath))
                }
                guard let process = rig.daemon.sample() else {
                    Issue.record("the daemon exited: \(rig.daemon.output.suffix(2000))")
                    return
                }
                samples.append(SoakSample(second: Date().timeIntervalSince(start), process: process,
                                          walLow: wal.min() ?? 0, walHigh: wal.max() ?? 0,
                                          ledgerBytes: fileSize(rig.harness.ledgerPath)))
            }
            let settled = await rig.waitUntilSettled(after: await rig.passesNow(), timeout: 120)
            #expect(settled != nil, "the daemon did not catch up after the soak")
            let metrics = try #require(await rig.daemon.metrics())
            let passes = ProofRig.passes(metrics)
            let failedPasses = metrics.total(#"dvcsync_passes_total{job="dossiers",status="failed"}"#)
            let passSeconds = metrics.total("dvcsync_pass_duration_seconds_sum", label: #"job="dossiers""#) / max(1, passes)
            let delivered = rig.portal.snapshot().dossierCount - onPortalBefore
            print(SoakReport.table(samples, title: "SoakSuite (\(ProofScale.isFull ? "full" : "fast")): "
                + "\(samples.count) samples over \(Int(samples.last?.second ?? 0)) s, \(Int(passes)) passes (\(Int(failedPasses)) failed, "
                + String(format: "%.2f s on average), ", passSeconds)
                + "\(delivered) new dossiers on the portal, "
                + "\(rig.journal(after: 0).filter { !$0.faults.isEmpty }.count) faulted portal requests"))
            #expect(delivered > 0, "the province brought nothing new")
            #expect(rig.daemon.isRunning)
            let pageSize = SoakReport.pageSize(ofDatabase: rig.harness.ledgerPath)
            let verdicts = SoakReport.judge(samples, pageSize: pageSize,
                                            connections: configuration.engine.push.concurrency
                                                + configuration.source.concurrency)
            for verdict in verdicts { Issue.record(Comment(rawValue: verdict)) }
            if !verdicts.isEmpty || ProcessInfo.processInfo.environment["DVCSYNC_PROOF_LOG"] != nil {
                print(rig.daemon.output.split(separator: "\n").suffix(30).joined(separator: "\n"))
            }
        }
    }
}
