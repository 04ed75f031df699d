import DVCMock
import DVCSync
import Foundation

extension ConformanceRig {
    /// Columns of the catalogue CSV a province attaches to a publication decision.
    static let csvColumns = ["serviceCode", "serviceName", "domainCode", "domainName", "administrationCode",
                             "maxLevel", "active"]

    /// Writes the mock's published catalogue to `cataloguePath`: the `/serviceinfos` document as JSON, or its main
    /// columns as CSV.
    func exportCatalogue(transform: ([JSONValue]) -> [JSONValue] = { $0 }) async throws {
        let items = transform(try await publishedProcedures())
        let bytes: [UInt8]
        if kind == .fileCSV {
            bytes = Array(Self.csv(items).utf8)
        } else {
            bytes = JSONWriter.bytes(.object(["total": .number(String(items.count)), "data": .array(items)]))
        }
        try Data(bytes).write(to: URL(fileURLWithPath: cataloguePath))
    }

    /// The items as CSV over `csvColumns` (absent or null values leave the cell empty).
    static func csv(_ items: [JSONValue]) -> String {
        func cell(_ text: String) -> String {
            text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
                ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        var lines = [csvColumns.joined(separator: ",")]
        for item in items {
            lines.append(csvColumns.map { cell(item[$0]?.scalarText ?? "") }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The item reduced to what a file of this rig's kind carries (all columns for JSON, `csvColumns` for CSV).
    func projected(_ item: JSONValue) -> JSONValue {
        guard kind == .fileCSV, let members = item.objectValue else { return item }
        return .object(members.filter { Self.csvColumns.contains($0.key) && $0.value != .null })
    }
}
