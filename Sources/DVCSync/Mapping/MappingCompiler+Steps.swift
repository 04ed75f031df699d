extension MappingCompiler {
    static func coerce(_ inner: @escaping ScalarFn, _ kind: Coercion, _ target: String, _ source: String) -> ScalarFn {
        { current, context throws(MappingAbort) in
            guard let raw = try inner(current, context) else { return nil }
            let text = TextNormalization.trim(raw)
            if text.isEmpty { return nil }
            switch kind {
            case .string: return text
            case .integer, .number:
                if let value = Int(text) { return String(value) }
                if let value = thousands(text) { return String(value) }
                if let value = Double(text), value.isFinite, value == value.rounded(.towardZero),
                    abs(value) < 1e15
                {
                    return String(Int(value))
                }
                throw context.fail("mapping.number", target, source, "expected an integer")
            case .bool01, .boolTitle:
                let truth: Bool
                switch text.lowercased() {
                case "true", "1", "yes": truth = true
                case "false", "0", "no": truth = false
                default: throw context.fail("mapping.type", target, source, "expected a boolean")
                }
                if kind == .bool01 { return truth ? "1" : "0" }
                return truth ? "True" : "False"
            }
        }
    }

    /// `100.000` or `1.250.000`: an amount written with Vietnamese thousands dots (the catalogue's `SOTIEN`, amounts
    /// typed by hand), never the decimal 100.0, which Java and JSON write as `100.0`.
    static func thousands(_ text: String) -> Int? {
        let groups = text.split(separator: ".", omittingEmptySubsequences: false)
        guard groups.count > 1, (1...3).contains(groups[0].count),
            groups.dropFirst().allSatisfy({ $0.count == 3 }),
            groups.allSatisfy({ $0.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } })
        else { return nil }
        return Int(groups.joined())
    }

    static func pad(_ inner: @escaping ScalarFn, _ width: Int) -> ScalarFn {
        { current, context throws(MappingAbort) in
            guard let text = try inner(current, context) else { return nil }
            let count = text.utf8.count
            return count >= width ? text : String(repeating: "0", count: width - count) + text
        }
    }

    static func compileDate(_ inner: @escaping ScalarFn, _ spec: DateSpec, _ target: String, _ source: String)
        -> ScalarFn
    {
        guard let zone = ZoneOffsets(identifier: spec.zone), let vietnam = ZoneOffsets(identifier: "Asia/Ho_Chi_Minh")
        else { return inner }
        let converter = DateConverter(format: spec.format, source: zone, target: vietnam, output: spec.output)
        let formatName: String
        switch spec.format {
        case .pattern(_, let text): formatName = text
        case .epochMillis: formatName = "epoch-ms"
        case .epochSeconds: formatName = "epoch-s"
        case .iso8601: formatName = "iso8601"
        }
        return { current, context throws(MappingAbort) in
            guard let text = try inner(current, context) else { return nil }
            guard let converted = converter.convert(text) else {
                throw context.fail("mapping.date", target, source, "date does not match format \(formatName)")
            }
            return converted
        }
    }

    static func compileCondition(_ spec: ConditionSpec) -> ConditionFn {
        switch spec {
        case .equals(let path, let expected):
            return { current, context in
                guard let text = path.resolve(current: current, root: context.root)?.scalarText else { return false }
                return TextNormalization.trim(text) == expected
            }
        case .isIn(let path, let set):
            return { current, context in
                guard let text = path.resolve(current: current, root: context.root)?.scalarText else { return false }
                return set.contains(TextNormalization.trim(text))
            }
        case .present(let path, let wanted):
            return { current, context in
                let value = path.resolve(current: current, root: context.root)
                let present: Bool
                switch value {
                case .none: present = false
                case .string(let s): present = !TextNormalization.trim(s).isEmpty
                case .array(let a): present = !a.isEmpty
                case .object(let o): present = !o.isEmpty
                default: present = true
                }
                return present == wanted
            }
        case .length(let path, let count):
            return { current, context in
                guard let text = path.resolve(current: current, root: context.root)?.scalarText else { return false }
                return TextNormalization.trim(text).unicodeScalars.count == count
            }
        case .any(let specs):
            let tests = specs.map { compileCondition($0) }
            return { current, context in tests.contains { $0(current, context) } }
        case .all(let specs):
            let tests = specs.map { compileCondition($0) }
            return { current, context in tests.allSatisfy { $0(current, context) } }
        case .not(let inner):
            let test = compileCondition(inner)
            return { current, context in !test(current, context) }
        }
    }
}
