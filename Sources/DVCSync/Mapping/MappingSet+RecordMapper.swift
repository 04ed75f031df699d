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

    static func result(_ engine: MappingEngine?, _ source: JSONValue, kind: String) -> Result<JSONValue, RecordFailure> {
        guard let engine else {
            return .failure(RecordFailure(code: "mapping.missing", field: kind,
                                          message: "no \(kind).yaml in the mapping folder"))
        }
        switch engine.map(source) {
        case .mapped(let value, _):
            return .success(value)
        case .skipped(let skip):
            return .failure(RecordFailure(code: RecordFailure.skippedCode, field: skip.targetPath,
                                          message: "skipped by policy: `\(skip.value)` at \(skip.sourcePath)"))
        case .failed(let failure):
            let field = failure.targetPath.isEmpty ? failure.sourcePath : failure.targetPath
            return .failure(RecordFailure(code: failure.code, field: field, message: failure.message))
        }
    }
}

extension RecordFailure {
    /// Code of a record that a mapping's `skip` policy left out on purpose: not pushed, not quarantined.
    public static let skippedCode = "mapping.skipped"
}
