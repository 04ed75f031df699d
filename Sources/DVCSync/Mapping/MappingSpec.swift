/// A position in a mapping or table file (1-based line and column).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// File path as given to the loader.
    public var file: String
    /// Line, from 1.
    public var line: Int
    /// Column, from 1 (Unicode scalars).
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// What to do when a lookup key is not in its table.
enum UnmappedPolicy: Sendable, Equatable {
    case error
    case defaultValue(String)
    case skip
}

/// A scalar conversion applied before text normalisation. `number` converts as `integer` and writes the field as a
/// JSON number (left out when it has no value).
enum Coercion: String, Sendable {
    case string, integer, number, bool01, boolTitle
}

/// A condition of a `when` expression.
indirect enum ConditionSpec: Sendable {
    case equals(SourcePath, String)
    case isIn(SourcePath, Set<String>)
    case present(SourcePath, Bool)
    case length(SourcePath, Int)
    case any([ConditionSpec])
    case all([ConditionSpec])
    case not(ConditionSpec)
}

/// Where a lookup finds its table.
enum TableRef: Sendable {
    /// `location` is the table name's; `columnLocation` the column name's, when one is given.
    case named(String, column: String?, location: SourceLocation, columnLocation: SourceLocation?)
    case inline([String: String])
}

/// A lookup step: key → table value, with the unmapped policy.
struct LookupSpec: Sendable {
    var table: TableRef
    /// Keys tried in order (first one found in the table wins); empty = the field's own value.
    var keys: [SourcePath]
    var unmapped: UnmappedPolicy
    var location: SourceLocation
}

/// A date conversion step.
struct DateSpec: Sendable {
    var format: DateFormat
    var zone: String
    var output: DateOutput
    var location: SourceLocation
}

/// A sub-mapping of list elements or fixed list items.
struct ListSpec: Sendable {
    /// Source array; nil for fixed `items`.
    var path: SourcePath?
    var whereCondition: ConditionSpec?
    var fields: [FieldSpec]
    /// Fixed items (each with its own condition and fields), used when `path` is nil.
    var items: [(condition: ConditionSpec?, fields: [FieldSpec])]
}

/// How a field's raw value is produced.
indirect enum ValueSource: Sendable {
    case path(SourcePath)
    case constant(String)
    case template([TemplatePart])
    case concat([FieldSpec], separator: String)
    case first([FieldSpec])
    case when(ConditionSpec, then: FieldSpec, otherwise: FieldSpec?)
    case list(ListSpec)
    /// No source: only `lookup.keys` or `default` produce the value.
    case none
}

/// A piece of a template: literal text or a path placeholder.
enum TemplatePart: Sendable {
    case literal(String)
    case path(SourcePath)
}

/// One target field with its source and steps, as written in a mapping file.
struct FieldSpec: Sendable {
    var target: String
    var location: SourceLocation
    var source: ValueSource
    var coerce: Coercion = .string
    var pad: Int? = nil
    var normalize: Bool = true
    var lookup: LookupSpec? = nil
    var date: DateSpec? = nil
    var truncate: Int? = nil
    var defaultValue: String? = nil
    var required: Bool = false
    var omitEmpty: Bool = false

    var isList: Bool { if case .list = source { return true } else { return false } }
}

/// A whole mapping file: its target, the tables it uses and its fields.
struct MappingSpec: Sendable {
    var name: String
    var file: String
    var target: String
    var tables: [String: (path: String, location: SourceLocation)]
    var fields: [FieldSpec]
}
