import Foundation

/// A procedure catalogue from a file: CSV (header = source field names, e.g. `serviceCode,serviceName,domainCode`)
/// or JSON (an array of objects, or `{"data": [...]}`), e.g. the list attached to a publication decision.
public struct FileCatalogueConnector: SourceConnector {
    public let path: String
    public init(path: String) { self.path = path }

    /// A catalogue file: no dossiers, no credentials.
    public var capabilities: SourceCapabilities { .catalogue }

    /// The procedures of the file, in order. The whole file is refused (`source.file`, naming the line, or the
    /// item of a JSON array) when a row cannot be read as one procedure (an unclosed quote, more or fewer cells than
    /// the header), has no `serviceCode`, or repeats the `serviceCode` of another row: a publication's list is sent
    /// whole or not at all.
    public func procedures() async throws -> [JSONValue] {
        guard FileManager.default.isReadableFile(atPath: path) else {
            let problem = FileManager.default.fileExists(atPath: path) ? "cannot be read (permissions)" : "does not exist"
            throw SourceError(code: "source.file", message: "the catalogue file \(path) \(problem)")
        }
        let bytes: Data
        do { bytes = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw SourceError(code: "source.file", message: "cannot read \(path)")
        }
        let items = path.lowercased().hasSuffix(".json") ? try json(Array(bytes)) : try csv(bytes)
        try checkCodes(items)
        return items.map(\.procedure)
    }

    /// A procedure and where it is in the file (`line 4`, `item 3`).
    typealias Located = (place: String, procedure: JSONValue)

    func json(_ bytes: [UInt8]) throws -> [Located] {
        let document: JSONValue
        do { document = try JSONParser.parse(bytes) } catch {
            throw SourceError(code: "source.file", message: "\(path): not valid JSON (\(error))")
        }
        guard let items = document.arrayValue ?? document["data"]?.arrayValue else {
            throw SourceError(code: "source.file", message: "\(path): expected an array of procedures")
        }
        return items.enumerated().map { ("item \($0.offset + 1)", $0.element) }
    }

    func csv(_ bytes: Data) throws -> [Located] {
        guard let text = String(data: bytes, encoding: .utf8) else {
            throw SourceError(code: "source.file", message: "\(path): not a readable CSV file (not UTF-8 text?)")
        }
        let table: StrictCSV
        do { table = try StrictCSV(text) } catch {
            throw SourceError(code: "source.file", message: "\(path):\(error.line): \(error.text). Fix: correct the "
                + "file; nothing was sent")
        }
        guard table.header.contains("serviceCode") else {
            throw SourceError(code: "source.file", message: "\(path): the header has no `serviceCode` column")
        }
        return table.rows.map { row in
            var members: [String: JSONValue] = [:]
            for (name, cell) in zip(table.header, row.cells) {
                let value = cell.trimmingCharacters(in: .whitespaces)
                if !value.isEmpty { members[name] = .string(value) }
            }
            return ("line \(row.line)", .object(members))
        }
    }

    /// Refuses the file when procedures have no `serviceCode` or share one, listing every such place.
    func checkCodes(_ items: [Located]) throws {
        var places: [String: [String]] = [:], order: [String] = [], uncoded: [String] = []
        for item in items {
            guard let code = item.procedure["serviceCode"]?.scalarText?.trimmingCharacters(in: .whitespaces),
                  !code.isEmpty else {
                uncoded.append(item.place)
                continue
            }
            if places[code] == nil { order.append(code) }
            places[code, default: []].append(item.place)
        }
        let repeated = order.filter { places[$0]!.count > 1 }
        var problems: [String] = []
        if !uncoded.isEmpty { problems.append("no serviceCode on \(Self.list(uncoded))") }
        for code in repeated { problems.append("serviceCode \(code) on \(Self.list(places[code]!))") }
        guard !problems.isEmpty else { return }
        throw SourceError(code: "source.file", message: "\(path): \(problems.joined(separator: "; ")). Fix: give "
            + "every procedure its own serviceCode, once; nothing was sent")
    }

    /// `line 3, line 7 and line 9` (the first 10, then how many more).
    static func list(_ places: [String]) -> String {
        let shown = places.prefix(10)
        let more = places.count > shown.count ? " and \(places.count - shown.count) more" : ""
        guard shown.count > 1 else { return shown.joined() + more }
        return more.isEmpty ? shown.dropLast().joined(separator: ", ") + " and " + shown.last!
            : shown.joined(separator: ", ") + more
    }

    /// A catalogue file has no dossiers.
    public func scanDossiers(cursor: String?, knownHashes: KnownHashes,
                             page: @Sendable (DossierPage) async throws -> Void) async throws {}
}
