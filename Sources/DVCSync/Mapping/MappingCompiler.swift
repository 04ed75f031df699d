/// A compiled scalar step: the current element and record context in, text (nil = absent) out.
typealias ScalarFn = @Sendable (JSONValue, EvalContext) throws(MappingAbort) -> String?
/// A compiled list field.
typealias ListFn = @Sendable (JSONValue, EvalContext) throws(MappingAbort) -> [JSONValue]
/// A compiled condition.
typealias ConditionFn = @Sendable (JSONValue, EvalContext) -> Bool

/// One instruction of a compiled object: a named scalar, number or list field.
enum CompiledField: Sendable {
    case scalar(name: String, ScalarFn, omitEmpty: Bool)
    /// An integer written as a JSON number; left out when it has no value.
    case number(name: String, ScalarFn)
    case list(name: String, ListFn, ListWriter)
}

/// Compiles a `MappingSpec` into closures once; reports unknown tables and columns as diagnostics.
struct MappingCompiler {
    let tables: [String: MappingTable]
    let tableNames: [String: String]
    var diagnostics: [MappingDiagnostic] = []
    /// Nesting of path lists being compiled (0: fields read the record's root).
    var listDepth = 0
    /// Row look-ups shared by the root's fields reading one table with the same key paths (the columns differ),
    /// by table file and key paths: the group's index in `EvalContext.rows`, the row of each key, the keys by row.
    var rowGroups: [String: (index: Int, rowOfKey: StringTable<Int>, keys: [String])] = [:]

    init(spec: MappingSpec, tables: [String: MappingTable]) {
        self.tables = tables
        self.tableNames = spec.tables.mapValues(\.path)
    }

    mutating func compileObject(_ fields: [FieldSpec]) -> [CompiledField] {
        fields.map { spec in
            if case .list(let list) = spec.source {
                let compiled = compileList(spec.target, list)
                return .list(name: spec.target, compiled.build, compiled.write)
            }
            if spec.coerce == .number { return .number(name: spec.target, Self.integerOnly(compileScalar(spec), spec)) }
            return .scalar(name: spec.target, compileScalar(spec), omitEmpty: spec.omitEmpty)
        }
    }

    /// Builds one object from compiled fields.
    @inline(__always)
    static func build(_ fields: [CompiledField], _ current: JSONValue, _ context: EvalContext) throws(MappingAbort)
        -> JSONValue
    {
        var members: [String: JSONValue] = [:]
        members.reserveCapacity(fields.count)
        for field in fields {
            switch field {
            case .scalar(let name, let fn, let omitEmpty):
                let value = try fn(current, context)
                if let value { members[name] = .string(value) } else if !omitEmpty { members[name] = .string("") }
            case .number(let name, let fn):
                if let value = try fn(current, context) { members[name] = .number(value) }
            case .list(let name, let fn, _):
                members[name] = .array(try fn(current, context))
            }
        }
        return .object(members)
    }

    mutating func compileScalar(_ spec: FieldSpec) -> ScalarFn {
        let target = spec.target
        var fn = compileSource(spec)
        let sourceText = Self.sourceText(spec.source)
        if spec.coerce != .string { fn = Self.coerce(fn, spec.coerce, target, sourceText) }
        if let width = spec.pad { fn = Self.pad(fn, width) }
        if spec.normalize {
            let inner = fn
            fn = { current, context throws(MappingAbort) in
                guard let text = try inner(current, context) else { return nil }
                let clean = TextNormalization.clean(text)
                if clean.removed > 0 {
                    context.warnings.append(MappingWarning(code: "mapping.control_removed",
                        targetPath: context.targetPath(target),
                        message: "removed \(clean.removed) control character(s)"))
                }
                return clean.text.isEmpty ? nil : clean.text
            }
        }
        if let lookup = spec.lookup {
            fn = compileLookup(fn, lookup, target, sourceText)
            if case .constant = spec.source, lookup.keys.isEmpty { fn = Self.folded(fn) }
        }
        if let date = spec.date { fn = Self.compileDate(fn, date, target, sourceText) }
        if let limit = spec.truncate {
            let inner = fn
            fn = { current, context throws(MappingAbort) in
                guard let text = try inner(current, context) else { return nil }
                guard let cut = TextNormalization.truncated(text, to: limit) else { return text }
                context.warnings.append(MappingWarning(code: "mapping.truncated", targetPath: context.targetPath(target),
                    message: "truncated to \(limit) Unicode scalars (NFC) from \(text.unicodeScalars.count)"))
                return cut
            }
        }
        if let fallback = spec.defaultValue {
            let inner = fn
            let value = TextNormalization.normalize(fallback)
            fn = { current, context throws(MappingAbort) in try inner(current, context) ?? value }
        }
        if spec.required {
            let inner = fn
            fn = { current, context throws(MappingAbort) in
                guard let value = try inner(current, context) else {
                    throw context.fail("mapping.required", target, sourceText, "required field has no value")
                }
                return value
            }
        }
        return fn
    }

    /// A number field's final value (after lookup, default…) must still be an integer, so it is valid JSON.
    static func integerOnly(_ inner: @escaping ScalarFn, _ spec: FieldSpec) -> ScalarFn {
        let target = spec.target, source = sourceText(spec.source)
        return { current, context throws(MappingAbort) in
            guard let text = try inner(current, context) else { return nil }
            guard let value = Int(text) else { throw context.fail("mapping.number", target, source, "expected an integer") }
            return String(value)
        }
    }

    /// A constant looked up in a table (`const: charge` + `lookup`) gives the same value for every record: it is
    /// looked up once here. A value the table lacks keeps the per-record function, so its policy (error, skip,
    /// default) still applies to each record as before.
    static func folded(_ fn: @escaping ScalarFn) -> ScalarFn {
        let context = EvalContext(root: .null)
        guard let value = try? fn(.null, context), context.warnings.isEmpty else { return fn }
        return { _, _ in value }
    }

    static func sourceText(_ source: ValueSource) -> String {
        switch source {
        case .path(let path): return path.text
        case .first(let specs): return specs.map { sourceText($0.source) }.joined(separator: "|")
        case .template(let parts):
            return parts.compactMap { if case .path(let p) = $0 { return p.text } else { return nil } }
                .joined(separator: "+")
        default: return ""
        }
    }

    private mutating func compileSource(_ spec: FieldSpec) -> ScalarFn {
        let target = spec.target
        switch spec.source {
        case .none:
            return { _, _ in nil }
        case .constant(let text):
            let value: String? = text.isEmpty ? nil : text
            return { _, _ in value }
        case .path(let path):
            return { current, context throws(MappingAbort) in
                guard let value = path.resolve(current: current, root: context.root) else { return nil }
                switch value {
                case .string(let s): return s
                case .number(let n): return n
                case .bool(let b): return b ? "true" : "false"
                default:
                    throw context.fail("mapping.type", target, path.text, "expected a scalar, found an object or array")
                }
            }
        case .template(let parts):
            return { current, context in
                var out = ""
                var sawValue = false
                for part in parts {
                    switch part {
                    case .literal(let text): out += text
                    case .path(let path):
                        if let text = path.resolve(current: current, root: context.root)?.scalarText, !text.isEmpty {
                            out += text
                            sawValue = true
                        }
                    }
                }
                return sawValue ? out : nil
            }
        case .concat(let specs, let separator):
            let parts = specs.map { compileScalar($0) }
            return { current, context throws(MappingAbort) in
                var pieces: [String] = []
                for part in parts { if let text = try part(current, context), !text.isEmpty { pieces.append(text) } }
                return pieces.isEmpty ? nil : pieces.joined(separator: separator)
            }
        case .first(let specs):
            let parts = specs.map { compileScalar($0) }
            return { current, context throws(MappingAbort) in
                for part in parts { if let text = try part(current, context), !text.isEmpty { return text } }
                return nil
            }
        case .when(let condition, let thenSpec, let elseSpec):
            let test = Self.compileCondition(condition)
            let yes = compileScalar(thenSpec)
            let no = elseSpec.map { compileScalar($0) }
            return { current, context throws(MappingAbort) in
                if test(current, context) { return try yes(current, context) }
                return try no?(current, context)
            }
        case .list:
            return { _, _ in nil }
        }
    }

    private mutating func compileLookup(_ inner: @escaping ScalarFn, _ spec: LookupSpec, _ target: String,
        _ sourceText: String) -> ScalarFn
    {
        var values: [String: String] = [:]
        var shared: SharedRows? = nil
        switch spec.table {
        case .inline(let map):
            for (key, value) in map { values[TextNormalization.normalize(key)] = TextNormalization.normalize(value) }
        case .named(let name, let column, let location, let columnLocation):
            guard let file = tableNames[name], let table = tables[file] else {
                diagnostics.append(MappingDiagnostic(.error, "mapping.table", at: location,
                    "unknown table `\(name)`", hint: "declare it under `tables:` with a CSV path"))
                return inner
            }
            guard let index = table.columnIndex(column) else {
                diagnostics.append(MappingDiagnostic(.error, "mapping.table", at: columnLocation ?? location,
                    "table `\(name)` has no column `\(column ?? "")`",
                    hint: "columns: \(table.header.dropFirst().joined(separator: ", "))"))
                return inner
            }
            for (key, row) in table.rows { values[key] = row[index] }
            if listDepth == 0 && !spec.keys.isEmpty {
                let id = ([file] + spec.keys.map(\.text)).joined(separator: "|")
                let keys = rowGroups[id]?.keys ?? Array(table.rows.keys)
                let group = rowGroups[id] ?? (rowGroups.count,
                    StringTable(keys.enumerated().map { ($1, $0) }), keys)
                rowGroups[id] = group
                shared = SharedRows(group: group.index, rowOfKey: group.rowOfKey,
                                    column: keys.map { table.rows[$0]![index] })
            }
        }
        let keys = spec.keys
        let policy = spec.unmapped
        let table = StringTable(values.map { ($0.key, $0.value) })
        return { [shared] current, context throws(MappingAbort) in
            if let shared {
                var row = context.rows[shared.group]
                if row == EvalContext.rowUnknown {
                    row = Self.findRow(keys, shared.rowOfKey, current, context)
                    context.rows[shared.group] = row
                }
                if row >= 0 { return shared.column[row].isEmpty ? nil : shared.column[row] }
            }
            var firstKey: (text: String, path: String)? = nil
            if keys.isEmpty {
                guard let key = try inner(current, context) else { return nil }
                if let value = table[key] { return value.isEmpty ? nil : value }
                firstKey = (key, sourceText)
            } else {
                for index in keys.indices {
                    guard let raw = keys[index].resolve(current: current, root: context.root)?.scalarText else {
                        continue
                    }
                    let key = TextNormalization.normalize(raw)
                    if key.isEmpty { continue }
                    if let value = table[key] { return value.isEmpty ? nil : value }
                    if firstKey == nil { firstKey = (key, keys[index].text) }
                }
            }
            guard let (key, path) = firstKey else { return nil }
            switch policy {
            case .defaultValue(let value): return value
            case .error:
                throw context.fail("mapping.lookup", target, path, "code `\(key)` is not in the table")
            case .skip:
                throw MappingAbort.skip(MappingSkip(targetPath: context.targetPath(target), sourcePath: path, value: key))
            }
        }
    }

    /// One field's column of a shared row look-up.
    struct SharedRows: Sendable {
        let group: Int
        let rowOfKey: StringTable<Int>
        let column: [String]
    }

    /// The row the first key path with a known key selects (as the look-up picks its value), or `rowMissing`.
    static func findRow(_ keys: [SourcePath], _ rowOfKey: StringTable<Int>, _ current: JSONValue, _ context: EvalContext)
        -> Int
    {
        for index in keys.indices {
            guard let raw = keys[index].resolve(current: current, root: context.root)?.scalarText else { continue }
            let key = TextNormalization.normalize(raw)
            if key.isEmpty { continue }
            if let row = rowOfKey[key] { return row }
        }
        return EvalContext.rowMissing
    }
}
