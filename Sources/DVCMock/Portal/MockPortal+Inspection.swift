import DVCJSON
import Synchronization

extension MockPortal {
    /// Counters, sizes and dropped dossiers.
    public func snapshot() -> PortalSnapshot {
        state.withLock { state in
            PortalSnapshot(services: state.counters, dossierCount: state.dossiers.count, stepCount: state.stepCount,
                           procedureCount: state.catalogue.count, dropped: state.dropped)
        }
    }

    /// Counters by service.
    public var counters: [String: ServiceCounters] { state.withLock { $0.counters } }

    /// The stored dossier plus its `TienDoXuLy` steps, as `TraCuuHoSo` would answer it; nil when unknown.
    public func dossier(_ maHoSo: String) -> JSONValue? {
        state.withLock { $0.dossiers[maHoSo]?.lookupResult }
    }

    /// Dossier numbers a lossy scenario accepted but dropped.
    public var dropped: [String] { state.withLock { $0.dropped } }

    /// The catalogue entry for a national code, nil when unknown.
    public func procedure(_ code: String) -> CatalogueEntry? { state.withLock { $0.catalogue[code] } }

    /// `GET /_mock/dossiers/{MaHoSo}`, `GET /_mock/counters`, `GET /_mock/dropped`, `POST /_mock/reset`.
    func inspect(_ request: MockHTTPRequest) -> MockHTTPResponse {
        let prefix = "/_mock/dossiers/"
        switch (request.method, request.path) {
        case ("GET", "/_mock/counters"):
            return .json(JSONWriter.bytes(snapshot().json))
        case ("GET", "/_mock/dropped"):
            return .json(JSONWriter.bytes(.object(["dropped": .array(dropped.map { .string($0) })])))
        case ("GET", let path) where path.hasPrefix(prefix):
            let key = String(path.dropFirst(prefix.count))
            guard let found = dossier(key) else {
                return .json(JSONWriter.bytes(.object(["error": "not found"])), status: 404)
            }
            return .json(JSONWriter.bytes(found))
        default:
            return .json(JSONWriter.bytes(.object(["error": "unknown inspection endpoint"])), status: 404)
        }
    }
}
