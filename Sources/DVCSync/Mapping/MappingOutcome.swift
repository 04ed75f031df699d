/// Why one record could not be mapped; the sync engine quarantines the record with it.
public struct MappingFailure: CodedError, Hashable {
    /// `mapping.required`, `mapping.lookup`, `mapping.date`, `mapping.type` or `mapping.number`.
    public var code: String
    /// Target field, e.g. `TaiLieuNop[2].TenTepDinhKem`.
    public var targetPath: String
    /// Source path the value came from (empty for constants and templates).
    public var sourcePath: String
    /// Explanation; names codes and formats, never whole values of personal data.
    public var message: String

    /// Creates a failure.
    public init(code: String, targetPath: String, sourcePath: String, message: String) {
        self.code = code
        self.targetPath = targetPath
        self.sourcePath = sourcePath
        self.message = message
    }
}

/// A record skipped on purpose by a lookup whose policy is `skip`.
public struct MappingSkip: Sendable, Hashable {
    /// Target field whose lookup skipped the record.
    public var targetPath: String
    /// Source path of the unmapped key.
    public var sourcePath: String
    /// The unmapped code (a code, not personal data).
    public var value: String
}

/// Something changed on the way but the record was mapped (e.g. a truncation).
public struct MappingWarning: Sendable, Hashable {
    /// `mapping.truncated`.
    public var code: String
    /// Target field.
    public var targetPath: String
    /// Explanation.
    public var message: String
}

/// The result of mapping one source record.
public enum MappingOutcome: Sendable, Hashable {
    /// The portal object and any warnings.
    case mapped(JSONValue, warnings: [MappingWarning])
    /// The record is skipped by policy.
    case skipped(MappingSkip)
    /// The record cannot be mapped.
    case failed(MappingFailure)

    /// The mapped object, or nil.
    public var value: JSONValue? {
        if case .mapped(let value, _) = self { return value }
        return nil
    }

    /// The failure, or nil.
    public var failure: MappingFailure? {
        if case .failed(let failure) = self { return failure }
        return nil
    }
}

/// The result of mapping one source record to canonical JSON bytes (what the sync engine hashes and pushes).
public enum CanonicalOutcome: Sendable, Hashable {
    /// Canonical JSON of the portal object (sorted keys, as `JSONWriter.bytes`) and any warnings.
    case mapped([UInt8], warnings: [MappingWarning])
    /// The record is skipped by policy.
    case skipped(MappingSkip)
    /// The record cannot be mapped.
    case failed(MappingFailure)

    /// The canonical bytes, or nil.
    public var bytes: [UInt8]? {
        if case .mapped(let bytes, _) = self { return bytes }
        return nil
    }

    /// The same outcome with the object parsed back from its bytes (for callers that inspect fields; not for hot
    /// paths).
    public var outcome: MappingOutcome {
        switch self {
        case .mapped(let bytes, let warnings):
            // The bytes were written by the engine as well-formed JSON, so parsing cannot fail.
            return .mapped((try? JSONParser.parse(bytes)) ?? .null, warnings: warnings)
        case .skipped(let skip): return .skipped(skip)
        case .failed(let failure): return .failed(failure)
        }
    }
}

/// Early exit of an evaluation.
enum MappingAbort: Error {
    case failure(MappingFailure)
    case skip(MappingSkip)
}

/// Per-record evaluation state: the root record, the list positions being mapped and the warnings.
final class EvalContext {
    let root: JSONValue
    var listStack: [(name: String, index: Int)] = []
    var warnings: [MappingWarning] = []
    /// Row of each shared table look-up of the root (`MappingCompiler.rowGroups`), once found.
    var rows: [Int]
    /// `rows` entry before the look-up ran.
    static let rowUnknown = -1
    /// `rows` entry when no key is in the table (each field then applies its own policy).
    static let rowMissing = -2

    init(root: JSONValue, rowGroups: Int = 0) {
        self.root = root
        rows = rowGroups == 0 ? [] : Array(repeating: Self.rowUnknown, count: rowGroups)
    }

    /// Full target path of `field` at the current list position.
    func targetPath(_ field: String) -> String {
        guard !listStack.isEmpty else { return field }
        return listStack.map { "\($0.name)[\($0.index)]" }.joined(separator: ".") + "." + field
    }

    func fail(_ code: String, _ field: String, _ source: String, _ message: String) -> MappingAbort {
        .failure(MappingFailure(code: code, targetPath: targetPath(field), sourcePath: source, message: message))
    }
}
