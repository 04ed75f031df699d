/// Dossiers whose detail or logs could not be read (HTTP 403, an answer that is not JSON): the engine quarantines
/// them while the cursor moves on, and a scan past its look-back would not list them again until they change. The
/// list travels in the cursor (`ScanCursor.refetch`), so it is saved with the page that met the failure; each scan
/// fetches its dossiers again before anything else, and a dossier leaves the list once it is handed over readable.
final class RefetchList: Sendable {
    /// A dossier to fetch again: its key, its source id and the list hash it was listed with.
    struct Entry: Codable, Sendable, Equatable {
        var key: String
        var id: String
        var hash: String
    }

    /// At most this many dossiers are carried; beyond, the oldest are dropped (they stay quarantined in the ledger,
    /// and are read again when they next change).
    static let limit = 1_000

    private struct State {
        var entries: [Entry]
        /// The last cursor handed over, for a page that leaves the cursor where it is.
        var cursor: String?
        /// List hash of each dossier of the list fetched again in this scan: the scan does not fetch it a second
        /// time with the same hash (the ledger may not hold it yet, since a page commits after the next one is
        /// read; one still unreadable waits for the next scan).
        var read: [String: String] = [:]
    }

    private let state: Locked<State>

    init(_ entries: [Entry], cursor: String?) { state = Locked(State(entries: entries, cursor: cursor)) }

    /// The dossiers waiting to be fetched again.
    var entries: [Entry] { state.current.entries }

    /// `page` with the list updated by its items (failures join, readable dossiers leave) and carried in its cursor.
    func noting(_ page: DossierPage) -> DossierPage {
        var page = page
        state.withLock { s in
            let before = s.entries
            for item in page.items {
                if s.entries.contains(where: { $0.key == item.key }) {
                    s.read[item.key] = item.listHash
                }
                s.entries.removeAll { $0.key == item.key }
                if item.failure != nil, let id = item.sourceID {
                    s.entries.append(Entry(key: item.key, id: id, hash: item.listHash))
                }
            }
            s.entries.removeFirst(max(0, s.entries.count - Self.limit))
            if let cursor = page.cursor { s.cursor = cursor }
            // Nothing to carry, or nothing changed on a page that leaves the cursor as it is.
            if before.isEmpty && s.entries.isEmpty || page.cursor == nil && before == s.entries { return }
            var cursor = ScanCursor.decode(s.cursor)
            cursor.refetch = s.entries.isEmpty ? nil : s.entries
            page.cursor = cursor.encoded
        }
        return page
    }

    /// `knownHashes` answering, for the dossiers of the list fetched again in this scan, the list hash they were
    /// fetched with.
    func knownHashes(_ ledger: @escaping KnownHashes) -> KnownHashes {
        { [state] keys in
            var known = try await ledger(keys)
            let read = state.current.read
            if !read.isEmpty { for key in keys { if let hash = read[key] { known[key] = hash } } }
            return known
        }
    }
}

extension OpenCPSConnector {
    /// The dossiers of `entries` fetched again, as a page that leaves the scan where `cursor` puts it.
    func refetchPage(_ entries: [RefetchList.Entry], cursor: String?) async throws -> DossierPage {
        let fetched = try await fetchDetails(entries.map { ($0.key, $0.id, $0.hash) })
        return DossierPage(items: fetched, listed: 0, unchanged: 0, cursor: cursor)
    }
}
