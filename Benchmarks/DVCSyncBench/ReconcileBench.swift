import ArgumentParser
import DVCSync
import Foundation

/// `dvcsync-bench reconcile-compare`: key/hash comparison of source ↔ ledger at reconciliation scale.
struct ReconcileBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile-compare",
        abstract: "Compares N source records with the ledger by key and content hash; prints records/s and peak RSS.")

    @Option(help: "Records per side.") var records = 1_000_000
    @Option(help: "Timed repetitions of each variant (the best is printed).") var repeats = 3

    func run() throws {
        let (source, ledger) = Self.makeSides(count: records)
        print("reconcile-compare: \(records) source records, \(ledger.count) ledger records")
        print("  sides built; peak RSS so far \(PeakMemory.megabytes()) MB")

        let sorted = best(repeats) { KeyHashComparer.compare(source: source, ledger: ledger) }
        report("sorted arrays (merge)", sorted)

        var generator = SplitMix(seed: 7)
        let shuffledSource = source.shuffled(using: &generator)
        let shuffledLedger = ledger.shuffled(using: &generator)
        let unsorted = best(1) { KeyHashComparer.compare(source: shuffledSource, ledger: shuffledLedger) }
        report("unsorted arrays (sort + merge)", unsorted)

        let sourceMap = Dictionary(uniqueKeysWithValues: source.map { ($0.key, $0.hash) })
        let ledgerMap = Dictionary(uniqueKeysWithValues: ledger.map { ($0.key, $0.hash) })
        let maps = best(1) { KeyHashComparer.compare(source: sourceMap, ledger: ledgerMap) }
        report("maps [MaHoSo: hash] (baseline)", maps)
        Figures.emit("reconcile-compare", "source ↔ ledger comparison, sorted merge", Double(records) / sorted.seconds,
                     unit: "records/s", baseline: Double(records) / maps.seconds, baselineName: "dictionary lookups",
                     goal: .atLeast(500_000))
        Figures.emit("reconcile-compare", "same, when the sides must be sorted first",
                     Double(records) / unsorted.seconds, unit: "records/s")
        print("  ratio sorted-merge / maps: \(String(format: "%.2f", maps.seconds / sorted.seconds))× faster")
        print("  peak RSS \(PeakMemory.megabytes()) MB")
    }

    private struct Timed {
        var seconds: Double
        var result: KeyHashDifference
    }

    private func best(_ times: Int, _ body: () -> KeyHashDifference) -> Timed {
        var fastest = Timed(seconds: .infinity, result: KeyHashDifference(missing: [], extra: [], changed: [], matched: 0))
        for _ in 0..<max(1, times) {
            let start = DispatchTime.now().uptimeNanoseconds
            let result = body()
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if seconds < fastest.seconds { fastest = Timed(seconds: seconds, result: result) }
        }
        return fastest
    }

    private func report(_ name: String, _ timed: Timed) {
        let rate = Double(records) / timed.seconds
        let r = timed.result
        let label = name.padding(toLength: 34, withPad: " ", startingAt: 0)
        print("  " + label + String(format: " %8.3f s  %12.0f records/s  missing %d extra %d changed %d matched %d",
                                    timed.seconds, rate, r.missing.count, r.extra.count, r.changed.count, r.matched))
    }

    /// Source and ledger sorted by key: 1% changed hashes, 0.5% missing from the ledger, 0.5% extra in it.
    static func makeSides(count: Int) -> ([KeyHash], [KeyHash]) {
        var source: [KeyHash] = []
        var ledger: [KeyHash] = []
        source.reserveCapacity(count)
        ledger.reserveCapacity(count)
        var generator = SplitMix(seed: 42)
        for index in 0..<count {
            let agency = 10 + index % 40
            let key = "000.00.\(agency).H20-2403\(String(format: "%02d", 1 + index % 28))-\(String(format: "%07d", index))"
            let hash = hex(generator.next(), generator.next(), generator.next(), generator.next())
            source.append(KeyHash(key: key, hash: hash))
            switch index % 200 {
            case 0: continue
            case 1, 2: ledger.append(KeyHash(key: key, hash: hex(generator.next(), 0, 0, 0)))
            case 3: ledger.append(KeyHash(key: key, hash: hash)); ledger.append(KeyHash(key: key + "X", hash: hash))
            default: ledger.append(KeyHash(key: key, hash: hash))
            }
        }
        source.sort { KeyHashComparer.order($0.key, $1.key) < 0 }
        ledger.sort { KeyHashComparer.order($0.key, $1.key) < 0 }
        return (source, ledger)
    }

    private static func hex(_ words: UInt64...) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes = [UInt8]()
        bytes.reserveCapacity(64)
        for word in words {
            for shift in stride(from: 60, through: 0, by: -4) { bytes.append(digits[Int((word >> UInt64(shift)) & 0xF)]) }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Deterministic generator for benchmark data.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Peak resident set size of this process (Linux `VmHWM`).
enum PeakMemory {
    static func megabytes() -> String {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kb = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return "?" }
        return String(format: "%.1f", kb / 1024)
    }
}
