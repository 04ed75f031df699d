import ArgumentParser
import DVCMock
import Foundation

/// `dvcsync-bench generator`: mock-province generation time and memory, and list-page rendering time.
struct GeneratorBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generator",
        abstract: "Generate mock-province dossiers (streamed and stored); print time, RSS and page-render figures."
    )

    @Option(help: "Dossiers to generate.") var dossiers = 1_000_000
    @Option(help: "Smaller stored run to compare RSS with.") var small = 100_000
    @Option(help: "PRNG seed.") var seed: UInt64 = 1
    @Option(help: "Folder holding agencies.json and procedures.json.") var data = "Mock/data"

    func run() async throws {
        let catalog = try ProvinceCatalog(directory: URL(fileURLWithPath: data))
        print("generator: baseline RSS \(Memory.rssMB()) MB")

        var clock = ContinuousClock.now
        var generator = ProvinceGenerator(catalog: catalog,
                                          configuration: ProvinceGeneratorConfiguration(dossiers: dossiers, seed: seed))
        var checksum: UInt64 = 0
        for _ in 0..<dossiers { if let d = generator.next() { checksum &+= UInt64(d.release) } }
        let streamed = Memory.seconds(since: clock)
        Figures.emit("generator", "\(dossiers) dossiers streamed", streamed, unit: "s", goal: .atMost(30))
        print("streamed \(dossiers) dossiers in \(streamed) s, RSS \(Memory.rssMB()) MB (checksum \(checksum))")

        for count in [small, dossiers] {
            clock = ContinuousClock.now
            let before = Memory.rssMB()
            let province = MockProvince(catalog: catalog, configuration: .init(
                generator: ProvinceGeneratorConfiguration(dossiers: count, seed: seed)))
            let took = Memory.seconds(since: clock)
            Figures.emit("generator", "\(count) dossiers stored: RSS added", Double(Memory.rssMB() - before), unit: "MB")
            print("stored \(count) dossiers in \(took) s: RSS \(Memory.rssMB()) MB (+\(Memory.rssMB() - before) MB), "
                + "\(MemoryLayout<ProvinceDossier>.stride) bytes per dossier")
            if count == dossiers { try await pages(province) }
        }
        print("peak RSS (VmHWM) \(Memory.value("VmHWM") / 1024) MB")
    }

    private func pages(_ province: MockProvince) async throws {
        let auth = "Basic " + Data("gateway@dongthap.gov.vn:mock-source-secret".utf8).base64EncodedString()
        let headers = ["authorization": auth, "groupid": "35417"]
        for (label, query) in [("first page", ["start": "0", "end": "500"]),
                               ("deep page", ["start": "900000", "end": "900500"]),
                               ("status filter", ["status": "processing,waiting,paying,releasing", "start": "0", "end": "500"])] {
            var times: [Double] = []
            var bytes = 0
            for _ in 0..<9 {
                let clock = ContinuousClock.now
                let r = await province.handle(MockHTTPRequest(method: "GET", path: "/o/rest/v2/dossiers", query: query,
                                                              headers: headers))
                times.append(Memory.seconds(since: clock) * 1000)
                bytes = r.body.count
            }
            times.sort()
            print("list \(label) of 500 over \(dossiers): median \(String(format: "%.1f", times[4])) ms, \(bytes) bytes")
        }
    }
}

enum Memory {
    /// A `/proc/self/status` field in kB (0 when unavailable).
    static func value(_ field: String) -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
        }
        return 0
    }

    static func rssMB() -> Int { value("VmRSS") / 1024 }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
