import Foundation

/// The provincial OpenCPS v2 REST API as a source: catalogue, dossiers and processing logs, in `stock` or `extended`
/// mode (province-source-api.md §8). Every request goes through the given `HTTPTransport` (libcurl in production).
public final class OpenCPSConnector: SourceConnector {
    public let configuration: OpenCPSConfiguration
    let transport: any HTTPTransport
    let clock: any SyncClock

    public init(configuration: OpenCPSConfiguration, transport: any HTTPTransport, clock: any SyncClock = SystemClock()) {
        self.configuration = configuration
        self.transport = transport
        self.clock = clock
    }

    /// Catalogue and dossiers from a remote API.
    public var capabilities: SourceCapabilities { [.catalogue, .dossiers, .remote] }

    public func procedures() async throws -> [JSONValue] {
        let body = try await get("/serviceinfos", query: [("start", "0"), ("end", "0")])
        guard let data = body["data"]?.arrayValue else {
            throw SourceError(code: "source.bad_response", message: "/serviceinfos answer has no data array")
        }
        return data
    }

    public func scanDossiers(cursor: String?, knownHashes: KnownHashes,
                             page: @Sendable (DossierPage) async throws -> Void) async throws {
        try await withoutActuallyEscaping(knownHashes) { knownHashes in
            try await withoutActuallyEscaping(page) { page in
                try await scan(from: cursor, knownHashes: knownHashes, page: page)
            }
        }
    }

    /// `scanDossiers`, with closures that the refetch list may keep for the length of the scan.
    private func scan(from cursor: String?, knownHashes: @escaping KnownHashes,
                      page handOver: @escaping @Sendable (DossierPage) async throws -> Void) async throws {
        let state = ScanCursor.decode(cursor)
        // Dossiers whose detail or logs could not be read are fetched again, first, and carried in every cursor
        // until they are read: the scan itself may never list them again.
        let refetch = RefetchList(state.refetch ?? [], cursor: cursor)
        let knownHashes = refetch.knownHashes(knownHashes)
        let page: @Sendable (DossierPage) async throws -> Void = { try await handOver(refetch.noting($0)) }
        if !refetch.entries.isEmpty { try await page(try await refetchPage(refetch.entries, cursor: cursor)) }
        switch configuration.mode {
        case .extended: try await scanExtended(from: state, knownHashes: knownHashes, page: page)
        case .stock:
            if state.fullScanDone {
                try await scanWindows(from: state, knownHashes: knownHashes, page: page)
            } else {
                try await scanFull(from: state, knownHashes: knownHashes, page: page)
            }
        }
    }

    /// Lists one page of `/dossiers` with the given filters.
    /// The list is read leniently: a malformed UTF-8 sequence becomes U+FFFD, since only keys, dates and hashes are
    /// taken from list items (each dossier's detail is read strictly).
    func list(_ filters: [(String, String)], start: Int, end: Int) async throws -> (total: Int, items: [ListItem]) {
        let page = "page start=\(start) end=\(end)"
            + (filters.isEmpty ? "" : " (" + filters.map(\.0).joined(separator: ", ") + ")")
        let read: ListPageReader.Page
        do {
            let response = try await send("/dossiers", query: filters + [("start", String(start)), ("end", String(end))])
            if response.status != 200 { try check(response, body: Self.parse(response.body, lenient: true), path: "/dossiers") }
            guard let answer = try? ListPageReader.read(response.body, hash: configuration.listHash) else {
                throw SourceError(code: "source.bad_response", message: "/dossiers: answer is not JSON")
            }
            read = answer
        } catch var error as SourceError {
            error.message += "; \(page)"
            throw error
        }
        guard let items = read.items else {
            throw SourceError(code: "source.bad_response", message: "/dossiers answer has no data array; \(page)")
        }
        return (read.total ?? items.count, items)
    }

    /// Turns list items into a page: skips unchanged ones, fetches detail and logs of the rest concurrently.
    func makePage(_ items: [ListItem], knownHashes: KnownHashes, seen: SeenKeys?, cursor: String?) async throws
        -> DossierPage
    {
        var candidates: [(key: String, id: String, hash: String)] = []
        for item in items {
            guard let key = item.key, !key.isEmpty, let id = item.id else { continue }
            let hash = item.hash
            // A key met again in the same scan is skipped only when its list item is unchanged: a dossier that
            // changed after it was read must go out now, since the cursor may move past its new modification time.
            if let seen, !seen.insert(Self.seenEntry(key: key, hash: hash)) { continue }
            candidates.append((key, id, hash))
        }
        let known = try await knownHashes(candidates.map(\.key))
        let changed = candidates.filter { known[$0.key] != $0.hash }
        let fetched = try await fetchDetails(changed)
        return DossierPage(items: fetched, listed: items.count, unchanged: candidates.count - changed.count,
                           cursor: cursor)
    }

    func fetchDetails(_ wanted: [(key: String, id: String, hash: String)]) async throws -> [SourceDossier] {
        var results = [SourceDossier?](repeating: nil, count: wanted.count)
        let width = max(1, configuration.concurrency)
        try await withThrowingTaskGroup(of: (Int, SourceDossier).self) { group in
            var next = 0
            func launch() {
                let index = next
                let entry = wanted[index]
                next += 1
                group.addTask { [self] in
                    let id = Self.encode(entry.id)
                    do {
                        async let detail = get("/dossiers/\(id)", query: [])
                        async let logs = get("/dossierlogs/\(id)/logs", query: [])
                        let processLogs = (try await logs)["data"]?.arrayValue?.filter {
                            ($0["notificationType"]?.scalarText ?? "PROCESS_TYPE") == "PROCESS_TYPE"
                        } ?? []
                        return (index, SourceDossier(key: entry.key, listHash: entry.hash, detail: try await detail,
                                                     logs: processLogs))
                    } catch let error as SourceError where Self.recordLevelCodes.contains(error.code) {
                        // One unreadable dossier is quarantined; its page goes on.
                        let failure = RecordFailure(code: "source.bad_record", field: "detail",
                                                    message: "\(error.code): \(error.message)")
                        var dossier = SourceDossier(key: entry.key, listHash: entry.hash, detail: .null, logs: [],
                                                    failure: failure)
                        dossier.sourceID = entry.id
                        return (index, dossier)
                    }
                }
            }
            while next < min(width, wanted.count) { launch() }
            while let (index, dossier) = try await group.next() {
                results[index] = dossier
                if next < wanted.count { launch() }
            }
        }
        return results.compactMap { $0 }
    }

    /// Errors of one dossier's detail or logs that quarantine that dossier instead of failing the run.
    static let recordLevelCodes: Set<String> = ["source.bad_response", "source.not_found"]

    /// GET `path` with `query`; returns the parsed body or throws `SourceError`. `lenient` replaces malformed UTF-8.
    func get(_ path: String, query: [(String, String)], lenient: Bool = false) async throws -> JSONValue {
        let response = try await send(path, query: query)
        let body = Self.parse(response.body, lenient: lenient)
        try check(response, body: body, path: path)
        guard let body else { throw SourceError(code: "source.bad_response", message: "\(path): answer is not JSON") }
        return body
    }

    static func parse(_ bytes: [UInt8], lenient: Bool) -> JSONValue? {
        if let body = try? JSONParser.parse(bytes) { return body }
        return lenient ? try? JSONParser.parse(String(decoding: bytes, as: UTF8.self)) : nil
    }

    /// GET `path` with `query` and the source's headers.
    func send(_ path: String, query: [(String, String)]) async throws -> HTTPResponse {
        var url = configuration.baseURL + path
        if !query.isEmpty {
            url += "?" + query.map { "\($0.0)=\(Self.encode($0.1))" }.joined(separator: "&")
        }
        let request = HTTPRequest(method: "GET", url: url, headers: [
            HTTPHeader("Accept", "application/json"), HTTPHeader("groupId", configuration.groupId),
            HTTPHeader("Authorization", "Basic \(credentials)"),
        ])
        return try await transport.send(request)
    }

    private var credentials: String {
        Data("\(configuration.username):\(configuration.password.value)".utf8).base64EncodedString()
    }

    /// Throws the `SourceError` for an answer other than 200 (`body` is the answer parsed, if it is JSON).
    func check(_ response: HTTPResponse, body: JSONValue?, path: String) throws {
        switch response.status {
        case 200:
            return
        case 203:
            throw SourceError(code: "source.auth", message: "\(path): the source refused the credentials (HTTP 203); "
                + "check source.username and source.password")
        case 401:
            throw SourceError(code: "source.auth", message: "\(path): unauthorized (HTTP 401)")
        case 403:
            // The description is the source's own text; blank our credentials out in case it echoes the request.
            var description = body?["description"]?.scalarText ?? body?["message"]?.scalarText ?? ""
            for secret in [credentials, configuration.password.value] where !secret.isEmpty {
                description = description.replacingOccurrences(of: secret, with: "<redacted>")
            }
            throw SourceError(code: "source.not_found", message: "\(path): HTTP 403 \(description.prefix(200))")
        case 429, 500...599:
            throw SourceError(code: "source.unavailable", message: "\(path): HTTP \(response.status), try again later",
                              retryable: true)
        default:
            throw SourceError(code: "source.http", message: "\(path): HTTP \(response.status)")
        }
    }

    /// Percent-encodes everything but RFC 3986 unreserved ASCII, so a value can be neither a path separator nor a
    /// line break in the request.
    static func encode(_ value: String) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}

/// Keys and list hashes already handed over in this scan (windows and restarts overlap).
typealias SeenKeys = Locked<Set<String>>

extension OpenCPSConnector {
    /// The `SeenKeys` entry of a list item.
    static func seenEntry(key: String, hash: String) -> String { key + " " + hash }

    /// The `SeenKeys` entry of a list item, or nil when it has no dossier number.
    static func seenEntry(_ item: ListItem) -> String? {
        guard let key = item.key, !key.isEmpty else { return nil }
        return seenEntry(key: key, hash: item.hash)
    }
}

extension Locked where Value == Set<String> {
    convenience init() { self.init([]) }
    /// Inserts `key`; false when it was there already.
    func insert(_ key: String) -> Bool { withLock { $0.insert(key).inserted } }
}
