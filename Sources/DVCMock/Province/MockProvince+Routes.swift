import Foundation
import Synchronization

extension MockProvince {
    static let prefixes = ["/o/rest/v2", "/secure/rest/v2"]

    func route(_ request: MockHTTPRequest) -> MockHTTPResponse {
        var path = request.path
        while path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        if path.hasPrefix("/_mock/") { return control(request, path: path) }
        guard let prefix = MockProvince.prefixes.first(where: { path.hasPrefix($0 + "/") }) else {
            return error(404, message: "Not Found", description: "no such resource")
        }
        let parts = path.dropFirst(prefix.count + 1).split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        guard request.method == "GET" else { return error(405, message: "Method Not Allowed", description: request.method) }
        let groupOK = request.headers["groupid"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } == configuration.groupId
        switch (parts.first ?? "", parts.count) {
        case ("dossiers", 1):
            guard authorized(request) else { return notSignedIn() }
            return groupOK ? list(request.query) : emptyList()
        case ("dossiers", 2):
            guard authorized(request) else { return notSignedIn() }
            return groupOK ? detail(parts[1]) : noContent("groupId is missing or unknown")
        case ("dossierlogs", 3) where parts[2] == "logs":
            guard authorized(request) else { return notSignedIn() }
            return groupOK ? logs(parts[1]) : emptyList()
        case ("serviceinfos", 1):
            return groupOK ? serviceList(request.query) : emptyList()
        case ("serviceinfos", 2):
            return groupOK ? serviceDetail(parts[1]) : noContent("groupId is missing or unknown")
        case ("dictcollections", 3) where parts[1] == "DOSSIER_STATUS" && parts[2] == "dictitems":
            guard groupOK else { return emptyList() }
            var w = JSONBytes()
            services.writeStatusItems(parent: request.query["parent"].flatMap { $0.isEmpty ? nil : $0 }, into: &w)
            return json(w.bytes)
        default:
            return noContent("no resource at \(path)")
        }
    }

    func authorized(_ request: MockHTTPRequest) -> Bool {
        guard let header = request.headers["authorization"], header.lowercased().hasPrefix("basic "),
              let data = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
              let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":") else { return false }
        return String(text[..<colon]) == configuration.username && String(text[text.index(after: colon)...]) == configuration.password
    }

    /// The store, mode and quirks as they are now. Rendering works on this copy (the dossier array is shared, not
    /// copied), so requests render in parallel instead of queueing on the lock; a clock step during a render
    /// changes only the store's own copy.
    var current: (store: ProvinceStore, mode: ProvinceSourceMode, quirks: ProvinceQuirks) { state.withLock { $0 } }

    func list(_ query: [String: String]) -> MockHTTPResponse {
        do {
            let s = current
            let extended = s.mode == .extended
            let q = DossierQuery(query, catalog: catalog, extended: extended)
            let (total, page) = q.run(s.store, catalog: catalog, renderer: renderer)
            var w = JSONBytes(capacity: 256 + page.count * 3000)
            w.beginObject()
            w.key("total"); w.identifier(total, s.quirks)
            w.key("data"); w.beginArray()
            let now = s.store.nowInstant
            for i in page {
                renderer.write(s.store.dossiers[i], now: now, detail: false, listModified: extended, quirks: s.quirks,
                               into: &w)
            }
            w.endArray()
            w.endObject()
            return json(w.bytes)
        }
    }

    /// Finds a dossier by numeric dossierId, then dossierNo, then referenceUid.
    func find(_ id: String, in store: ProvinceStore) -> Int? {
        if let n = Int64(id), let i = store.index(ofId: n) { return i }
        let parts = id.split(separator: "-")
        if parts.count == 3, parts[1].count == 6, let ymd = Int(parts[1]), let seq = Int(parts[2]) {
            let dayStart = ProvinceTime.epoch(year: 2000 + ymd / 10000, month: ymd / 100 % 100, day: ymd % 100)
            var i = store.firstIndex(submittedFrom: ProvinceDossier.instant(dayStart))
            let dayEnd = ProvinceDossier.instant(dayStart + ProvinceTime.day)
            while i < store.dossiers.count && store.dossiers[i].submit < dayEnd {
                let d = store.dossiers[i]
                if Int(d.sequence) == seq && catalog.agencies[Int(d.agency)].code == parts[0] { return i }
                i += 1
            }
        }
        if id.count == 36, let n = Int64(id.suffix(12), radix: 16), let i = store.index(ofId: n),
           renderer.referenceUid(store.dossiers[i]) == id { return i }
        return nil
    }

    func detail(_ id: String) -> MockHTTPResponse {
        do {
            let s = current
            guard let i = find(id, in: s.store) else { return noContent("Dossier \(id) not found") }
            var w = JSONBytes(capacity: 4096)
            renderer.write(s.store.dossiers[i], now: s.store.nowInstant, detail: true, listModified: true,
                           quirks: s.quirks, into: &w)
            return json(w.bytes)
        }
    }

    func logs(_ id: String) -> MockHTTPResponse {
        do {
            let s = current
            guard let i = find(id, in: s.store) else { return noContent("Dossier \(id) not found") }
            var w = JSONBytes(capacity: 2048)
            DossierLogs.write(s.store.dossiers[i], now: s.store.nowInstant, into: &w)
            return json(w.bytes)
        }
    }
}
