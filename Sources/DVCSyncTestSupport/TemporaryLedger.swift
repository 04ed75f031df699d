import DVCSync
import Foundation

/// A ledger in a fresh temporary folder.
public struct TemporaryLedger {
    public let directory: URL
    public let path: String
    public let ledger: Ledger

    public init(configuration: Ledger.Configuration = .init(), clock: any SyncClock = SystemClock()) throws {
        directory = try RepoPaths.makeTemporaryDirectory(prefix: "dvcsync-ledger")
        path = directory.appendingPathComponent("ledger.sqlite").path
        ledger = try Ledger(path: path, configuration: configuration, clock: clock)
    }

    /// Removes the folder.
    public func remove() { try? FileManager.default.removeItem(at: directory) }
}

extension RecordChange {
    /// A record change with a payload derived from `key` and `version`.
    public static func make(_ key: String, version: Int = 1, orderKey: String? = nil, sequence: Int64 = 0)
        -> RecordChange
    {
        let payload = Array(#"{"MaHoSo":"\#(key)","v":"\#(version)"}"#.utf8)
        return RecordChange(sourceKey: key, orderKey: orderKey, sequence: sequence,
                            sourceHash: ContentHash.sha256Hex("src-\(key)-\(version)"),
                            mappedHash: ContentHash.sha256Hex(payload), payload: payload)
    }
}
