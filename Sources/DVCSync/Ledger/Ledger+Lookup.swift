import Foundation

extension Ledger {
    /// The hash of what the portal is known to hold for each of `keys` of `stream` (keys never delivered, or never
    /// seen, are absent). Reads only those keys, so a dry run costs the page, not the ledger.
    public func remoteHashes(stream: String, keys: [String]) throws -> [String: String] {
        try withConnection { db in
            let statement = try db.statement("SELECT remote_hash FROM record WHERE stream = ? AND source_key = ?")
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
