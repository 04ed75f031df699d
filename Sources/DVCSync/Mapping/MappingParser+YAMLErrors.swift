import Yams

extension MappingParser {
    /// Turns a Yams error into a diagnostic at the offending line; a duplicate key is reported at its second
    /// occurrence.
    mutating func reportYAML(_ yamlError: YamlError) {
        switch yamlError {
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? ""
            let place = secondOccurrence(of: key, after: context.mark) ?? SourceLocation(
                file: file, line: context.mark.line, column: context.mark.column)
            diagnostics.append(MappingDiagnostic(.error, "check.duplicate-key", at: place,
                "duplicate key `\(key)`", hint: "a later key would silently replace the earlier one; keep one"))
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            diagnostics.append(MappingDiagnostic(.error, "mapping.syntax",
                at: SourceLocation(file: file, line: mark.line, column: mark.column), "YAML: \(problem)"))
        default:
            diagnostics.append(MappingDiagnostic(.error, "mapping.syntax",
                at: SourceLocation(file: file, line: 1, column: 1), "unreadable YAML"))
        }
    }

    /// The next line after `mark` that starts with `key:` at the same column.
    private func secondOccurrence(of key: String, after mark: Mark) -> SourceLocation? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard mark.line >= 1 else { return nil }
        let indent = String(repeating: " ", count: max(mark.column - 1, 0))
        for index in mark.line..<lines.count {
            let line = lines[index]
            guard line.hasPrefix(indent) else { continue }
            let rest = line.dropFirst(indent.count)
            if rest.hasPrefix("\(key):") || rest.hasPrefix("\"\(key)\":") {
                return SourceLocation(file: file, line: index + 1, column: mark.column)
            }
        }
        return nil
    }
}
