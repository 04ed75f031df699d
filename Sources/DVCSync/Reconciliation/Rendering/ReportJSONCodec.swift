import Foundation

/// A report that could not be read back from JSON.
public struct ReportDecodingError: CodedError {
    /// Stable code.
    public let code = "report.decode"
    /// What was wrong (no payload text).
    public var message: String
}

/// JSON form of a report: canonical (keys sorted, no insignificant whitespace), dates ISO 8601 (UTC), discrepancies in
/// the report's deterministic order, plus the derived `checks` (each threshold judged) and `passed`, which `decode`
/// ignores.
public enum ReportJSONCodec {
    /// The report as canonical JSON.
    public static func encode(_ report: ReconciliationReport) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        guard case .object(var members) = try JSONParser.parse(Array(try encoder.encode(report))) else {
            return Array(try encoder.encode(report))
        }
        members["checks"] = try JSONParser.parse(Array(try encoder.encode(report.checks)))
        members["passed"] = .bool(!report.exceedsThresholds(report.thresholds))
        return JSONWriter.bytes(.object(members))
    }

    /// Reads a report written by `encode`.
    public static func decode(_ bytes: [UInt8]) throws(ReportDecodingError) -> ReconciliationReport {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        do {
            return try decoder.decode(ReconciliationReport.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw ReportDecodingError(message: describe(error))
        } catch {
            throw ReportDecodingError(message: "not a reconciliation report")
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "missing key \(key.stringValue) at \(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "invalid value at \(path(context))"
        @unknown default:
            return "not a reconciliation report"
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        let text = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return text.isEmpty ? "$" : "$" + text
    }
}
