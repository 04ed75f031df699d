/// Why one source record could not be mapped; the record is quarantined with it and its page goes on.
public struct RecordFailure: Sendable, Hashable, Error {
    /// Stable code, e.g. `mapping.date`.
    public var code: String
    /// Target or source field path.
    public var field: String
    /// Explanation (no payload values beyond the offending field).
    public var message: String
    public init(code: String, field: String, message: String) {
        self.code = code
        self.field = field
        self.message = message
    }
}

/// Turns source records into portal records. The declarative `MappingSet` is the production implementation.
public protocol RecordMapper: Sendable {
    /// Digest of every mapping file in use; stored with every ledger record.
    var version: String { get }
    /// A dossier detail → one `DongBoHoSoMC` item.
    func mapDossier(_ dossier: JSONValue) -> Result<JSONValue, RecordFailure>
    /// One processing-log entry of `dossier` → one `CapNhatTienDoHoSoMC` item.
    func mapStep(_ log: JSONValue, dossier: JSONValue) -> Result<JSONValue, RecordFailure>
    /// A procedure → one catalogue packet.
    func mapProcedure(_ procedure: JSONValue) -> Result<JSONValue, RecordFailure>
    /// A dossier detail → canonical JSON bytes of its `DongBoHoSoMC` item (`JSONWriter.bytes` of `mapDossier`).
    func mapDossierCanonical(_ dossier: JSONValue) -> Result<[UInt8], RecordFailure>
    /// One processing-log entry → canonical JSON bytes of its `CapNhatTienDoHoSoMC` item.
    func mapStepCanonical(_ log: JSONValue, dossier: JSONValue) -> Result<[UInt8], RecordFailure>
}

extension RecordMapper {
    /// Default: writes what `mapDossier` returns.
    public func mapDossierCanonical(_ dossier: JSONValue) -> Result<[UInt8], RecordFailure> {
        mapDossier(dossier).map { JSONWriter.bytes($0) }
    }

    /// Default: writes what `mapStep` returns.
    public func mapStepCanonical(_ log: JSONValue, dossier: JSONValue) -> Result<[UInt8], RecordFailure> {
        mapStep(log, dossier: dossier).map { JSONWriter.bytes($0) }
    }
}
