/// How the mock province's source API behaves where the stock system falls short (province-source-api.md §8).
public enum ProvinceSourceMode: String, Sendable, CaseIterable {
    /// As the real system: no modified-since filter; the list's `modifiedDate` is always "".
    case stock
    /// With a change feed: `fromModifiedDate` (inclusive) and a filled list `modifiedDate`.
    case extended
}

extension MockProvince {
    /// Settings of the mock province.
    public struct Configuration: Sendable {
        /// Dossier generation. Default: 10,000 dossiers, seed 1.
        public var generator = ProvinceGeneratorConfiguration()
        /// Liferay site id the `groupId` header must carry. Default 35417.
        public var groupId = 35_417
        /// Basic-auth user. Default `gateway@dongthap.gov.vn`.
        public var username = "gateway@dongthap.gov.vn"
        /// Basic-auth password. Default `mock-source-secret`.
        public var password = "mock-source-secret"
        /// Source mode. Default `.stock`.
        public var mode = ProvinceSourceMode.stock
        /// Extra value-type quirks beyond the stock ones. Default: none.
        public var quirks = ProvinceQuirks()

        /// Defaults.
        public init() {}

        /// Defaults with a generator configuration and a mode.
        public init(generator: ProvinceGeneratorConfiguration, mode: ProvinceSourceMode = .stock) {
            self.generator = generator
            self.mode = mode
        }
    }
}

/// Value-type quirks that some OpenCPS deployments add to the stock ones (numbers for digit strings, omitted null
/// keys, which are always on).
public struct ProvinceQuirks: Sendable, Equatable {
    /// Absent optional keys are sent as explicit `null` instead of being omitted (`contactEmail`, `dossierNote`,
    /// `cancellingDate`, `correctingDate`, `postalAddress`, `feeAmount`).
    public var explicitNulls = false
    /// `total`, `dossierId` and `groupId` are sent as strings (`"100001"`).
    public var stringIdentifiers = false

    /// No extra quirks.
    public init(explicitNulls: Bool = false, stringIdentifiers: Bool = false) {
        self.explicitNulls = explicitNulls
        self.stringIdentifiers = stringIdentifiers
    }
}

/// A dossier the generator made bad on purpose, and why.
public struct ProvinceBadRecord: Sendable, Equatable {
    /// Its dossierId.
    public var dossierId: Int
    /// Its dossier number (as listed; absent from the API when the defect removes it).
    public var dossierNo: String
    /// The defect.
    public var defect: ProvinceDefect
}
