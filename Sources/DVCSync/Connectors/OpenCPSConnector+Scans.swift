import Foundation

extension OpenCPSConnector {
    /// Stock mode, first run: pages through every dossier in creation order, checkpointing the offset. The next page
    /// (list, detail and logs) is fetched while `page` commits the current one; pages are still handed over in order.
    func scanFull(from state: ScanCursor, knownHashes: KnownHashes,
                  page: @Sendable (DossierPage) async throws -> Void) async throws {
        var upcoming = try await fullPage(start: state.offset ?? 0, latest: state.latest ?? 0,
                                          knownHashes: knownHashes)
        var repeats = PageRepeatGuard()
        while true {
            let current = upcoming
            try repeats.check(current.items, request: "start=\(current.start)")
            guard let next = current.next else {
                try await page(current.page)
                return
            }
            async let ahead = fullPage(start: next.start, latest: next.latest, knownHashes: knownHashes)
            try await page(current.page)
            upcoming = try await ahead
        }
    }

    /// One page of the full scan, and where the following one starts (nil after the last page).
    private func fullPage(start: Int, latest: Int64, knownHashes: KnownHashes) async throws
        -> (page: DossierPage, items: [ListItem], start: Int, next: (start: Int, latest: Int64)?)
    {
        let (total, items) = try await list([], start: start, end: start + configuration.pageSize)
        let end = start + items.count
        let done = items.count < configuration.pageSize || end >= total
        let newest = max(latest, Self.latestDate(in: items, notAfter: anchorCeiling))
        let cursor = done ? ScanCursor(fullScanDone: true, latest: newest).encoded
            : ScanCursor(offset: end, latest: newest).encoded
        let page = try await makePage(items, knownHashes: knownHashes, seen: nil, cursor: cursor)
        return (page, items, start, done || items.isEmpty ? nil : (end, newest))
    }

    /// Stock mode, later runs: open dossiers plus those received, released or finished in the look-back window.
    /// Status-filtered pages overlap, because a dossier that leaves the filter shifts the offsets.
    /// The look-back is anchored on the newest date the source has shown (not this machine's clock), so a source
    /// whose clock differs from ours, or that back-fills, is still covered; dates later than `anchorCeiling` (a
    /// typo such as year 2099) count as that ceiling, so one of them cannot move the windows past what they cover.
    func scanWindows(from state: ScanCursor, knownHashes: KnownHashes,
                     page: @Sendable (DossierPage) async throws -> Void) async throws {
        let ceiling = anchorCeiling
        let saved = state.latest.map { min($0, ceiling) }
        let anchor = saved.map { Date(timeIntervalSince1970: Double($0)) } ?? clock.now
        let since = VietnamTime.dateOnly(anchor.addingTimeInterval(-Double(configuration.lookbackDays) * 86_400))
        let latest = LatestBox(saved ?? 0)
        let windows: [[(String, String)]] = [
            [("status", configuration.openStatuses.joined(separator: ","))],
            [("fromReceiveDate", since)], [("fromReleaseDate", since)], [("fromFinishDate", since)],
        ]
        let seen = SeenKeys()
        // Pages of one item cannot overlap (the next page would be the same request).
        let overlap = configuration.pageSize > 1 ? max(1, configuration.pageSize / 10) : 0
        // The pages handed over are exactly those of a one-page-at-a-time scan, in the same order; the list
        // requests predicted to follow are started early, so the source renders them while a page is handed over.
        var ahead = ListPagesAhead(connector: self, windows: windows, pageSize: configuration.pageSize,
                                   step: configuration.pageSize - overlap, depth: configuration.listPagesAhead)
        defer { ahead.cancelAll() }
        var key = ListPagesAhead.Key(window: 0, start: 0)
        var request = ahead.take(key)
        var repeats = PageRepeatGuard()
        while true {
            let (total, items) = try await request.value
            ahead.learn(window: key.window, total: total)
            try repeats.check(items, request: "start=\(key.start)")
            latest.raise(Self.latestDate(in: items, notAfter: ceiling))
            let cursor = ScanCursor(fullScanDone: true, latest: latest.value).encoded
            let next: ListPagesAhead.Key
            if items.count < configuration.pageSize || key.start + items.count >= total {
                next = ListPagesAhead.Key(window: key.window + 1, start: 0)
                repeats = PageRepeatGuard()
            } else {
                next = ListPagesAhead.Key(window: key.window, start: key.start + items.count - overlap)
            }
            guard next.window < windows.count else {
                try await page(try await makePage(items, knownHashes: knownHashes, seen: seen, cursor: cursor))
                return
            }
            ahead.prefetch(from: next)
            request = ahead.take(next)
            try await page(try await makePage(items, knownHashes: knownHashes, seen: seen, cursor: cursor))
            key = next
        }
    }

    /// Extended mode: `fromModifiedDate` (inclusive) from the cursor minus the look-back, ordered by modification
    /// time then id. After a page the scan restarts at its newest timestamp, past the items of that timestamp it
    /// read; a page full of equal timestamps continues by offset inside that timestamp. Offsets inside a timestamp
    /// hold only while no item before them leaves it (a dossier modified again moves to the end of the list), so
    /// each such request starts one item early and must answer the last item read first: otherwise the timestamp
    /// is read again from its start, the items already handed over skipped by key and list hash. A source whose order
    /// of equal timestamps changes from one request to the next would have the scan read the same timestamp again
    /// and again: after `extendedRereads` such re-reads of one timestamp the scan goes on by offset instead.
    func scanExtended(from state: ScanCursor, knownHashes: KnownHashes,
                      page: @Sendable (DossierPage) async throws -> Void) async throws {
        var since = VietnamTime.dateTime(
            state.modified.flatMap(VietnamTime.parseDateTime)
                .map { $0.addingTimeInterval(-Double(configuration.lookbackMinutes) * 60) }
                ?? Date(timeIntervalSince1970: 0))
        var offset = 0
        // The item read last, which the next answer must start with (nil: the request starts the list).
        var expected: ListItem?
        // Times the current timestamp was read again from its start.
        var rereads = 0
        let seen = SeenKeys()
        var repeats = PageRepeatGuard()
        while true {
            // Requests stay at the page size (a source may cap it), so a page after the first adds one item less.
            let overlap = expected == nil ? 0 : 1
            let start = offset - overlap
            let size = max(configuration.pageSize, overlap + 1)
            let filters = [("fromModifiedDate", since), ("sort", "modifiedDate"), ("order", "false")]
            let (_, answer) = try await list(filters, start: start, end: start + size)
            try repeats.check(answer, request: "fromModifiedDate=\(since)&start=\(start)")
            let moved = expected.map { answer.first?.identity != $0.identity } ?? false
            if moved && rereads < Self.extendedRereads {
                // An item before the offset left the timestamp: read it again from its start.
                (offset, expected, rereads) = (0, nil, rereads + 1)
                continue
            }
            // The item read again is dropped; when it is not there, every item of the answer is kept.
            let items = Array(answer.dropFirst(moved ? 0 : overlap))
            guard let last = items.last else { return }
            let newest = last.modified ?? since
            let cursor = ScanCursor(modified: newest, id: last.id).encoded
            try await page(try await makePage(items, knownHashes: knownHashes, seen: seen, cursor: cursor))
            if answer.count < size { return }
            if newest != since {
                // Restart at the newest timestamp; skip the items of that timestamp already seen. Items older
                // than it cannot be listed again unless they change (and then they must go out), so only that
                // timestamp's items stay in `seen`: memory is bounded by the timestamp's items, not by the scan.
                (since, rereads) = (newest, 0)
                let boundary = items.reversed().prefix { $0.modified == newest }
                offset = boundary.count
                seen.withLock { $0 = Set(boundary.compactMap(Self.seenEntry)) }
            } else {
                offset = start + answer.count
            }
            expected = last
        }
    }
}

/// The connector's saved position, stored as JSON text in the ledger.
struct ScanCursor: Codable, Sendable {
    var fullScanDone = false
    var offset: Int?
    var modified: String?
    var id: String?
    /// Newest receive/release/finish/submit time seen in the source (epoch seconds): the look-back anchor.
    var latest: Int64?
    /// Dossiers whose detail or logs could not be read, to fetch again (`RefetchList`); absent when none.
    var refetch: [RefetchList.Entry]?

    init(fullScanDone: Bool = false, offset: Int? = nil, modified: String? = nil, id: String? = nil,
         latest: Int64? = nil) {
        self.fullScanDone = fullScanDone
        self.offset = offset
        self.latest = latest
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

extension OpenCPSConnector {
    static let activityDates = ["receiveDate", "releaseDate", "finishDate", "submitDate", "createDate"]

    /// Extended mode: how many times one timestamp is read again from its start (`scanExtended`).
    static let extendedRereads = 3

    /// Newest activity date in list items (epoch seconds), at most `ceiling`; 0 when none parses.
    static func latestDate(in items: [ListItem], notAfter ceiling: Int64) -> Int64 {
        items.map { min($0.latest, ceiling) }.max() ?? 0
    }

    /// How far ahead of this machine's clock the source's clock may run before its dates stop moving the look-back
    /// anchor (seconds).
    static let anchorSkewAllowance: Int64 = 86_400

    /// The latest look-back anchor this scan accepts: the scan's clock plus `anchorSkewAllowance`. A later anchor
    /// could only come from a mistyped date, and would make the windows skip dossiers finished before it.
    var anchorCeiling: Int64 { Int64(clock.now.timeIntervalSince1970) + Self.anchorSkewAllowance }
}

/// The newest date seen during a scan.
typealias LatestBox = Locked<Int64>

extension Locked where Value == Int64 {
    var value: Int64 { current }
    func raise(_ candidate: Int64) { withLock { $0 = Swift.max($0, candidate) } }
}
