/// Walks a mapping over sample records: reports source paths never present and table keys missing from tables.
struct SampleWalker {
    typealias Context = (current: JSONValue, root: JSONValue)

    let spec: MappingSpec
    let tables: [String: MappingTable]
    var diagnostics: [MappingDiagnostic] = []
    private var reported = Set<String>()

    init(spec: MappingSpec, tables: [String: MappingTable]) {
        self.spec = spec
        self.tables = tables
    }

    mutating func walk(_ fields: [FieldSpec], contexts: [Context]) {
        for field in fields { walk(field, contexts: contexts) }
    }

    private mutating func walk(_ field: FieldSpec, contexts: [Context]) {
        switch field.source {
        case .path(let path): seen(path, field, contexts)
        case .template(let parts):
            for case .path(let path) in parts { seen(path, field, contexts) }
        case .concat(let specs, _), .first(let specs):
            for sub in specs { walk(sub, contexts: contexts) }
        case .when(let condition, let thenSpec, let elseSpec):
            conditionPaths(condition).forEach { seen($0, field, contexts) }
            walk(thenSpec, contexts: contexts)
            if let elseSpec { walk(elseSpec, contexts: contexts) }
        case .list(let list):
            if let path = list.path {
                seen(path, field, contexts)
                var elements: [Context] = []
                for context in contexts {
                    if let items = path.resolve(current: context.current, root: context.root)?.arrayValue {
                        elements += items.map { ($0, context.root) }
                    }
                }
                if let condition = list.whereCondition { conditionPaths(condition).forEach { seen($0, field, elements) } }
                walk(list.fields, contexts: elements)
            }
            for item in list.items {
                if let condition = item.condition { conditionPaths(condition).forEach { seen($0, field, contexts) } }
                walk(item.fields, contexts: contexts)
            }
        case .constant, .none: break
        }
        if let lookup = field.lookup { checkLookup(lookup, field, contexts) }
    }

    private mutating func seen(_ path: SourcePath, _ field: FieldSpec, _ contexts: [Context]) {
        guard !contexts.isEmpty else { return }
        if contexts.contains(where: { path.resolve(current: $0.current, root: $0.root) != nil }) { return }
        report(.warning, "check.path-unseen", field.location,
            "source path `\(path.text)` (for `\(field.target)`) is absent from every sample record",
            hint: "check the spelling against the source API, or add a sample record that has it")
    }

    private mutating func checkLookup(_ lookup: LookupSpec, _ field: FieldSpec, _ contexts: [Context]) {
        guard case .named(let name, _, let location, _) = lookup.table, let file = spec.tables[name]?.path,
            let table = tables[file]
        else { return }
        var paths = lookup.keys
        if paths.isEmpty, case .path(let path) = field.source { paths = [path] }
        for context in contexts {
            var missing: [String] = []
            var found = false
            for path in paths {
                guard let raw = path.resolve(current: context.current, root: context.root)?.scalarText else { continue }
                let key = TextNormalization.normalize(raw)
                if key.isEmpty { continue }
                if table.rows[key] != nil { found = true; break }
                missing.append("\(path.text)=`\(key)`")
            }
            guard !found, !missing.isEmpty else { continue }
            let severity: MappingDiagnostic.Severity = lookup.unmapped == .error ? .error : .warning
            report(severity, "check.table-missing", location,
                "sample value \(missing.joined(separator: ", ")) is not in table `\(name)` (\(file))",
                hint: lookup.unmapped == .error ? "add a row for it to \(file)" : "the unmapped policy will apply")
        }
    }

    private func conditionPaths(_ condition: ConditionSpec) -> [SourcePath] {
        switch condition {
        case .equals(let p, _), .isIn(let p, _), .present(let p, _), .length(let p, _): return [p]
        case .any(let list), .all(let list): return list.flatMap { conditionPaths($0) }
        case .not(let inner): return conditionPaths(inner)
        }
    }

    private mutating func report(_ severity: MappingDiagnostic.Severity, _ code: String, _ place: SourceLocation,
        _ message: String, hint: String)
    {
        guard reported.insert("\(place)|\(message)").inserted else { return }
        diagnostics.append(MappingDiagnostic(severity, code, at: place, message, hint: hint))
    }
}
