import DVCSync
import DVCSyncTestSupport
import Foundation

/// One second of the soak.
struct SoakSample {
    var second: Double
    var process: ProcessSample
    /// Smallest and largest WAL size seen within the second.
    var walLow: Int64
    var walHigh: Int64
    var ledgerBytes: Int64
}

/// The soak's table and its verdict on flatness.
enum SoakReport {
    /// Pages a pass may leave in the WAL between two checkpoints without the WAL counting as grown.
    static let passPages: Int64 = 64

    /// first / min / max / last of each figure.
    static func table(_ samples: [SoakSample], title: String) -> String {
        func row(_ name: String, _ values: [Double], _ format: String) -> String {
            guard let first = values.first, let last = values.last else { return name }
            let cells = [first, values.min() ?? 0, values.max() ?? 0, last].map { String(format: format, $0) }
            return name.padding(toLength: 12, withPad: " ", startingAt: 0)
                + cells.map { $0.leftPadded(to: 10) }.joined()
        }
        return ([title, "figure".padding(toLength: 12, withPad: " ", startingAt: 0)
                    + ["first", "min", "max", "last"].map { $0.leftPadded(to: 10) }.joined(),
                 row("RSS MiB", samples.map { Double($0.process.rssKiB) / 1024 }, "%.1f"),
                 row("open fds", samples.map { Double($0.process.openFiles) }, "%.0f"),
                 row("WAL KiB", samples.map { Double($0.walHigh) / 1024 }, "%.0f"),
                 row("ledger KiB", samples.map { Double($0.ledgerBytes) / 1024 }, "%.0f")])
            .joined(separator: "\n")
    }

    /// What is not flat, one sentence each; empty when memory, descriptors and the WAL held. The first fifth of the
    /// samples is warm-up; the first and last thirds of the rest are compared.
    /// - descriptors: the last third's peak stays within the first third's peak plus `connections` (sockets the
    ///   transport may open and close as it pleases);
    /// - memory: the last third's median RSS stays within the first third's plus 10 %, plus the growth of the ledger
    ///   file (the SQLite page cache holds ledger pages), plus 8 MiB;
    /// - WAL: never above twice the auto-checkpoint size, and in the last third it comes back down to what it was in
    ///   the first third (or to one pass's pages): checkpoints keep folding it into the database.
    static func judge(_ samples: [SoakSample], pageSize: Int64, connections: Int) -> [String] {
        guard samples.count >= 6 else { return ["only \(samples.count) samples"] }
        let rest = Array(samples.dropFirst(max(1, samples.count / 5)))
        let third = max(1, rest.count / 3)
        let early = Array(rest.prefix(third))
        let late = Array(rest.suffix(third))
        var problems: [String] = []

        let earlyFiles = early.map(\.process.openFiles).max() ?? 0
        let lateFiles = late.map(\.process.openFiles).max() ?? 0
        if lateFiles > earlyFiles + connections {
            problems.append("open descriptors grew from \(earlyFiles) to \(lateFiles) (allowed +\(connections))")
        }

        let earlyRSS = median(early.map { Double($0.process.rssKiB) })
        let lateRSS = median(late.map { Double($0.process.rssKiB) })
        let ledgerGrowth = Double((late.map(\.ledgerBytes).max() ?? 0) - (early.map(\.ledgerBytes).min() ?? 0)) / 1024
        let allowedRSS = earlyRSS * 1.10 + max(0, ledgerGrowth) + 8 * 1024
        if lateRSS > allowedRSS {
            problems.append(String(format: "RSS grew from %.1f MiB to %.1f MiB (allowed %.1f MiB)",
                                   earlyRSS / 1024, lateRSS / 1024, allowedRSS / 1024))
        }

        let frame = pageSize + 24
        let walBound = 2 * Int64(Ledger.autocheckpointPages) * frame + 32
        let walPeak = rest.map(\.walHigh).max() ?? 0
        if walPeak > walBound { problems.append("WAL reached \(walPeak) bytes (bound \(walBound))") }
        let lateLow = late.map(\.walLow).min() ?? 0
        let earlyHigh = max(early.map(\.walHigh).max() ?? 0, passPages * frame)
        if lateLow > earlyHigh {
            problems.append("WAL no longer comes down: at least \(lateLow) bytes in the last third (early peak "
                + "\(earlyHigh))")
        }
        return problems
    }

    /// The page size in the header of the SQLite database at `path` (4096 when unreadable).
    static func pageSize(ofDatabase path: String) -> Int64 {
        guard let handle = FileHandle(forReadingAtPath: path) else { return 4096 }
        defer { try? handle.close() }
        guard let header = try? handle.read(upToCount: 18), header.count == 18 else { return 4096 }
        let size = Int64(header[16]) << 8 | Int64(header[17])
        return size == 1 ? 65_536 : size
    }

    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1 ? sorted[sorted.count / 2]
            : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
