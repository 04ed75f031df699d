import Yams

/// Reads a mapping file (YAML) into a `MappingSpec`, recording every problem with its file:line:column.
struct MappingParser {
    let file: String
    let text: String
    var diagnostics: [MappingDiagnostic] = []

    static let fieldKeys: Set<String> = [
        "path", "const", "template", "concat", "separator", "first", "when", "then", "else", "list", "coerce", "pad",
        "normalize", "lookup", "date", "truncate", "default", "required", "omitEmpty",
    ]

    init(file: String, text: String) {
        self.file = file
        self.text = text
    }

    /// Parses the file; nil when it is not a usable mapping (diagnostics say why).
    mutating func parse(name: String) -> MappingSpec? {
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                error("mapping.syntax", at: nil, "empty mapping file")
                return nil
            }
            root = node
        } catch let yamlError as YamlError {
            reportYAML(yamlError)
            return nil
        } catch {
            self.error("mapping.syntax", at: nil, "unreadable YAML")
            return nil
        }
        guard let top = mapping(root, "mapping file") else { return nil }
        checkKeys(top, allowed: ["target", "tables", "fields", "description", "input"])
        guard let target = top["target"]?.string else {
            error("mapping.syntax", at: root, "missing `target` (the portal record kind, e.g. DongBoHoSoMC)")
            return nil
        }
        var tables: [String: (path: String, location: SourceLocation)] = [:]
        if let tablesNode = top["tables"], let tableMap = mapping(tablesNode, "tables") {
            for (key, value) in tableMap {
                guard let name = key.string, let path = value.string else {
                    error("mapping.syntax", at: value, "a table entry is `name: relative/path.csv`")
                    continue
                }
                tables[name] = (path, location(value))
            }
        }
        guard let fieldsNode = top["fields"], let fieldMap = mapping(fieldsNode, "fields") else {
            error("mapping.syntax", at: root, "missing `fields`")
            return nil
        }
        return MappingSpec(name: name, file: file, target: target, tables: tables, fields: fields(fieldMap))
    }

    mutating func fields(_ map: Node.Mapping) -> [FieldSpec] {
        map.compactMap { key, value in
            guard let target = key.string else {
                error("mapping.syntax", at: key, "field names are strings")
                return nil
            }
            return field(target, value, at: key)
        }
    }

    mutating func field(_ target: String, _ node: Node, at keyNode: Node) -> FieldSpec? {
        let where_ = location(keyNode)
        if let text = node.scalar?.string {
            guard let path = sourcePath(text, node) else { return nil }
            return FieldSpec(target: target, location: where_, source: .path(path))
        }
        guard let map = mapping(node, "field `\(target)`") else { return nil }
        checkKeys(map, allowed: Self.fieldKeys)
        var spec = FieldSpec(target: target, location: where_, source: .none)
        let sources = ["path", "const", "template", "concat", "first", "when", "list"].filter { map[$0] != nil }
        if sources.count > 1 {
            error("mapping.syntax", at: node, "field `\(target)` has several sources: \(sources.joined(separator: ", "))",
                hint: "keep one of path, const, template, concat, first, when, list")
        }
        if let n = map["path"] { if let p = sourcePath(n.string ?? "", n) { spec.source = .path(p) } }
        if let n = map["const"] { spec.source = .constant(n.string ?? "") }
        if let n = map["template"] { spec.source = .template(template(n.string ?? "", n)) }
        if let n = map["concat"] {
            spec.source = .concat(subFields(target, n), separator: map["separator"]?.string ?? "")
        }
        if let n = map["first"] { spec.source = .first(subFields(target, n)) }
        if let n = map["when"] {
            let condition = self.condition(n)
            let thenSpec = map["then"].flatMap { field(target, $0, at: $0) }
            let elseSpec = map["else"].flatMap { field(target, $0, at: $0) }
            if thenSpec?.isList == true || elseSpec?.isList == true {
                error("mapping.type", at: n, "`then` and `else` produce scalars; use list `items` with `when` instead")
            }
            if let condition, let thenSpec {
                spec.source = .when(condition, then: thenSpec, otherwise: elseSpec)
            } else if thenSpec == nil {
                error("mapping.syntax", at: n, "`when` needs `then`")
            }
        }
        if let n = map["list"] { if let list = list(target, n) { spec.source = .list(list) } }
        if let n = map["coerce"] {
            if let c = Coercion(rawValue: n.string ?? "") { spec.coerce = c } else {
                error("mapping.syntax", at: n, "unknown coercion `\(n.string ?? "")`",
                    hint: "use string, integer, number, bool01 or boolTitle")
            }
        }
        spec.pad = map["pad"].flatMap { positiveInt($0, "pad") }
        if let n = map["normalize"] { spec.normalize = n.bool ?? true }
        if let n = map["lookup"] { spec.lookup = lookup(n) }
        if let n = map["date"] { spec.date = date(n) }
        spec.truncate = map["truncate"].flatMap { positiveInt($0, "truncate") }
        spec.defaultValue = map["default"]?.string
        spec.required = map["required"]?.bool ?? false
        spec.omitEmpty = map["omitEmpty"]?.bool ?? false
        if spec.isList, let n = map["date"] ?? map["lookup"] ?? map["truncate"] ?? map["template"] {
            error("mapping.type", at: n, "field `\(target)` is a list; date, lookup and truncate apply to scalars",
                hint: "move the step into the list's `fields`")
        }
        return spec
    }

    private mutating func subFields(_ target: String, _ node: Node) -> [FieldSpec] {
        guard let items = sequence(node, "list of values") else { return [] }
        return items.compactMap { field(target, $0, at: $0) }
    }

    private mutating func list(_ target: String, _ node: Node) -> ListSpec? {
        guard let map = mapping(node, "list") else { return nil }
        checkKeys(map, allowed: ["path", "where", "fields", "items"])
        if let itemsNode = map["items"] {
            var items: [(condition: ConditionSpec?, fields: [FieldSpec])] = []
            for item in sequence(itemsNode, "items") ?? [] {
                guard let itemMap = mapping(item, "list item") else { continue }
                checkKeys(itemMap, allowed: ["when", "fields"])
                let condition = itemMap["when"].flatMap { self.condition($0) }
                let fields = itemMap["fields"].flatMap { mapping($0, "fields") }.map { self.fields($0) } ?? []
                items.append((condition, fields))
            }
            return ListSpec(path: nil, whereCondition: nil, fields: [], items: items)
        }
        guard let pathNode = map["path"], let path = sourcePath(pathNode.string ?? "", pathNode) else {
            error("mapping.syntax", at: node, "list `\(target)` needs `path` (source array) or `items`")
            return nil
        }
        let fields = map["fields"].flatMap { mapping($0, "fields") }.map { self.fields($0) } ?? []
        return ListSpec(path: path, whereCondition: map["where"].flatMap { condition($0) }, fields: fields, items: [])
    }

    private mutating func lookup(_ node: Node) -> LookupSpec? {
        guard let map = mapping(node, "lookup") else { return nil }
        checkKeys(map, allowed: ["table", "column", "map", "key", "unmapped"])
        let table: TableRef
        if let name = map["table"]?.string {
            table = .named(name, column: map["column"]?.string, location: location(map["table"]!),
                columnLocation: map["column"].map { location($0) })
        } else if let inline = map["map"], let pairs = mapping(inline, "map") {
            var values: [String: String] = [:]
            for (k, v) in pairs { values[k.string ?? ""] = v.string ?? "" }
            table = .inline(values)
        } else {
            error("mapping.syntax", at: node, "lookup needs `table` or `map`")
            return nil
        }
        var keys: [SourcePath] = []
        if let keyNode = map["key"] {
            let texts = keyNode.sequence.map { $0.map { $0.string ?? "" } } ?? [keyNode.string ?? ""]
            keys = texts.compactMap { sourcePath($0, keyNode) }
        }
        var policy = UnmappedPolicy.error
        if let p = map["unmapped"] {
            if let word = p.string, word == "error" || word == "skip" {
                policy = word == "error" ? .error : .skip
            } else if let value = p.mapping?["default"]?.string {
                policy = .defaultValue(value)
            } else {
                error("mapping.syntax", at: p, "unknown unmapped policy", hint: "use error, skip or {default: X}")
            }
        }
        return LookupSpec(table: table, keys: keys, unmapped: policy, location: location(node))
    }

    private mutating func date(_ node: Node) -> DateSpec? {
        let map = node.mapping
        if let map { checkKeys(map, allowed: ["format", "zone", "output"]) }
        let formatNode = map?["format"] ?? node
        guard let formatText = formatNode.string, let format = DateFormat(name: formatText) else {
            error("mapping.date-format", at: formatNode, "unknown date format `\(formatNode.string ?? "")`",
                hint: "use a pattern such as dd/MM/yyyy HH:mm:ss, or epoch-ms, epoch-s, iso8601")
            return nil
        }
        let zone = map?["zone"]?.string ?? "Asia/Ho_Chi_Minh"
        if ZoneOffsets(identifier: zone) == nil {
            error("mapping.zone", at: map?["zone"] ?? node, "unknown time zone `\(zone)`", hint: "use an IANA name")
        }
        let outputText = map?["output"]?.string ?? DateOutput.dateTime.rawValue
        guard let output = DateOutput(rawValue: outputText) else {
            error("mapping.date-format", at: map?["output"] ?? node, "output must be yyyyMMddHHmmss or yyyyMMdd")
            return nil
        }
        return DateSpec(format: format, zone: zone, output: output, location: location(node))
    }

    mutating func condition(_ node: Node) -> ConditionSpec? {
        guard let map = mapping(node, "condition") else { return nil }
        checkKeys(map, allowed: ["path", "equals", "in", "present", "length", "any", "all", "not"])
        if let n = map["any"] { return .any((sequence(n, "any") ?? []).compactMap { condition($0) }) }
        if let n = map["all"] { return .all((sequence(n, "all") ?? []).compactMap { condition($0) }) }
        if let n = map["not"] { return condition(n).map { .not($0) } }
        guard let pathNode = map["path"], let path = sourcePath(pathNode.string ?? "", pathNode) else {
            error("mapping.syntax", at: node, "a condition needs `path` (or any/all/not)")
            return nil
        }
        if let n = map["equals"] { return .equals(path, n.string ?? "") }
        if let n = map["in"] { return .isIn(path, Set((sequence(n, "in") ?? []).map { $0.string ?? "" })) }
        if let n = map["present"] { return .present(path, n.bool ?? true) }
        if let n = map["length"], let count = positiveInt(n, "length") { return .length(path, count) }
        error("mapping.syntax", at: node, "a condition needs equals, in, present or length")
        return nil
    }

    private mutating func template(_ text: String, _ node: Node) -> [TemplatePart] {
        var parts: [TemplatePart] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "{") {
            if open > rest.startIndex { parts.append(.literal(String(rest[..<open]))) }
            guard let close = rest[open...].firstIndex(of: "}") else {
                error("mapping.syntax", at: node, "unclosed `{` in template")
                return parts
            }
            if let path = sourcePath(String(rest[rest.index(after: open)..<close]), node) { parts.append(.path(path)) }
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { parts.append(.literal(String(rest))) }
        return parts
    }

    private mutating func sourcePath(_ text: String, _ node: Node) -> SourcePath? {
        guard let path = SourcePath(text) else {
            error("mapping.path", at: node, "malformed source path `\(text)`", hint: "write a.b[0].c, or $.a for the record root")
            return nil
        }
        return path
    }

    private mutating func positiveInt(_ node: Node, _ what: String) -> Int? {
        guard let value = node.int, value > 0 else {
            error("mapping.syntax", at: node, "`\(what)` must be a positive integer")
            return nil
        }
        return value
    }

    private mutating func mapping(_ node: Node, _ what: String) -> Node.Mapping? {
        guard let map = node.mapping else {
            error("mapping.type", at: node, "\(what) must be a mapping (key: value)")
            return nil
        }
        return map
    }

    private mutating func sequence(_ node: Node, _ what: String) -> [Node]? {
        guard let items = node.sequence else {
            error("mapping.type", at: node, "\(what) must be a list")
            return nil
        }
        return Array(items)
    }

    private mutating func checkKeys(_ map: Node.Mapping, allowed: Set<String>) {
        for key in map.keys where !allowed.contains(key.string ?? "") {
            error("mapping.unknown-key", at: key, "unknown key `\(key.string ?? "")`",
                hint: "expected one of: \(allowed.sorted().joined(separator: ", "))")
        }
    }

    func location(_ node: Node?) -> SourceLocation {
        SourceLocation(file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1)
    }

    mutating func error(_ code: String, at node: Node?, _ message: String, hint: String? = nil) {
        diagnostics.append(MappingDiagnostic(.error, code, at: location(node), message, hint: hint))
    }
}
