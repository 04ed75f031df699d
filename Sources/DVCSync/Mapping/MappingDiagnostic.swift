/// One finding of the mapping checker or loader, with its place in a file.
public struct MappingDiagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How serious a finding is.
    public enum Severity: String, Sendable, Hashable {
        case error, warning
    }

    /// File the finding is about.
    public var file: String
    /// Line, from 1 (0 when the finding concerns the whole file).
    public var line: Int
    /// Column, from 1.
    public var column: Int
    /// Error or warning.
    public var severity: Severity
    /// Stable dotted code, e.g. `check.unknown-field`.
    public var code: String
    /// What is wrong.
    public var message: String
    /// How to fix it, or nil.
    public var hint: String?

    /// Creates a diagnostic at `location`.
    public init(
        _ severity: Severity, _ code: String, at location: SourceLocation, _ message: String, hint: String? = nil
    ) {
        file = location.file
        line = location.line
        column = location.column
        self.severity = severity
        self.code = code
        self.message = message
        self.hint = hint
    }

    /// `file:line:column: error: message (hint: ...)`.
    public var description: String {
        var text = "\(file):\(line):\(column): \(severity.rawValue): \(message)"
        if let hint { text += " (hint: \(hint))" }
        return text
    }

    /// The diagnostics as text, one per line, in file and line order.
    public static func format(_ diagnostics: [MappingDiagnostic]) -> String {
        diagnostics.sorted { ($0.file, $0.line, $0.column) < ($1.file, $1.line, $1.column) }
            .map(\.description).joined(separator: "\n")
    }
}

/// A mapping set that could not be loaded; lists every error diagnostic.
public struct MappingLoadError: CodedError {
    /// `mapping.load`.
    public let code = "mapping.load"
    /// The findings that prevented loading.
    public var diagnostics: [MappingDiagnostic]
    /// Summary naming the first problem.
    public var message: String {
        guard let first = diagnostics.first else { return "mapping could not be loaded" }
        return "\(diagnostics.count) error(s) in mappings; first: \(first)"
    }
}
