import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// What the sync engine keeps of a dossier stream, reduced to what the connector protocol touches: per key the list
/// hash (answered to `knownHashes`), the latest detail and logs, and the cursor saved with each committed page.
final class ConformanceLedger: Sendable {
    struct Entry: Sendable {
        var listHash: String
        var detail: JSONValue
        var logs: [JSONValue]
        /// Hash of the detail and logs, to compare with the mock's.
        var contentHash: String
    }

    struct State: Sendable {
        var entries: [String: Entry] = [:]
        var cursor: String?
        /// Per key, how many times it was committed (over this ledger's life).
        var commits: [String: Int] = [:]
        /// Commits that repeated the stored list hash: a duplicate the ledger's hash would have had to absorb.
        var sameHashRecommits: [String] = []
    }

    let state: Locked<State>

    init(_ state: State = State()) { self.state = Locked(state) }

    /// An independent copy.
    func copy() -> ConformanceLedger { ConformanceLedger(state.current) }

    var cursor: String? { state.current.cursor }
    var entries: [String: Entry] { state.current.entries }

    var knownHashes: KnownHashes {
        { [state] keys in
            let entries = state.current.entries
            return Dictionary(uniqueKeysWithValues: keys.compactMap { key in entries[key].map { (key, $0.listHash) } })
        }
    }

    /// Commits a page as one transaction: its items, then its cursor.
    func commit(_ page: DossierPage) {
        state.withLock { s in
            for item in page.items {
                if s.entries[item.key]?.listHash == item.listHash { s.sameHashRecommits.append(item.key) }
                s.entries[item.key] = Entry(listHash: item.listHash, detail: item.detail, logs: item.logs,
                                            contentHash: MockRecord.hash(item.detail, item.logs))
                s.commits[item.key, default: 0] += 1
            }
            if let cursor = page.cursor { s.cursor = cursor }
        }
    }
}

/// What one scan did.
struct ScanRun: Sendable {
    /// Keys handed over, in order (a key twice means the connector handed it over twice in the run).
    var delivered: [String] = []
    /// Keys handed over by each page, in page order.
    var pageKeys: [[String]] = []
    var pages = 0
    var interrupted = false
}

struct Interrupted: Error {}

extension ConformanceRig {
    /// Runs one scan into `ledger`; when `interruptAfter` is k, commits k pages and fails the (k+1)-th before it is
    /// committed, as a killed process would. `between(n)` runs after page n is committed, before the next request.
    @discardableResult
    func scan(_ connector: any SourceConnector, into ledger: ConformanceLedger, interruptAfter: Int? = nil,
              between: (@Sendable (Int) async -> Void)? = nil) async throws -> ScanRun {
        let run = Locked(ScanRun())
        do {
            try await connector.scanDossiers(cursor: ledger.cursor, knownHashes: ledger.knownHashes) { page in
                let number = run.withLock { $0.pages += 1; return $0.pages }
                if let interruptAfter, number > interruptAfter { throw Interrupted() }
                ledger.commit(page)
                run.withLock {
                    $0.delivered += page.items.map(\.key)
                    $0.pageKeys.append(page.items.map(\.key))
                }
                await between?(number)
            }
        } catch is Interrupted {
            run.withLock { $0.interrupted = true }
        }
        return run.current
    }

    /// The mock's own view of every dossier, by key, rendered in process (not through the connector).
    func truth() async throws -> [String: MockRecord] {
        var result: [String: MockRecord] = [:]
        let auth = "Basic " + Data("gateway@dongthap.gov.vn:mock-source-secret".utf8).base64EncodedString()
        let headers = ["groupid": "35417", "authorization": auth]
        for dossier in province.snapshot().dossiers {
            let id = Int(dossier.dossierId)
            let detail = await province.handle(MockHTTPRequest(method: "GET", path: "/o/rest/v2/dossiers/\(id)",
                                                               headers: headers))
            let logs = await province.handle(MockHTTPRequest(
                method: "GET", path: "/o/rest/v2/dossierlogs/\(id)/logs", headers: headers))
            let processLogs = try JSONParser.parse(logs.body)["data"]?.arrayValue?.filter {
                $0["notificationType"]?.scalarText == "PROCESS_TYPE"
            } ?? []
            let parsed = try JSONParser.parse(detail.body)
            result[province.dossierNo(of: dossier)] = MockRecord(
                id: id, detail: parsed, contentHash: MockRecord.hash(parsed, processLogs))
        }
        return result
    }

    /// Expects the ledger to hold every dossier of the mock (`truth`, or rendered now), each with the mock's current
    /// detail and logs.
    func expectLedgerMatchesMock(_ ledger: ConformanceLedger, _ context: String, truth given: [String: MockRecord]? = nil,
                                 sourceLocation: Testing.SourceLocation = #_sourceLocation) async throws {
        var truth: [String: MockRecord]
        if let given { truth = given } else { truth = try await self.truth() }
        let entries = ledger.entries
        let missing = truth.keys.filter { entries[$0] == nil }.sorted()
        let extra = entries.keys.filter { truth[$0] == nil }.sorted()
        let stale = truth.keys.filter { key in
            guard let entry = entries[key], let want = truth[key] else { return false }
            return entry.contentHash != want.contentHash
        }.sorted()
        #expect(missing.isEmpty, "\(kind) \(context): \(missing.count) dossiers lost: \(missing.prefix(5))",
                sourceLocation: sourceLocation)
        #expect(extra.isEmpty, "\(kind) \(context): unknown keys \(extra.prefix(5))", sourceLocation: sourceLocation)
        #expect(stale.isEmpty, "\(kind) \(context): \(stale.count) dossiers stale: \(stale.prefix(5))",
                sourceLocation: sourceLocation)
    }

    /// Dossier ids of the mock with their keys, in id order.
    func mockDossiers() -> [(id: Int, key: String, modified: Int64)] {
        let snapshot = province.snapshot()
        return snapshot.dossiers.map { d in
            (Int(d.dossierId), province.dossierNo(of: d),
             ProvinceDossier.epoch(d.modified(at: ProvinceDossier.instant(snapshot.now))))
        }
    }
}

/// One dossier as the mock renders it.
struct MockRecord: Sendable {
    var id: Int
    var detail: JSONValue
    /// Hash of the detail and the process logs.
    var contentHash: String

    static func hash(_ detail: JSONValue, _ logs: [JSONValue]) -> String {
        ContentHash.of(.array([detail, .array(logs)]))
    }
}
