import Foundation

/// A strict CSV reader (RFC 4180: `,` between cells, `"` around cells holding commas, quotes or line breaks, `""` for
/// a quote inside) that keeps the line each row starts on: an unclosed quote, or (`init`) a row with more or fewer
/// cells than the header, is an error naming the line, never rows silently merged or padded. Catalogue files and
/// the mappings' code tables are read with it.
struct StrictCSV {
    /// A row of cells and the line (from 1) it starts on.
    struct Row {
        var line: Int
        var cells: [String]
    }

    /// A problem at `line`.
    struct Problem: Error {
        var line: Int
        var text: String
    }

    let header: [String]
    /// The rows after the header; blank lines are skipped.
    let rows: [Row]

    /// Parses `text` (a leading byte-order mark is ignored; lines end with LF or CRLF); every row must have the
    /// header's number of cells.
    init(_ text: String) throws(Problem) {
        var records = try Self.records(text)
        guard !records.isEmpty else { throw Problem(line: 1, text: "the file is empty (no header)") }
        let first = records.removeFirst()
        header = first.cells.map { $0.trimmingCharacters(in: .whitespaces) }
        for row in records where row.cells.count != header.count {
            throw Problem(line: row.line, text: "\(row.cells.count) cells where the header (line \(first.line)) has "
                + "\(header.count)" + (row.cells.count > header.count ? " (an unquoted comma in a value?)" : ""))
        }
        rows = records
    }

    /// Every non-blank row of `text`, the header included, whatever its number of cells.
    static func records(_ text: String) throws(Problem) -> [Row] {
        let body = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        return try records(Array(body.unicodeScalars))
    }

    private static func records(_ scalars: [Unicode.Scalar]) throws(Problem) -> [Row] {
        var rows: [Row] = []
        var cells: [String] = [], cell = String.UnicodeScalarView()
        var line = 1, rowLine = 1, index = 0
        var quoted = false, quoteLine = 0, afterQuote = false
        func endRow() {
            cells.append(String(cell))
            let blank = cells.count == 1 && cells[0].allSatisfy(\.isWhitespace)
            if !blank { rows.append(Row(line: rowLine, cells: cells)) }
            cells = []
            cell = .init()
            afterQuote = false
        }
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            if quoted {
                if scalar == "\"" {
                    if index < scalars.count, scalars[index] == "\"" {
                        cell.append("\"")
                        index += 1
                    } else {
                        quoted = false
                        afterQuote = true
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    cell.append(scalar)
                }
                continue
            }
            switch scalar {
            case ",":
                cells.append(String(cell))
                cell = .init()
                afterQuote = false
            case "\n", "\r":
                if scalar == "\r", index < scalars.count, scalars[index] == "\n" { index += 1 }
                endRow()
                line += 1
                rowLine = line
            case "\"" where cell.allSatisfy({ $0 == " " }) && !afterQuote:
                quoted = true
                quoteLine = line
                cell = .init()
            default:
                if afterQuote && scalar != " " {
                    throw Problem(line: line, text: "text after the closing quote of a cell (write \"\" for a quote "
                        + "inside a quoted cell)")
                }
                if !afterQuote { cell.append(scalar) }
            }
        }
        if quoted {
            throw Problem(line: quoteLine, text: "a quote opened here is never closed (every following row would be "
                + "read as part of this cell)")
        }
        if !cells.isEmpty || !cell.isEmpty { endRow() }
        return rows
    }
}
