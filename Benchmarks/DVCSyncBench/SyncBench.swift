import ArgumentParser
import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation

/// `dvcsync-bench sync`: end-to-end sync from the mock province to the mock portal on loopback, then a re-sync with
/// no change, then the per-dossier sequential pattern of real one-stop systems as a baseline.
struct SyncBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "sync",
                                                    abstract: "End-to-end sync throughput, re-sync and baseline.")
    @Option(help: "Dossiers in the generated province.") var dossiers = 20_000
    @Option(help: "Dossiers pushed by the sequential baseline.") var baselineDossiers = 500
    @Option(help: "Source mode: stock or extended.") var mode = "stock"
    @Option(help: "Stock window scans: list pages read ahead (source.listPagesAhead).") var listPagesAhead = 3
    @Option(help: "Re-sync passes after the full sync (the median is reported).") var resyncPasses = 5

    func run() async throws {
        let sourceMode: ProvinceSourceMode = mode == "extended" ? .extended : .stock
        print("dvcsync-bench sync: \(dossiers) dossiers, \(mode) mode")
        try await withGatewayHarness(dossiers: dossiers, seed: 11, mode: sourceMode) { harness in
            let gateway = try harness.makeGateway(mode: sourceMode, extra: [
                "source.pageSize": "500", "source.listPagesAhead": String(listPagesAhead)])
            defer { gateway.shutdown() }
            var start = Date()
            let cpuBefore = ProcessCPU.seconds
            let loadBefore = ProcessCPU.loadAverage
            let first = try await gateway.engine.run(streams: [.dossiers, .steps])
            let firstSeconds = Date().timeIntervalSince(start)
            let cpuSeconds = ProcessCPU.seconds - cpuBefore
            let fullRate = Double(first.detailsFetched) / firstSeconds
            print(String(format: "full sync: %d dossiers, %d steps, %d records pushed in %d requests, %.1f s, "
                + "%.0f dossiers/s", first.detailsFetched, first.enqueued[.steps] ?? 0, first.push.delivered,
                first.push.requests, firstSeconds, fullRate))
            print(String(format: "CPU time of the full sync (gateway and both mocks, user + system): %.1f s = "
                + "%.0f µs per dossier", cpuSeconds, cpuSeconds * 1e6 / Double(max(1, first.detailsFetched)))
                + "; load average before the run: \(loadBefore)")
            let peakKiB = Memory.value("VmHWM")
            print("peak RSS after full sync: \(peakKiB / 1024) MiB = \(peakKiB * 1024 / 1_000_000) MB "
                + "(gateway, both mocks and every record the mock portal holds, in one process)")
            Figures.emit("sync-\(mode)", "full sync of \(dossiers) dossiers, end to end", fullRate, unit: "dossiers/s",
                         goal: .atLeast(20_000))
            // The goal is the "< 300 MB" (decimal megabytes), held against the whole process here; the
            // gateway alone is measured by `scripts/scale-run` (docs/benchmarks.md, "Measured separately").
            Figures.emit("sync-\(mode)", "peak RSS after the full sync, gateway and mocks in one process",
                         Double(peakKiB * 1024) / 1_000_000, unit: "MB", goal: .atMost(300))
            // A re-sync takes a fraction of a second: several of them, the median reported.
            var passes: [(seconds: Double, summary: SyncSummary)] = []
            for _ in 0..<max(1, resyncPasses) {
                start = Date()
                let again = try await gateway.engine.run(streams: [.dossiers, .steps])
                passes.append((Date().timeIntervalSince(start), again))
            }
            passes.sort { $0.seconds < $1.seconds }
            let (againSeconds, again) = passes[passes.count / 2]
            let listed = again.pulled[.dossiers] ?? 0
            print(String(format: "re-sync, no change (median of %d passes, %.3f–%.3f s): %d list items in %.3f s = "
                + "%.0f items/s; detail+log requests avoided: %d; records pushed: %d", passes.count, passes[0].seconds,
                passes[passes.count - 1].seconds, listed, againSeconds, Double(listed) / againSeconds, 2 * again.skippedUnchanged,
                again.push.delivered))
            if sourceMode == .extended {
                Figures.emit("sync-\(mode)", "re-sync with no change, dossiers covered", Double(first.detailsFetched) / againSeconds,
                             unit: "dossiers/s", goal: .atLeast(200_000))
            } else {
                Figures.emit("sync-\(mode)", "re-sync with no change, window scan", Double(listed) / againSeconds,
                             unit: "list items/s", goal: .atLeast(50_000))
            }
            let baseline = try await SequentialBaseline.run(harness: harness, limit: baselineDossiers)
            print(String(format: "baseline (per dossier: lookup, push, progress, one request each, in sequence): "
                + "%.0f dossiers/s; dvcsync / baseline = %.1fx", baseline, fullRate / baseline))
            Figures.emit("sync-\(mode)", "full sync vs the per-dossier sequential pattern", fullRate,
                         unit: "dossiers/s", baseline: baseline, baselineName: "lookup, push, progress in sequence")
        }
    }
}

/// The pattern real one-stop systems use: for each dossier, TraCuuHoSo, then DongBoHoSoMC with one record, then
/// CapNhatTienDoHoSoMC with its steps, each waiting for the previous answer. Uses the same libcurl transport and
/// mappings, against a fresh portal.
enum SequentialBaseline {
    static func run(harness: GatewayHarness, limit: Int) async throws -> Double {
        var settings = MockEnvironment.Configuration(dataDirectory: RepoPaths.mock.appendingPathComponent("data"))
        settings.dossiers = limit
        settings.seed = 11
        let mocks = try await MockEnvironment.start(settings)
        defer { Task { await mocks.shutdown() } }
        let transport = try CurlTransport(configuration: .init())
        defer { transport.shutdown() }
        let portal = PortalClient(configuration: PortalConfiguration(
            adapterBase: mocks.portalURL, username: "000.00.00.H20", password: Secret("mock-secret")),
            transport: transport)
        let source = OpenCPSConnector(configuration: OpenCPSConfiguration(
            baseURL: mocks.sourceURL, groupId: "35417", username: "gateway@dongthap.gov.vn",
            password: Secret("mock-source-secret")), transport: transport)
        let mappings = try MappingSet.load(directory: RepoPaths.mappings.appendingPathComponent("h20"))
        let pushed = Counter()
        let start = Date()
        try await source.scanDossiers(cursor: nil, knownHashes: { _ in [:] }) { page in
            for item in page.items {
                guard case .success(let dossier) = mappings.mapDossier(item.detail) else { continue }
                let found = try await portal.call(service: "TraCuuHoSo", fields: ["mahoso": .string(item.key)])
                let exists = !(found.result?.arrayValue ?? []).isEmpty
                _ = try await portal.call(service: "DongBoHoSoMC", fields: [
                    "isUpdating": .string(exists ? "True" : "False"), "data": .array([dossier])])
                let steps = item.logs.compactMap { try? mappings.mapStep($0, dossier: item.detail).get() }
                if !steps.isEmpty {
                    _ = try await portal.call(service: "CapNhatTienDoHoSoMC", fields: ["data": .array(steps)])
                }
                pushed.add()
            }
        }
        return Double(pushed.value) / Date().timeIntervalSince(start)
    }
}

final class Counter: @unchecked Sendable {
    // @unchecked: `count` is only touched under `lock`.
    private let lock = NSLock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}

/// CPU time used by this process and the machine's load, so runs on a shared machine can be compared.
enum ProcessCPU {
    /// User + system CPU seconds of this process so far.
    static var seconds: Double {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// The 1-minute load average, as `/proc/loadavg` shows it.
    static var loadAverage: String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?"
        return String(text.split(separator: " ").first ?? "?")
    }
}
