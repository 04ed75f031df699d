import Foundation

/// A code or reference table read from CSV: the first column is the key, the header names the value columns.
public struct MappingTable: Sendable {
    /// Path as referenced by the mapping (relative to the province folder).
    public let file: String
    /// Column names from the header row.
    public let header: [String]
    /// Rows by key (first column).
    let rows: [String: [String]]
    /// Line of each key, for diagnostics.
    let lines: [String: Int]

    /// Parses CSV text; duplicate keys and short rows are returned as diagnostics (first row kept).
    static func parse(file: String, text: String) -> (MappingTable?, [MappingDiagnostic]) {
        var diagnostics: [MappingDiagnostic] = []
        var records: [StrictCSV.Row]
        do {
            records = try StrictCSV.records(text)
        } catch {
            let place = SourceLocation(file: file, line: error.line, column: 1)
            return (nil, [MappingDiagnostic(.error, "mapping.table", at: place, "unreadable CSV: \(error.text)")])
        }
        let header = records.isEmpty ? [] : records.removeFirst().cells
        guard header.count >= 2 else {
            let place = SourceLocation(file: file, line: 1, column: 1)
            return (nil, [MappingDiagnostic(.error, "mapping.table", at: place,
                "a table needs a header with a key column and at least one value column")])
        }
        var rows: [String: [String]] = [:]
        var lines: [String: Int] = [:]
        for record in records {
            let (line, row) = (record.line, record.cells)
            guard row.count == header.count else {
                diagnostics.append(MappingDiagnostic(.error, "mapping.table", at: SourceLocation(
                    file: file, line: line, column: 1),
                    "row has \(row.count) columns, header has \(header.count)"))
                continue
            }
            let key = TextNormalization.normalize(row[0])
            if let first = lines[key] {
                diagnostics.append(MappingDiagnostic(.error, "check.duplicate-row",
                    at: SourceLocation(file: file, line: line, column: 1),
                    "duplicate table key `\(key)` (first on line \(first))", hint: "keep one row per key"))
                continue
            }
            rows[key] = row.map { TextNormalization.normalize($0) }
            lines[key] = line
        }
        return (MappingTable(file: file, header: header, rows: rows, lines: lines), diagnostics)
    }

    /// Index of a value column (default: the second column).
    func columnIndex(_ name: String?) -> Int? {
        guard let name else { return 1 }
        guard let index = header.firstIndex(of: name), index > 0 else { return nil }
        return index
    }

    /// All keys.
    public var keys: Dictionary<String, [String]>.Keys { rows.keys }
}
