import ArgumentParser
import DVCSync
import Foundation

/// `dvcsync-bench mapping`: dossiers per second through the shipped dossier mapping on one core, against a
/// hand-written Swift function producing the same output. Both start from parsed source records (`JSONValue`) and end
/// with what the sync pipeline stores and pushes: the record's canonical JSON bytes (sorted keys, as `JSONWriter`).
/// The SHA-256 the ledger keeps of those bytes and the former path (a `JSONValue` tree, then `JSONWriter`) are printed
/// for reference.
struct MappingBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mapping", abstract: "Throughput of the shipped dossier mapping versus hand-written Swift.")

    @Option(help: "Province mapping folder.") var mappings = "Mappings/h20"
    @Option(help: "Sample dossiers (JSON array).") var sample = "Mock/golden/sample-dossiers.json"
    @Option(help: "Dossiers mapped per measured run.") var count = 300_000
    @Option(help: "Measured runs (the median is printed).") var runs = 3
    @Flag(help: "Measure only the engine (for profiling).") var engineOnly = false

    func run() throws {
        let set = try MappingSet.load(directory: URL(fileURLWithPath: mappings))
        guard let engine = set.dossier else { throw ValidationError("no dossier.yaml in \(mappings)") }
        let hand = try HandDossierMapping(folder: URL(fileURLWithPath: mappings))
        let records = try JSONParser.parse([UInt8](try Data(contentsOf: URL(fileURLWithPath: sample)))).arrayValue ?? []
        guard !records.isEmpty else { throw ValidationError("sample has no records") }
        var identical = 0
        for record in records {
            let bytes = engine.mapCanonical(record).bytes
            if bytes != nil, bytes == (try? hand.mapBytes(record)),
                bytes == engine.map(record).value.map(JSONWriter.bytes)
            {
                identical += 1
            }
        }
        print("mapping version \(set.version.prefix(12)); \(records.count) sample dossiers; "
            + "engine bytes = hand-written bytes = JSONWriter of the engine's JSONValue on \(identical)/\(records.count)")
        print("measured: parsed source record (JSONValue) -> canonical JSON bytes of the DongBoHoSoMC item, "
            + "per second of thread CPU time")

        let n = records.count
        let engineRate = median { i in _ = engine.mapCanonical(records[i % n]) }
        if engineOnly {
            print(String(format: "engine:       %10.0f dossiers/s", engineRate))
            return
        }
        let handRate = median { i in _ = try? hand.mapBytes(records[i % n]) }
        print(String(format: "engine:       %10.0f dossiers/s", engineRate))
        print(String(format: "hand-written: %10.0f dossiers/s", handRate))
        print(String(format: "ratio (engine time / hand-written time): %.2fx", handRate / engineRate))
        let engineHashed = median { i in _ = engine.mapCanonical(records[i % n]).bytes.map(ContentHash.sha256Hex) }
        let handHashed = median { i in _ = (try? hand.mapBytes(records[i % n])).map(ContentHash.sha256Hex) }
        print(String(format: "with SHA-256 of the bytes (as the ledger stores): engine %.0f/s, hand-written %.0f/s",
                     engineHashed, handHashed))
        let engineTree = median { i in _ = engine.map(records[i % n]).value.map(JSONWriter.bytes) }
        let handTree = median { i in _ = (try? hand.map(records[i % n])).map(JSONWriter.bytes) }
        print(String(format: "via a JSONValue tree then JSONWriter: engine %.0f/s, hand-written %.0f/s",
                     engineTree, handTree))
        print("peak RSS: \(peakRSSKiB() / 1024) MiB")
        Figures.emit("mapping", "shipped dossier mapping, one core", engineRate, unit: "dossiers/s",
                     goal: .atLeast(100_000))
        Figures.emit("mapping", "time cost vs hand-written Swift", handRate / engineRate, unit: "×",
                     goal: .atMost(2))
    }

    /// Median rate over `runs` runs of `count` calls.
    func median(_ body: (Int) -> Void) -> Double {
        (0..<runs).map { _ in rate(body) }.sorted()[runs / 2]
    }

    /// Calls per second of this thread's CPU time (the machine is shared, so wall time would count other work).
    func rate(_ body: (Int) -> Void) -> Double {
        let start = threadCPUSeconds()
        for i in 0..<count { body(i) }
        return Double(count) / (threadCPUSeconds() - start)
    }

    func threadCPUSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// VmHWM from /proc/self/status, in KiB (0 where unavailable).
    func peakRSSKiB() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        return 0
    }
}
