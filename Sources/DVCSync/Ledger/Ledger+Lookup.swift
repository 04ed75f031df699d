import Foundation

extension Ledger {
    /// Stored source hashes of the given keys of `stream` (keys never seen are absent).
    public func sourceHashes(stream: String, keys: [String]) throws -> [String: String] {
        try hashes(column: "source_hash", stream: stream, keys: keys)
    }

    /// The hash of what the portal is known to hold for each of `keys` of `stream` (keys never delivered, or never
    /// seen, are absent). Reads only those keys, so a dry run costs the page, not the ledger.
    public func remoteHashes(stream: String, keys: [String]) throws -> [String: String] {
        try hashes(column: "remote_hash", stream: stream, keys: keys)
    }

    /// `column` of the records of `stream` with the given keys, by key; NULLs and unknown keys are absent.
    private func hashes(column: String, stream: String, keys: [String]) throws -> [String: String] {
        try withConnection { db in
            let statement = try db.statement("SELECT \(column) FROM record WHERE stream = ? AND source_key = ?")
            var hashes: [String: String] = [:]
            for key in keys {
                try statement.bind(.text(stream), .text(key))
                if try statement.step(), let hash = statement.optionalText(0) { hashes[key] = hash }
                try statement.run()
            }
            return hashes
        }
    }
}
