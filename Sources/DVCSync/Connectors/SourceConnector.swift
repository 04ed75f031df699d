/// One dossier pulled from the source: its list item's hash, its detail and its processing logs.
public struct SourceDossier: Sendable {
    /// Dossier number (`dossierNo`), the key on the portal (`MaHoSo`).
    public var key: String
    /// SHA-256 of the canonical list item: when it has not changed, detail and logs are not fetched again.
    public var listHash: String
    /// `GET /dossiers/{id}` body.
    public var detail: JSONValue
    /// `PROCESS_TYPE` entries of `GET /dossierlogs/{id}/logs`.
    public var logs: [JSONValue]
    /// Why this dossier's detail or logs could not be read (e.g. `source.bad_record`); the engine quarantines it.
    public var failure: RecordFailure?
    /// The source's id of a dossier whose fetch failed (`dossierId`), so the connector can fetch it again later.
    var sourceID: String?

    public init(key: String, listHash: String, detail: JSONValue, logs: [JSONValue], failure: RecordFailure? = nil) {
        self.key = key
        self.listHash = listHash
        self.detail = detail
        self.logs = logs
        self.failure = failure
    }
}

/// A page of changed dossiers and the cursor to save once the page is committed.
public struct DossierPage: Sendable {
    /// Dossiers whose list item changed (or that are new).
    public var items: [SourceDossier]
    /// List items seen on this page.
    public var listed: Int
    /// List items skipped because their hash was unchanged (detail and log requests avoided).
    public var unchanged: Int
    /// Cursor after this page; nil leaves the saved cursor as it is.
    public var cursor: String?

    public init(items: [SourceDossier], listed: Int, unchanged: Int, cursor: String?) {
        self.items = items
        self.listed = listed
        self.unchanged = unchanged
        self.cursor = cursor
    }
}

/// Returns the stored list-item hash of each known key.
public typealias KnownHashes = @Sendable ([String]) async throws -> [String: String]

/// What a connector can do; the conformance suite runs a check only where its capabilities are declared, and a
/// connector that lacks one says so here rather than passing the check vacuously.
public struct SourceCapabilities: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// `procedures()` returns the catalogue.
    public static let catalogue = SourceCapabilities(rawValue: 1 << 0)
    /// `scanDossiers` hands over dossiers with details and processing logs, page by page, with a resumable cursor,
    /// skipping items whose list hash the ledger already holds.
    public static let dossiers = SourceCapabilities(rawValue: 1 << 1)
    /// The source is a remote service that checks credentials and can answer with HTTP errors.
    public static let remote = SourceCapabilities(rawValue: 1 << 2)

    public var description: String {
        let names = [(Self.catalogue, "catalogue"), (.dossiers, "dossiers"), (.remote, "remote")]
        return "[" + names.filter { contains($0.0) }.map(\.1).joined(separator: ", ") + "]"
    }
}

/// A source of procedures and dossiers. Every connector passes the same conformance suite
/// (`Tests/DVCSyncTests/Connectors/ConnectorConformance*.swift`).
public protocol SourceConnector: Sendable {
    /// What this connector supports.
    var capabilities: SourceCapabilities { get }
    /// Every procedure of the catalogue, as source records.
    func procedures() async throws -> [JSONValue]
    /// Scans dossiers changed since `cursor`, handing each page to `page` (which commits it) before the next.
    func scanDossiers(cursor: String?, knownHashes: KnownHashes,
                      page: @Sendable (DossierPage) async throws -> Void) async throws
}

/// An error of a source connector: `source.auth` (credentials refused), `source.unavailable` (HTTP 5xx or 429:
/// retryable), `source.bad_response` (not the expected JSON), `source.not_found`, `source.http`, `source.file`.
public struct SourceError: CodedError {
    public var code: String
    public var message: String
    /// Whether the same request may succeed later (the source is temporarily failing).
    public var retryable: Bool
    public init(code: String, message: String, retryable: Bool = false) {
        self.code = code
        self.message = message
        self.retryable = retryable
    }
}
