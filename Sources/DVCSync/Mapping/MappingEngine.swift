import DVCJSON
import Foundation

/// A compiled mapping file: maps one source record to one portal record.
public struct MappingEngine: Sendable {
    /// Mapping name (the file name without `.yaml`, e.g. `dossier`).
    public let name: String
    /// Portal record kind the mapping produces (`DongBoHoSoMC`, `CapNhatTienDoHoSoMC`, `ThuTuc`).
    public let target: String
    let fields: [CompiledField]
    /// The same fields with their output names sorted, for writing canonical bytes directly.
    let plan: ObjectPlan
    /// Number of shared table look-ups (`MappingCompiler.rowGroups`).
    let rowGroups: Int

    init(name: String, target: String, fields: [CompiledField], rowGroups: Int = 0) {
        self.name = name
        self.target = target
        self.fields = fields
        self.plan = ObjectPlan(fields)
        self.rowGroups = rowGroups
    }

    /// Maps one source record; never throws — failures and skips are part of the outcome.
    public func map(_ source: JSONValue) -> MappingOutcome {
        let context = EvalContext(root: source, rowGroups: rowGroups)
        do {
            let value = try MappingCompiler.build(fields, source, context)
            return .mapped(value, warnings: context.warnings)
        } catch {
            switch error {
            case .failure(let failure): return .failed(failure)
            case .skip(let skip): return .skipped(skip)
            }
        }
    }

    /// Maps one source record straight to canonical JSON bytes: byte for byte `JSONWriter.bytes` of what `map(_:)`
    /// returns, with the same warnings, skip or failure, but without building the object.
    public func mapCanonical(_ source: JSONValue) -> CanonicalOutcome {
        let context = EvalContext(root: source, rowGroups: rowGroups)
        do throws(MappingAbort) {
            var bytes = ByteWriter(capacity: 2048)
            try plan.write(source, context, into: &bytes)
            return .mapped(bytes.bytes, warnings: context.warnings)
        } catch {
            switch error {
            case .failure(let failure): return .failed(failure)
            case .skip(let skip): return .skipped(skip)
            }
        }
    }

    /// Compiles mapping YAML against already loaded tables (keyed by the paths the file declares).
    /// Returns the engine, or nil with the error diagnostics.
    public static func compile(
        yaml: String, file: String, name: String, tables: [String: MappingTable] = [:]
    ) -> (engine: MappingEngine?, diagnostics: [MappingDiagnostic]) {
        var parser = MappingParser(file: file, text: yaml)
        guard let spec = parser.parse(name: name) else { return (nil, parser.diagnostics) }
        return compile(spec: spec, tables: tables, diagnostics: parser.diagnostics)
    }

    static func compile(spec: MappingSpec, tables: [String: MappingTable], diagnostics: [MappingDiagnostic])
        -> (engine: MappingEngine?, diagnostics: [MappingDiagnostic])
    {
        var compiler = MappingCompiler(spec: spec, tables: tables)
        let fields = compiler.compileObject(spec.fields)
        let all = diagnostics + compiler.diagnostics
        if all.contains(where: { $0.severity == .error }) { return (nil, all) }
        return (MappingEngine(name: spec.name, target: spec.target, fields: fields,
                              rowGroups: compiler.rowGroups.count), all)
    }
}

/// All mappings of one province folder (`Mappings/h20/`), compiled, with a version digest.
public struct MappingSet: Sendable {
    /// Engines by mapping name (`dossier`, `step`, `procedure`).
    public let engines: [String: MappingEngine]
    /// SHA-256 over the mapping and table files in use (sorted by path; name and content).
    public let version: String
    /// Relative paths of the files in use, sorted.
    public let files: [String]

    /// The dossier mapping (→ `DongBoHoSoMC`).
    public var dossier: MappingEngine? { engines["dossier"] }
    /// The processing-step mapping (→ `CapNhatTienDoHoSoMC`).
    public var step: MappingEngine? { engines["step"] }
    /// The procedure mapping (→ catalogue packet).
    public var procedure: MappingEngine? { engines["procedure"] }

    /// Loads and compiles every `*.yaml` of `directory` and the tables they declare.
    public static func load(directory: URL) throws(MappingLoadError) -> MappingSet {
        let loaded = MappingLoader.load(directory: directory)
        let errors = loaded.diagnostics.filter { $0.severity == .error }
        guard errors.isEmpty else { throw MappingLoadError(diagnostics: errors) }
        var engines: [String: MappingEngine] = [:]
        var diagnostics: [MappingDiagnostic] = []
        for spec in loaded.specs {
            let result = MappingEngine.compile(spec: spec, tables: loaded.tables, diagnostics: [])
            diagnostics += result.diagnostics.filter { $0.severity == .error }
            if let engine = result.engine { engines[spec.name] = engine }
        }
        guard diagnostics.isEmpty else { throw MappingLoadError(diagnostics: diagnostics) }
        return MappingSet(engines: engines, version: loaded.version, files: loaded.contents.map(\.path))
    }
}
