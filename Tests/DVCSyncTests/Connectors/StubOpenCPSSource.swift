@testable import DVCSync
import Foundation

/// An in-memory OpenCPS source for scans whose exact list orderings must be staged: `/dossiers` filtered by
/// `fromModifiedDate` (sorted by modification time, then id), by `status` and by the `from…Date` windows, paged by
/// `start`/`end`; `/dossiers/{id}` and `/dossierlogs/{id}/logs`. `afterList` runs after each list answer is
/// rendered, so a test can change the source between two requests of one scan.
final class StubOpenCPSSource: HTTPTransport {
    struct Dossier: Sendable {
        var id: String
        var modified: Date
        var status = "processing"
        var receive: Date?
        var finish: Date?
        /// HTTP status the detail request answers with (a record-level failure when not 200).
        var detailStatus = 200
    }

    struct State: Sendable {
        var dossiers: [String: Dossier] = [:]
        /// Query of each list request, in order.
        var lists: [[String: String]] = []
        /// Ids whose detail was requested, in order.
        var details: [String] = []
    }

    let state = Locked(State())
    /// Lists equal modification times by id descending on every second list request (an unstable order).
    let alternateTies = Locked(false)
    /// List requests answered before the stub answers HTTP 500 (a scan that would never end fails instead).
    static let listLimit = 200
    let afterList = Locked<(@Sendable (Int, StubOpenCPSSource) -> Void)?>(nil)

    static let baseURL = "http://stub.invalid/o/rest/v2"

    func connector(mode: OpenCPSConfiguration.Mode, pageSize: Int, clock: any SyncClock = SystemClock())
        -> OpenCPSConnector
    {
        var settings = OpenCPSConfiguration(baseURL: Self.baseURL, groupId: "1", username: "u", password: Secret("p"))
        settings.mode = mode
        settings.pageSize = pageSize
        settings.concurrency = 1
        settings.listPagesAhead = 1
        return OpenCPSConnector(configuration: settings, transport: self, clock: clock)
    }

    func put(_ dossier: Dossier) { state.withLock { $0.dossiers[dossier.id] = dossier } }

    func update(_ id: String, _ change: (inout Dossier) -> Void) {
        state.withLock { change(&$0.dossiers[id]!) }
    }

    /// Modifies dossier `id` again (to `modified`) right after the `number`-th list answer is rendered.
    func moveAfterList(_ number: Int, _ id: String, to modified: Date) {
        afterList.withLock {
            $0 = { count, source in
                if count == number { source.update(id) { $0.modified = modified } }
            }
        }
    }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let parts = request.url.dropFirst(Self.baseURL.count).split(separator: "?", maxSplits: 1)
        let path = String(parts[0])
        var query: [String: String] = [:]
        for pair in parts.dropFirst().first?.split(separator: "&") ?? [] {
            let kv = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? "" }
            query[kv[0]] = kv.count > 1 ? kv[1] : ""
        }
        if path == "/dossiers" {
            let reversed = alternateTies.current
            let (count, body) = state.withLock { s -> (Int, String) in
                s.lists.append(query)
                let descending = reversed && s.lists.count % 2 == 0
                return (s.lists.count, Self.listBody(Array(s.dossiers.values), query: query, descending: descending))
            }
            if count > Self.listLimit { return HTTPResponse(status: 500) }
            afterList.current?(count, self)
            return HTTPResponse(status: 200, body: Array(body.utf8))
        }
        let id = path.split(separator: "/")[1]
        if path.hasPrefix("/dossierlogs/") { return HTTPResponse(status: 200, body: Array(#"{"data":[]}"#.utf8)) }
        let dossier = state.withLock { s -> Dossier? in
            s.details.append(String(id))
            return s.dossiers[String(id)]
        }
        guard let dossier else { return HTTPResponse(status: 404) }
        if dossier.detailStatus != 200 {
            return HTTPResponse(status: dossier.detailStatus, body: Array(#"{"description":"denied"}"#.utf8))
        }
        return HTTPResponse(status: 200, body: Array(Self.item(dossier).utf8))
    }

    private static func listBody(_ dossiers: [Dossier], query: [String: String], descending: Bool) -> String {
        var matching = dossiers.sorted {
            $0.modified != $1.modified ? $0.modified < $1.modified : descending ? $0.id > $1.id : $0.id < $1.id
        }
        if let from = query["fromModifiedDate"].flatMap(VietnamTime.parseDateTime) {
            matching = matching.filter { $0.modified >= from }
        }
        if let statuses = query["status"]?.split(separator: ",").map(String.init) {
            matching = matching.filter { statuses.contains($0.status) }
        }
        for (key, date) in [("fromReceiveDate", \Dossier.receive), ("fromFinishDate", \Dossier.finish)] {
            if let from = query[key].flatMap(day) { matching = matching.filter { $0[keyPath: date].map { $0 >= from } ?? false } }
        }
        if query["fromReleaseDate"] != nil { matching = [] }
        let start = Int(query["start"] ?? "0") ?? 0, end = Int(query["end"] ?? "0") ?? 0
        let page = matching.dropFirst(start).prefix(max(0, end - start))
        return #"{"total":\#(matching.count),"data":["# + page.map(item).joined(separator: ",") + "]}"
    }

    private static func item(_ d: Dossier) -> String {
        var fields = [#""dossierNo":"NO-\#(d.id)""#, #""dossierId":"\#(d.id)""#,
                      #""modifiedDate":"\#(VietnamTime.dateTime(d.modified))""#, #""dossierStatus":"\#(d.status)""#]
        if let receive = d.receive { fields.append(#""receiveDate":"\#(VietnamTime.dateTime(receive))""#) }
        if let finish = d.finish { fields.append(#""finishDate":"\#(VietnamTime.dateTime(finish))""#) }
        return "{" + fields.joined(separator: ",") + "}"
    }

    /// `dd/MM/yyyy` as the start of that day in Vietnam time.
    private static func day(_ text: String) -> Date? {
        let v = text.split(separator: "/").compactMap { Int($0) }
        guard v.count == 3 else { return nil }
        return VietnamTime.midnight(year: v[2], month: v[1], day: v[0])
    }
}
