import Foundation

/// `mappings check`: validates a province folder against the portal schema and, optionally, a sample of source
/// records. The sample is a JSON array of records for `dossier.yaml`, or an object of arrays keyed by mapping name.
public enum MappingChecker {
    /// All findings for the mappings in `directory`, sorted by file and line.
    public static func check(directory: URL, sample: URL? = nil) -> [MappingDiagnostic] {
        let loader = MappingLoader.load(directory: directory)
        var diagnostics = loader.diagnostics
        var samples: [String: [JSONValue]] = [:]
        if let sample { samples = readSample(sample, into: &diagnostics) }
        for spec in loader.specs {
            let compiled = MappingEngine.compile(spec: spec, tables: loader.tables, diagnostics: [])
            diagnostics += compiled.diagnostics
            let fieldsPlace = spec.fields.first?.location ?? SourceLocation(file: spec.file, line: 1, column: 1)
            if let schema = PortalSchema.forTarget(spec.target) {
                checkSchema(spec.fields, schema, container: "`fields`", at: fieldsPlace, into: &diagnostics)
            } else {
                diagnostics.append(MappingDiagnostic(.error, "check.unknown-target", at: SourceLocation(
                    file: spec.file, line: 1, column: 1), "unknown target `\(spec.target)`",
                    hint: "use DongBoHoSoMC, CapNhatTienDoHoSoMC or ThuTuc"))
            }
            if let records = samples[spec.name] {
                var walker = SampleWalker(spec: spec, tables: loader.tables)
                walker.walk(spec.fields, contexts: records.map { ($0, $0) })
                diagnostics += walker.diagnostics
            }
        }
        return diagnostics.sorted { ($0.file, $0.line, $0.column, $0.code) < ($1.file, $1.line, $1.column, $1.code) }
    }

    /// True when any diagnostic is an error.
    public static func hasErrors(_ diagnostics: [MappingDiagnostic]) -> Bool {
        diagnostics.contains { $0.severity == .error }
    }

    static func checkSchema(_ fields: [FieldSpec], _ schema: PortalSchema, container: String, at place: SourceLocation,
        into diagnostics: inout [MappingDiagnostic])
    {
        var produced = Set<String>()
        for field in fields {
            produced.insert(field.target)
            guard let expected = schema.fields[field.target] else {
                let near = schema.fields.keys.first { $0.lowercased() == field.target.lowercased() }
                diagnostics.append(MappingDiagnostic(.error, "check.unknown-field", at: field.location,
                    "`\(field.target)` is not a field of \(container) in the portal schema",
                    hint: near.map { "did you mean \($0)?" } ?? "see portal-api.md for the field names"))
                continue
            }
            switch (field.source, expected.items) {
            case (.list(let list), .some(let itemSchema)):
                if let _ = list.path {
                    checkSchema(list.fields, itemSchema, container: field.target, at: field.location, into: &diagnostics)
                }
                for item in list.items {
                    checkSchema(item.fields, itemSchema, container: field.target, at: field.location,
                        into: &diagnostics)
                }
            case (.list, .none):
                diagnostics.append(MappingDiagnostic(.error, "check.type-mismatch", at: field.location,
                    "`\(field.target)` is a scalar in the portal schema but is mapped with `list`",
                    hint: "map it from a scalar path, constant, template or lookup"))
            case (_, .some):
                diagnostics.append(MappingDiagnostic(.error, "check.type-mismatch", at: field.location,
                    "`\(field.target)` is a list in the portal schema but is mapped to a scalar",
                    hint: "use `list:` with `path` and `fields`, or `items`"))
            default:
                break
            }
        }
        for (name, field) in schema.fields where field.required && !produced.contains(name) {
            diagnostics.append(MappingDiagnostic(.error, "check.required-missing", at: place,
                "required portal field `\(name)` is never produced in \(container)",
                hint: "add a mapping for \(name)"))
        }
    }

    static func readSample(_ url: URL, into diagnostics: inout [MappingDiagnostic]) -> [String: [JSONValue]] {
        let place = SourceLocation(file: url.lastPathComponent, line: 1, column: 1)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            diagnostics.append(MappingDiagnostic(.error, "check.sample", at: place, "sample file not found"))
            return [:]
        }
        do {
            let value = try JSONParser.parse([UInt8](data))
            if let records = value.arrayValue { return ["dossier": records] }
            if let members = value.objectValue { return members.compactMapValues(\.arrayValue) }
        } catch {
            diagnostics.append(MappingDiagnostic(.error, "check.sample", at: place, "sample is not valid JSON: \(error)"))
            return [:]
        }
        diagnostics.append(MappingDiagnostic(.error, "check.sample", at: place,
            "sample must be an array of records or an object of arrays keyed by mapping name"))
        return [:]
    }
}
