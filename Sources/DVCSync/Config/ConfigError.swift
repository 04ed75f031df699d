/// A configuration problem found at start: names the file, the key and the fix.
public struct ConfigError: CodedError {
    public var file: String
    public var key: String
    public var problem: String
    public var fix: String
    /// `config.invalid` for a bad value or a missing key, `config.unknown_key` for a key nobody reads.
    public var code: String
    /// `key` is `-` for a problem with the whole file (unreadable, not YAML).
    public var message: String {
        key == "-" ? "\(file): \(problem). Fix: \(fix)" : "\(file): key `\(key)`: \(problem). Fix: \(fix)"
    }

    public init(file: String, key: String, problem: String, fix: String, code: String = "config.invalid") {
        self.file = file
        self.key = key
        self.problem = problem
        self.fix = fix
        self.code = code
    }
}
