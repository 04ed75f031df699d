import Foundation

extension OpenCPSConnector {
    /// Stock mode, first run: pages through every dossier in creation order, checkpointing the offset.
    func scanFull(from offset: Int, knownHashes: KnownHashes, page: @Sendable (DossierPage) async throws -> Void)
        async throws
    {
        var start = offset
        while true {
            let (total, items) = try await list([], start: start, end: start + configuration.pageSize)
            start += items.count
            let done = items.count < configuration.pageSize || start >= total
            let cursor = done ? ScanCursor(fullScanDone: true).encoded : ScanCursor(offset: start).encoded
            try await page(try await makePage(items, knownHashes: knownHashes, seen: nil, cursor: cursor))
            if done || items.isEmpty { return }
        }
    }

    /// Stock mode, later runs: open dossiers plus those received, released or finished in the look-back window.
    /// Status-filtered pages overlap, because a dossier that leaves the filter shifts the offsets.
    func scanWindows(knownHashes: KnownHashes, page: @Sendable (DossierPage) async throws -> Void) async throws {
        let since = VietnamTime.dateOnly(clock.now.addingTimeInterval(-Double(configuration.lookbackDays) * 86_400))
        let windows: [[(String, String)]] = [
            [("status", configuration.openStatuses.joined(separator: ","))],
            [("fromReceiveDate", since)], [("fromReleaseDate", since)], [("fromFinishDate", since)],
        ]
        let seen = SeenKeys()
        let overlap = max(1, configuration.pageSize / 10)
        for filters in windows {
            var start = 0
            while true {
                let (total, items) = try await list(filters, start: start, end: start + configuration.pageSize)
                try await page(try await makePage(items, knownHashes: knownHashes, seen: seen, cursor: nil))
                if items.count < configuration.pageSize || start + items.count >= total { break }
                start += items.count - overlap
            }
        }
    }

    /// Extended mode: `fromModifiedDate` (inclusive) from the cursor minus the look-back, ordered by modification
    /// time then id; a page full of equal timestamps continues by offset inside that timestamp.
    func scanExtended(from state: ScanCursor, knownHashes: KnownHashes,
                      page: @Sendable (DossierPage) async throws -> Void) async throws {
        var since = VietnamTime.dateTime(
            state.modified.flatMap(VietnamTime.parseDateTime)
                .map { $0.addingTimeInterval(-Double(configuration.lookbackMinutes) * 60) }
                ?? Date(timeIntervalSince1970: 0))
        var offset = 0
        let seen = SeenKeys()
        while true {
            let filters = [("fromModifiedDate", since), ("sort", "modifiedDate"), ("order", "false")]
            let (_, items) = try await list(filters, start: offset, end: offset + configuration.pageSize)
            guard let last = items.last else { return }
            let newest = last["modifiedDate"]?.scalarText ?? since
            let cursor = ScanCursor(modified: newest, id: last["dossierId"]?.scalarText).encoded
            try await page(try await makePage(items, knownHashes: knownHashes, seen: seen, cursor: cursor))
            if items.count < configuration.pageSize { return }
            if newest != since {
                // Restart at the newest timestamp; skip the items of that timestamp already seen.
                since = newest
                offset = items.reversed().prefix { $0["modifiedDate"]?.scalarText == newest }.count
            } else {
                offset += items.count
            }
        }
    }
}

/// The connector's saved position, stored as JSON text in the ledger.
struct ScanCursor: Codable, Sendable {
    var fullScanDone = false
    var offset: Int?
    var modified: String?
    var id: String?

    init(fullScanDone: Bool = false, offset: Int? = nil, modified: String? = nil, id: String? = nil) {
        self.fullScanDone = fullScanDone
        self.offset = offset
        self.modified = modified
        self.id = id
    }

    static func decode(_ text: String?) -> ScanCursor {
        guard let text, let data = text.data(using: .utf8),
            let cursor = try? JSONDecoder().decode(ScanCursor.self, from: data)
        else { return ScanCursor() }
        return cursor
    }

    var encoded: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}
