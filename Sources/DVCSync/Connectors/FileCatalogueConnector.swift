import Foundation
import SwiftCSV

/// A procedure catalogue from a file: CSV (header = source field names, e.g. `serviceCode,serviceName,domainCode`)
/// or JSON (an array of objects, or `{"data": [...]}`), e.g. the list attached to a publication decision.
public struct FileCatalogueConnector: SourceConnector {
    public let path: String
    public init(path: String) { self.path = path }

    /// A catalogue file: no dossiers, no credentials.
    public var capabilities: SourceCapabilities { .catalogue }

    public func procedures() async throws -> [JSONValue] {
        guard FileManager.default.isReadableFile(atPath: path) else {
            let problem = FileManager.default.fileExists(atPath: path) ? "cannot be read (permissions)" : "does not exist"
            throw SourceError(code: "source.file", message: "the catalogue file \(path) \(problem)")
        }
        if path.lowercased().hasSuffix(".json") {
            let bytes: [UInt8]
            do { bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path))) } catch {
                throw SourceError(code: "source.file", message: "cannot read \(path)")
            }
            let document: JSONValue
            do { document = try JSONParser.parse(bytes) } catch {
                throw SourceError(code: "source.file", message: "\(path): not valid JSON (\(error))")
            }
            guard let items = document.arrayValue ?? document["data"]?.arrayValue else {
                throw SourceError(code: "source.file", message: "\(path): expected an array of procedures")
            }
            return items
        }
        let csv: CSV<Named>
        do {
            csv = try CSV<Named>(url: URL(fileURLWithPath: path), delimiter: .comma, loadColumns: false)
        } catch {
            throw SourceError(code: "source.file", message: "\(path): not a readable CSV file"
                + ((error as? CSVParseError).map { " (\($0))" } ?? " (not UTF-8 text?)"))
        }
        guard csv.header.contains("serviceCode") else {
            throw SourceError(code: "source.file", message: "\(path): the header has no `serviceCode` column")
        }
        return csv.rows.map { row in
            .object(row.reduce(into: [String: JSONValue]()) { members, cell in
                let value = cell.value.trimmingCharacters(in: .whitespaces)
                if !value.isEmpty { members[cell.key] = .string(value) }
            })
        }
    }

    /// A catalogue file has no dossiers.
    public func scanDossiers(cursor: String?, knownHashes: KnownHashes,
                             page: @Sendable (DossierPage) async throws -> Void) async throws {}
}
