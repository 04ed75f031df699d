import ArgumentParser
import DVCMock
import DVCSync
import Foundation

/// `dvcsync demo`: the whole job against the embedded mock portal and a generated province, on loopback.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Start the mock portal and a generated province in process, publish, sync, advance, sync, check.")
    @Option(help: "Dossiers in the generated province.") var dossiers = 2000
    @Option(help: "Seed of the generated data.") var seed: UInt64 = 2023
    @Option(help: "Folder of the mock data (agencies.json, procedures.json).") var data = "Mock/data"
    @Option(help: "Folder of the demo's ledger.sqlite (replaced at each run; nothing else in it is touched).")
    var directory = "dvcsync-demo"
    @Option(help: "Source mode of the mock province: stock or extended.") var mode = "stock"
    @Option(help: "Mapping folder.") var mappings = "Mappings/h20"

    func validate() throws {
        guard ["stock", "extended"].contains(mode) else {
            throw ValidationError("--mode must be stock or extended, got \(mode)")
        }
    }

    func run() async throws {
        for (path, option) in [(data + "/agencies.json", "--data"), (mappings + "/dossier.yaml", "--mappings")]
            where !FileManager.default.fileExists(atPath: path) {
            throw CLIError(code: "demo.not_found", message: "\(path) not found. Fix: run the demo from the repository "
                + "root, or give \(option) the folder that holds it")
        }
        let folder = URL(fileURLWithPath: directory)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(at: folder.appendingPathComponent("ledger.sqlite" + suffix))
        }
        var settings = MockEnvironment.Configuration(dataDirectory: URL(fileURLWithPath: data))
        settings.dossiers = dossiers
        settings.seed = seed
        settings.mode = mode == "extended" ? .extended : .stock
        let mocks = try await MockEnvironment.start(settings)
        let ledgerPath = folder.appendingPathComponent("ledger.sqlite").path
        print("mock portal \(mocks.portalURL), mock province \(mocks.sourceURL) (\(dossiers) dossiers, seed \(seed))")
        do {
            let gateway = try Gateway(configuration: try DemoSetup.configuration(
                mocks: mocks, ledger: ledgerPath, mode: mode, mappings: mappings))
            defer { gateway.shutdown() }
            try await DemoSetup.runSteps(gateway: gateway, mocks: mocks)
            print("ledger: \(ledgerPath)  (try: dvcsync ledger status --ledger \(ledgerPath))")
        } catch {
            await mocks.shutdown()
            throw error
        }
        await mocks.shutdown()
    }
}

enum DemoSetup {
    static func configuration(mocks: MockEnvironment, ledger: String, mode: String, mappings: String) throws
        -> GatewayConfiguration
    {
        let values = [
            "ledger.path": ledger, "portal.adapterBase": mocks.portalURL, "portal.username": "000.00.00.H20",
            "source.baseURL": mocks.sourceURL, "source.groupId": "35417", "source.username": "gateway@dongthap.gov.vn",
            "source.mode": mode, "mappings.directory": mappings,
        ]
        let secrets = ["DVCSYNC_PORTAL_PASSWORD": "mock-secret", "DVCSYNC_SOURCE_PASSWORD": "mock-source-secret"]
        return try GatewayConfiguration(reading: ConfigSource(values: values, file: "(demo)", environment: secrets))
    }

    static func runSteps(gateway: Gateway, mocks: MockEnvironment) async throws {
        let decision = PublicationDecision(number: "2023/QĐ-UBND", date: VietnamTime.dateOnly(Date()),
                                           agency: "000.00.00.H20")
        var start = Date()
        let published = try await CataloguePublisher(gateway: gateway, source: gateway.source, decision: decision)
            .publish { _, _ in }
        print("1. catalogue published: \(published.accepted) procedures accepted, \(published.refused.count) refused "
            + "(\(seconds(since: start)))")
        start = Date()
        let first = try await gateway.engine.run(streams: [.dossiers, .steps])
        print("2. first sync: \(first.detailsFetched) dossiers, \(first.enqueued[.steps] ?? 0) steps, "
            + "\(first.push.delivered) records pushed in \(first.push.requests) requests, "
            + "\(first.quarantined) quarantined (\(seconds(since: start)), "
            + "\(rate(first.detailsFetched, since: start)) dossiers/s)")
        let advanced = mocks.province.advance(bySeconds: 3 * 86_400)
        print("3. simulated clock moved 3 days: \(advanced.arrived) new dossiers, \(advanced.changed) changed")
        start = Date()
        let second = try await gateway.engine.run(streams: [.dossiers, .steps])
        print("4. incremental sync: \(second.skippedUnchanged) unchanged list items skipped, "
            + "\(second.detailsFetched) fetched, \(second.push.delivered) records pushed (\(seconds(since: start)))")
        start = Date()
        let report = try await Reconciler(gateway: gateway).reconcile().report
        let buckets = report.bucketCounts.filter { $0.value > 0 }.map { "\($0.key.rawValue) \($0.value)" }.sorted()
        print("5. reconcile (source ↔ ledger ↔ portal, \(report.counts.source) dossiers): \(report.counts.matched) "
            + "identical everywhere; " + (buckets.isEmpty ? "no discrepancies" : buckets.joined(separator: ", "))
            + "; duplicate creates seen by the portal: \(mocks.portal.snapshot()["DongBoHoSoMC"].duplicates) "
            + "(\(seconds(since: start)))")
        let province = report.indicators.province
        print(String(format: "   766 figures for the province: sync rate (1.4) %.1f%% of %d received; "
            + "online dossiers %d of %d", 100 * (province.syncRate.value ?? 0), province.syncRate.total,
            province.onlineShare.online, province.onlineShare.received))
    }

    /// Compares every dossier the ledger knows with the portal's stored copy.
    static func check(gateway: Gateway, mocks: MockEnvironment) throws -> String {
        var same = 0, missing = 0, different = 0
        for record in try gateway.ledger.recordHashes(stream: SyncStream.dossiers.rawValue) {
            guard let stored = mocks.portal.dossier(record.key), var members = stored.objectValue else {
                missing += 1
                continue
            }
            members["TienDoXuLy"] = nil
            if ContentHash.of(.object(members)) == record.mappedHash { same += 1 } else { different += 1 }
        }
        let snapshot = mocks.portal.snapshot()
        let status = try gateway.ledger.streamStatus()
        let waiting = status.map(\.outboxDepth).reduce(0, +)
        let dead = status.map(\.deadLetters).reduce(0, +)
        let quarantined = status.map(\.quarantined).reduce(0, +)
        return "portal holds \(snapshot.dossierCount) dossiers and \(snapshot.stepCount) steps; "
            + "\(same) identical to the source, \(missing) missing, \(different) different; outbox \(waiting), "
            + "dead letters \(dead), quarantined \(quarantined); duplicate creates "
            + "\(snapshot["DongBoHoSoMC"].duplicates)"
    }

    static func seconds(since start: Date) -> String { String(format: "%.1f s", Date().timeIntervalSince(start)) }
    static func rate(_ count: Int, since start: Date) -> String {
        String(format: "%.0f", Double(count) / max(Date().timeIntervalSince(start), 0.001))
    }
}
