/// Settings of the `opencps` connector (province-source-api.md).
public struct OpenCPSConfiguration: Sendable {
    /// How changes are found (province-source-api.md §8).
    public enum Mode: String, Sendable, Codable, CaseIterable {
        /// The stock API: window scans and list-item hashes.
        case stock
        /// A source that accepts `fromModifiedDate`: an inclusive cursor with a tie-break key and a look-back.
        case extended
    }

    /// API base, e.g. `https://motcua.dongthap.gov.vn/o/rest/v2`. Key `source.baseURL`.
    public var baseURL: String
    /// Liferay site id sent as the `groupId` header. Key `source.groupId`.
    public var groupId: String
    /// How a list item's hash is taken (it decides whether a dossier's detail and logs are fetched again).
    public enum ListHash: String, Sendable, Codable, CaseIterable {
        /// SHA-256 of the item's bytes as the source sent them: fast; a source that writes the same item with its
        /// keys in another order or other spacing costs an extra detail and logs fetch, never a missed change.
        case bytes
        /// SHA-256 of the item's canonical JSON (sorted keys): for a source whose key order varies between answers.
        case canonical
    }

    /// Basic-auth account. Key `source.username`.
    public var username: String
    /// Basic-auth password (secret). Key `source.password`.
    public var password: Secret
    /// Key `source.mode`; default `stock`.
    public var mode: Mode = .stock
    /// Key `source.listHash`; default `bytes`.
    public var listHash: ListHash = .bytes
    /// List page size. Key `source.pageSize`; default 500.
    public var pageSize = 500
    /// Detail and log requests in flight. Key `source.concurrency`; default 8.
    public var concurrency = 8
    /// Stock window scans: list pages requested ahead of the page being handed over (1 = only the next one).
    /// Key `source.listPagesAhead`; default 3.
    public var listPagesAhead = 3
    /// Stock mode: days of received/released/finished dossiers rescanned each run. Key `source.lookbackDays`;
    /// default 30.
    public var lookbackDays = 30
    /// Extended mode: minutes re-read before the cursor, for late writes. Key `source.lookbackMinutes`; default 10.
    public var lookbackMinutes = 10
    /// Statuses after which a dossier no longer changes (descriptive: no scan reads it and no key sets it).
    public var finalStatuses = ["done", "cancelled", "denied"]
    /// Statuses scanned in stock mode for dossiers still open. Key `source.openStatuses`.
    public var openStatuses = ["new", "receiving", "unresolved", "processing", "waiting", "paying", "releasing",
                               "interoperating", "posting", "collecting", "handover", "correcting", "cancelling",
                               "pausing"]

    public init(baseURL: String, groupId: String, username: String, password: Secret) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.groupId = groupId
        self.username = username
        self.password = password
    }
}
