import Foundation
import Synchronization

/// The mock provincial one-stop system: OpenCPS v2 REST API handlers over generated dossiers (request → response).
public final class MockProvince: Sendable {
    /// The catalogue served.
    public let catalog: ProvinceCatalog
    /// The settings it was created with.
    public let configuration: Configuration
    let renderer: DossierRenderer
    let services: ServiceInfoRenderer
    let state: Mutex<(store: ProvinceStore, mode: ProvinceSourceMode, quirks: ProvinceQuirks)>

    /// A province over `catalog`, generating its dossiers now.
    public init(catalog: ProvinceCatalog, configuration: Configuration = Configuration()) {
        self.catalog = catalog
        self.configuration = configuration
        renderer = DossierRenderer(catalog: catalog, groupId: configuration.groupId)
        services = ServiceInfoRenderer(catalog: catalog, groupId: configuration.groupId)
        state = Mutex((ProvinceStore(catalog: catalog, configuration: configuration.generator), configuration.mode,
                       configuration.quirks))
    }

    /// A province loading its catalogue from a folder such as `Mock/data`.
    public convenience init(dataDirectory: URL, configuration: Configuration = Configuration()) throws {
        try self.init(catalog: ProvinceCatalog(directory: dataDirectory), configuration: configuration)
    }

    /// Simulated clock (epoch seconds).
    public var now: Int64 { state.withLock { $0.store.now } }

    /// Current source mode.
    public var mode: ProvinceSourceMode {
        get { state.withLock { $0.mode } }
    }

    /// Switches the source mode.
    public func setMode(_ mode: ProvinceSourceMode) { state.withLock { $0.mode = mode } }

    /// Current extra value-type quirks.
    public var quirks: ProvinceQuirks { state.withLock { $0.quirks } }

    /// Switches the extra value-type quirks.
    public func setQuirks(_ quirks: ProvinceQuirks) { state.withLock { $0.quirks = quirks } }

    /// Edits the dossiers with these ids, as an officer correcting a record would: each gets a new `dossierNote`
    /// and its modification time becomes `at` (epoch seconds, clamped to the clock; default now). An `at` in the
    /// past is a late write: it lands behind a reader's cursor. Returns the number of dossiers edited.
    @discardableResult
    public func edit(dossierIds: [Int], at: Int64? = nil) -> Int {
        state.withLock { s in
            var count = 0
            for id in dossierIds {
                guard let i = s.store.index(ofId: Int64(id)) else { continue }
                s.store.edit(index: i, at: at ?? s.store.now)
                count += 1
            }
            return count
        }
    }

    /// Moves the simulated clock forward.
    @discardableResult
    public func advance(bySeconds seconds: Int64) -> ProvinceStore.AdvanceResult {
        state.withLock { $0.store.advance(bySeconds: seconds) }
    }

    /// A copy of the dossiers as they stand.
    public func snapshot() -> (dossiers: [ProvinceDossier], now: Int64) {
        state.withLock { ($0.store.dossiers, $0.store.now) }
    }

    /// Every injected bad record, in dossierId order.
    public func badRecords() -> [ProvinceBadRecord] {
        state.withLock { s in
            s.store.dossiers.filter { $0.defect != .none }.map {
                ProvinceBadRecord(dossierId: Int($0.dossierId), dossierNo: renderer.dossierNo($0), defect: $0.defect)
            }
        }
    }

    /// Dossier number of a stored dossier.
    public func dossierNo(of dossier: ProvinceDossier) -> String { renderer.dossierNo(dossier) }

    /// Answers one request.
    public func handle(_ request: MockHTTPRequest) async -> MockHTTPResponse {
        route(request)
    }
}
