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
public typealias KnownHashes = @Sendable ([String]) throws -> [String: String]

/// A source of procedures and dossiers. Every connector passes the same conformance suite.
public protocol SourceConnector: Sendable {
    /// Every procedure of the catalogue, as source records.
    func procedures() async throws -> [JSONValue]
    /// Scans dossiers changed since `cursor`, handing each page to `page` (which commits it) before the next.
    func scanDossiers(cursor: String?, knownHashes: KnownHashes,
                      page: @Sendable (DossierPage) async throws -> Void) async throws
}

/// An error of a source connector.
public struct SourceError: CodedError {
    public var code: String
    public var message: String
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }
}
