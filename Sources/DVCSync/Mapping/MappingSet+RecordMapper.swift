extension MappingSet: RecordMapper {
    public func mapDossier(_ dossier: JSONValue) -> Result<JSONValue, RecordFailure> {
        Self.result(self.dossier, dossier, kind: "dossier")
    }

    public func mapStep(_ log: JSONValue, dossier: JSONValue) -> Result<JSONValue, RecordFailure> {
        Self.result(step, .object(["log": log, "dossier": dossier]), kind: "step")
    }

    public func mapProcedure(_ procedure: JSONValue) -> Result<JSONValue, RecordFailure> {
        Self.result(self.procedure, procedure, kind: "procedure")
    }

    public func mapDossierCanonical(_ dossier: JSONValue) -> Result<[UInt8], RecordFailure> {
        Self.canonical(self.dossier, dossier, kind: "dossier")
    }

    public func mapStepCanonical(_ log: JSONValue, dossier: JSONValue) -> Result<[UInt8], RecordFailure> {
        Self.canonical(step, .object(["log": log, "dossier": dossier]), kind: "step")
    }

    static func result(_ engine: MappingEngine?, _ source: JSONValue, kind: String) -> Result<JSONValue, RecordFailure> {
        guard let engine else { return .failure(missing(kind)) }
        switch engine.map(source) {
        case .mapped(let value, _): return .success(value)
        case .skipped(let skip): return .failure(failure(skip))
        case .failed(let failure): return .failure(Self.failure(failure))
        }
    }

    static func canonical(_ engine: MappingEngine?, _ source: JSONValue, kind: String) -> Result<[UInt8], RecordFailure> {
        guard let engine else { return .failure(missing(kind)) }
        switch engine.mapCanonical(source) {
        case .mapped(let bytes, _): return .success(bytes)
        case .skipped(let skip): return .failure(failure(skip))
        case .failed(let failure): return .failure(Self.failure(failure))
        }
    }

    static func missing(_ kind: String) -> RecordFailure {
        RecordFailure(code: "mapping.missing", field: kind, message: "no \(kind).yaml in the mapping folder")
    }

    static func failure(_ skip: MappingSkip) -> RecordFailure {
        RecordFailure(code: RecordFailure.skippedCode, field: skip.targetPath,
                      message: "skipped by policy: `\(skip.value)` at \(skip.sourcePath)")
    }

    static func failure(_ failure: MappingFailure) -> RecordFailure {
        let field = failure.targetPath.isEmpty ? failure.sourcePath : failure.targetPath
        return RecordFailure(code: failure.code, field: field, message: failure.message)
    }
}

extension RecordFailure {
    /// Code of a record that a mapping's `skip` policy left out on purpose: not pushed, not quarantined.
    public static let skippedCode = "mapping.skipped"
}
