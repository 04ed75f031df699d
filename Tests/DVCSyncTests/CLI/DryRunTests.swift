import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// `dvcsync sync --dry-run` counts exactly what the next real sync pushes, and sends and writes nothing.
@Suite struct DryRunTests {
    /// The numbers after `label` in a summary line such as `would push: dossiers 30, steps 104`.
    static func counts(_ output: String, after label: String) -> [String: Int] {
        guard let line = output.split(separator: "\n").first(where: { $0.hasPrefix(label) }) else { return [:] }
        var result: [String: Int] = [:]
        let words = line.dropFirst(label.count).split(whereSeparator: { $0 == " " || $0 == "," || $0 == ";" })
        for (name, value) in zip(words, words.dropFirst()) {
            if let number = Int(value), ["dossiers", "steps"].contains(String(name)) { result[String(name)] = number }
        }
        return result
    }

    @Test func dryRunCountsWhatTheNextSyncPushes() async throws {
        try await withGatewayHarness(dossiers: 30) { harness in
            let config = try harness.writeConfiguration(["transport.totalTimeout": "30"])
            func pushes() -> Int {
                let snapshot = harness.mocks.portal.snapshot()
                return snapshot["DongBoHoSoMC"].requests + snapshot["CapNhatTienDoHoSoMC"].requests
            }
            for round in 0..<2 {
                if round == 1 { harness.mocks.province.advance(bySeconds: 10 * 86_400) }
                let before = pushes()
                let dry = try harness.startGateway(["sync", "--dry-run"], configuration: config)
                #expect(await dry.waitForExit(timeout: 180) == 0, "\(dry.output)")
                let predicted = Self.counts(dry.output, after: "would push:")
                #expect(pushes() == before, "a dry run sent nothing")
                if round == 0 {
                    #expect(predicted["dossiers"] == 30, "\(dry.output)")
                    #expect(!FileManager.default.fileExists(atPath: harness.ledgerPath), "a dry run creates no ledger")
                } else {
                    #expect(predicted.values.reduce(0, +) > 0, "the advance changed something: \(dry.output)")
                    #expect(try Ledger(path: harness.ledgerPath).runs().count == 1, "a dry run records no run")
                }

                let real = try harness.startGateway(["sync"], configuration: config)
                #expect(await real.waitForExit(timeout: 180) == 0, "\(real.output)")
                // `changed: dossiers 12, steps 40; enqueued: dossiers 12, steps 40; quarantined: 0`
                let changedLine = real.output.split(separator: "\n").first { $0.hasPrefix("changed:") } ?? ""
                let enqueued = Self.counts(String(changedLine.split(separator: "enqueued:").last ?? ""), after: "")
                #expect(enqueued.filter { $0.value > 0 } == predicted.filter { $0.value > 0 }, "dry run: \(dry.output)\nsync: \(real.output)")
            }
        }
    }

    /// Without a ledger file, both dry runs work against an empty ledger and leave no file behind: not the ledger,
    /// not its -wal or -shm files, not the folder a typo in `ledger.path` names.
    @Test func aDryRunWithoutALedgerCreatesNothing() async throws {
        try await withGatewayHarness(dossiers: 12) { harness in
            let config = try harness.writeConfiguration()
            let typo = harness.directory.appendingPathComponent("typo")
            let publish = ["publish", "--dry-run", "--decision", "7/QĐ-UBND", "--decision-date", "02/03/2026"]
            let runs = [["sync", "--dry-run"], publish,
                        ["sync", "--dry-run", "--ledger", typo.appendingPathComponent("ledger.sqlite").path]]
            var outputs: [String] = []
            for arguments in runs {
                let child = try harness.startGateway(arguments, configuration: config)
                #expect(await child.waitForExit(timeout: 180) == 0, "\(arguments): \(child.output)")
                #expect(child.output.contains("yet: the dry run compares with an empty one"), "\(child.output)")
                let left = try FileManager.default.contentsOfDirectory(atPath: harness.directory.path)
                #expect(left == ["dvcsync.yaml"], "\(arguments) left \(left)")
                outputs.append(child.output)
            }
            #expect(outputs[0].contains("would push: dossiers 12"), "\(outputs[0])")
            #expect(outputs[2].contains("would push: dossiers 12"), "\(outputs[2])")
            #expect(outputs[2].contains("the folder \(typo.path) does not exist either"), "\(outputs[2])")
            #expect(harness.mocks.portal.snapshot()["CapNhatThuTuc"].requests == 0, "a dry run sends nothing")
            let procedures = try await harness.makeGateway().source.procedures().count
            #expect(outputs[1].contains("new \(procedures), changed 0"), "\(outputs[1])")
        }
    }
}
