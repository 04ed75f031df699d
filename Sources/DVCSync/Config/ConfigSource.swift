import Foundation
import Yams

/// Reads configuration keys from a YAML file, overridden by `DVCSYNC_…` environment variables
/// (`portal.username` ← `DVCSYNC_PORTAL_USERNAME`). Every lookup remembers the file so errors can name it.
public struct ConfigSource: Sendable {
    /// Path of the file (`ConfigSource.noFile` when none was given).
    public let file: String
    let values: [String: String]
    let environment: [String: String]
    /// Keys the readers asked for, so keys nobody reads can be reported (`unreadKeys()`).
    let asked = Locked(Set<String>())

    /// Loads `path` (nil: defaults only) and the given environment.
    public init(path: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        self.environment = environment
        guard let path else {
            file = Self.noFile
            values = [:]
            return
        }
        file = path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            let missing = !FileManager.default.fileExists(atPath: path)
            throw ConfigError(file: path, key: "-", problem: missing ? "no such file" : "cannot read the file",
                              fix: missing ? "check the path given with --config (dvcsync.example.yaml lists every key)"
                                  : "check the file's permissions and that it is UTF-8 text")
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch {
            throw ConfigError(file: path, key: "-", problem: "not valid YAML\(Self.yamlProblem(error))",
                              fix: "correct the YAML syntax; see dvcsync.example.yaml")
        }
        var flat: [String: String] = [:], lines: [String: Int] = [:]
        if let node {
            guard case .mapping = node else {
                throw ConfigError(file: path, key: "-", problem: "the file is not a mapping of keys (its top level is "
                    + (node.sequence != nil ? "a list" : "a single value") + ")",
                                  fix: "write `key: value` lines grouped in sections, as in dvcsync.example.yaml")
            }
            try Self.flatten(node, prefix: "", into: &flat, lines: &lines, file: path)
        }
        values = flat
    }

    /// Where and why the YAML parser stopped (` at line 3, column 9: <libyaml's problem>`), never the file's text:
    /// Yams' own description quotes the lines around the problem, which may hold a secret.
    static func yamlProblem(_ error: any Error) -> String {
        let found: (problem: String, mark: Mark?, context: YamlError.Context?)
        switch error as? YamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            found = (problem, mark, context)
        case .reader(let problem, _, _, _):
            found = (problem, nil, nil)
        default:
            return ""
        }
        let place = found.mark.map { " at line \($0.line), column \($0.column)" } ?? ""
        let context = found.context.map { " (\($0.text) from line \($0.mark.line), column \($0.mark.column))" } ?? ""
        return "\(place): \(found.problem)\(context)"
    }

    /// The `file` of a source read without `--config`, as errors show it.
    public static let noFile = "(no --config file)"

    /// Values given directly (tests, embedded demo).
    public init(values: [String: String], file: String = "(embedded)", environment: [String: String] = [:]) {
        self.file = file
        self.values = values
        self.environment = environment
    }

    /// Flattens `node` into dotted keys; `lines` remembers the line of each key, so a key given both nested
    /// (`push:` / `  batchSize:`) and dotted (`push.batchSize:`) is refused like a key written twice.
    static func flatten(_ node: Node, prefix: String, line: Int = 0, into flat: inout [String: String],
                        lines: inout [String: Int], file: String) throws {
        switch node {
        case .mapping(let mapping):
            var seen = Set<String>()
            for (key, value) in mapping {
                guard let name = key.string else { continue }
                let path = prefix.isEmpty ? name : "\(prefix).\(name)"
                guard seen.insert(name).inserted else {
                    throw ConfigError(file: file, key: path, problem: "defined twice (line \(key.mark?.line ?? 0))",
                                      fix: "keep one definition")
                }
                try flatten(value, prefix: path, line: key.mark?.line ?? 0, into: &flat, lines: &lines, file: file)
            }
            return
        case .sequence(let sequence):
            try record(prefix, sequence.compactMap(\.string).joined(separator: ","))
        case .scalar(let scalar):
            try record(prefix, scalar.string)
        default:
            break
        }
        func record(_ key: String, _ value: String) throws {
            if let first = lines[key] {
                throw ConfigError(file: file, key: key, problem: "defined twice (lines \(first) and \(line), one "
                    + "nested under its section and one written with dots)", fix: "keep one definition")
            }
            flat[key] = value
            lines[key] = line
        }
    }

    /// Environment variable name of a key.
    public static func environmentName(_ key: String) -> String {
        "DVCSYNC_" + key.uppercased().replacingOccurrences(of: ".", with: "_")
    }

    /// Raw text of `key`, environment first.
    public func string(_ key: String) -> String? {
        asked.withLock { _ = $0.insert(key) }
        if let value = environment[Self.environmentName(key)], !value.isEmpty { return value }
        if let value = values[key], !value.isEmpty, value != "~", value != "null" { return value }
        return nil
    }

    /// Where the value of `key` comes from, for errors: its environment variable when that is set, else the file.
    public func origin(_ key: String) -> String {
        let variable = Self.environmentName(key)
        if let value = environment[variable], !value.isEmpty { return "environment variable \(variable)" }
        return file
    }

    /// `key` or `fallback`.
    public func string(_ key: String, default fallback: String) -> String { string(key) ?? fallback }

    /// A required key.
    public func required(_ key: String, fix: String) throws -> String {
        guard let value = string(key) else { throw missing(key, fix: fix) }
        return value
    }

    /// The error for a key that is not set. `sourse:` or `source.baseUrl:` leaves the key missing: a key of the file
    /// nobody reads that is a misspelling of one of `spellings` (default: `key`) is named instead, as the likelier
    /// mistake. Spelling only: a key of another section with the same leaf may simply not have been read yet.
    public func missing(_ key: String, spellings: [String]? = nil, problem: String = "missing", fix: String)
        -> ConfigError
    {
        let unread = unreadKeys()
        let near = (spellings ?? [key]).flatMap { wanted in
            let limit = max(2, (wanted.split(separator: ".").last?.count ?? wanted.count) / 3)
            return unread.map { (typo: $0, wanted: wanted, distance: Self.editDistance($0.lowercased(),
                                                                                      wanted.lowercased())) }
                .filter { $0.distance <= limit }
        }
        if let best = near.min(by: { ($0.distance, $0.typo) < ($1.distance, $1.typo) }) {
            return ConfigError(file: file, key: best.typo, problem: "unknown key",
                               fix: "did you mean `\(best.wanted)`? every key is listed in dvcsync.example.yaml",
                               code: "config.unknown_key")
        }
        // A misspelt section (`sources:`) holding other keys than this one.
        let section = key.split(separator: ".").first.map(String.init) ?? key
        for typo in unread {
            guard let dot = typo.firstIndex(of: "."), typo[..<dot] != section else { continue }
            if Self.editDistance(String(typo[..<dot]).lowercased(), section.lowercased()) <= max(1, section.count / 4) {
                return ConfigError(file: file, key: typo, problem: "unknown key",
                                   fix: "did you mean `\(section)\(typo[dot...])`? every key is listed in "
                                       + "dvcsync.example.yaml", code: "config.unknown_key")
            }
        }
        return ConfigError(file: file, key: key, problem: problem, fix: fix)
    }

    /// An integer key within `range`.
    public func int(_ key: String, default fallback: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = string(key) else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw ConfigError(file: origin(key), key: key, problem: "`\(text)` is not a whole number in \(range)",
                              fix: "set a number between \(range.lowerBound) and \(range.upperBound)")
        }
        return value
    }

    /// One of an enumeration's values, by its raw value (case does not matter); an unknown value names the choices.
    public func choice<Value: RawRepresentable & CaseIterable>(_ key: String, default fallback: Value, noun: String)
        throws -> Value where Value.RawValue == String
    {
        guard let text = string(key) else { return fallback }
        if let value = Value.allCases.first(where: { $0.rawValue.caseInsensitiveCompare(text) == .orderedSame }) {
            return value
        }
        let names = Value.allCases.map { $0.rawValue + ($0.rawValue == fallback.rawValue ? " (default)" : "") }
        let listed = names.count > 1 ? names.dropLast().joined(separator: ", ") + " or " + names.last! : names.joined()
        throw ConfigError(file: origin(key), key: key, problem: "`\(text)` is not a \(noun)", fix: "use \(listed)")
    }

    /// A decimal number key within `range`.
    public func double(_ key: String, default fallback: Double, range: ClosedRange<Double>) throws -> Double {
        guard let text = string(key) else { return fallback }
        guard let value = Double(text), range.contains(value) else {
            throw ConfigError(file: origin(key), key: key, problem: "`\(text)` is not a number in \(range)",
                              fix: "set a number between \(range.lowerBound) and \(range.upperBound)")
        }
        return value
    }

    /// The longest duration any key accepts: 30 days.
    public static let longestDuration: Double = 30 * 86_400

    /// A number of seconds (`90`, `1.5`, `90s`, `5m`, `1h`), finite and at most `longest` (30 days unless the key
    /// has a tighter bound).
    public func seconds(_ key: String, default fallback: Double, atMost longest: Double = longestDuration) throws
        -> Double
    {
        guard let text = string(key) else { return fallback }
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        let number = units.first { text.hasSuffix($0.0) }.flatMap { suffix, scale in
            Double(text.dropLast(suffix.count)).map { $0 * scale }
        } ?? Double(text)
        guard let number, number >= 0, number.isFinite else {
            throw ConfigError(file: origin(key), key: key, problem: "`\(text)` is not a duration",
                              fix: "write seconds (`30`) or a number with ms, s, m or h (`500ms`, `5m`)")
        }
        guard number <= longest else {
            let bound = Self.describe(longest)
            throw ConfigError(file: origin(key), key: key, problem: "`\(text)` is longer than \(bound)",
                              fix: "set a duration of at most \(bound)")
        }
        return number
    }

    /// `longest` as the configuration writes it: `30 days`, `24h`, `10m`, `90s`.
    static func describe(_ seconds: Double) -> String {
        if seconds >= 86_400 * 2, seconds.truncatingRemainder(dividingBy: 86_400) == 0 {
            return "\(Int(seconds / 86_400)) days (\(Int(seconds / 3600))h)"
        }
        for (suffix, scale) in [("h", 3600.0), ("m", 60)] where seconds.truncatingRemainder(dividingBy: scale) == 0 {
            return "\(Int(seconds / scale))\(suffix)"
        }
        return "\(seconds)s"
    }

    /// A list key: a YAML sequence or comma-separated text; nil when absent.
    public func list(_ key: String) -> [String]? {
        guard let text = string(key) else { return nil }
        let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return items.isEmpty ? nil : items
    }

    /// A boolean key.
    public func bool(_ key: String, default fallback: Bool) throws -> Bool {
        guard let text = string(key)?.lowercased() else { return fallback }
        switch text {
        case "true", "yes", "1", "on": return true
        case "false", "no", "0", "off": return false
        default:
            throw ConfigError(file: origin(key), key: key, problem: "`\(text)` is not true or false",
                              fix: "write true or false")
        }
    }

    /// A secret: from `<key>` in the environment only, from the file named by `<key>File`, or from the
    /// environment variable named by `<key>Env`. A secret written in the YAML itself is refused.
    public func secret(_ key: String, warn: (String) -> Void) throws -> Secret? {
        asked.withLock { $0.formUnion([key, key + "Env", key + "File"]) }
        if let value = environment[Self.environmentName(key)], !value.isEmpty { return Secret(value) }
        if values[key] != nil {
            throw ConfigError(file: file, key: key, problem: "a secret is written in the configuration file",
                              fix: "remove it and set \(Self.environmentName(key)), `\(key)Env` or `\(key)File`")
        }
        if let variable = string(key + "Env") {
            guard let value = environment[variable], !value.isEmpty else {
                throw ConfigError(file: origin(key + "Env"), key: key + "Env",
                                  problem: "environment variable \(variable) is not set",
                                  fix: "export \(variable) before starting dvcsync")
            }
            return Secret(value)
        }
        if let path = string(key + "File") {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw ConfigError(file: origin(key + "File"), key: key + "File", problem: "cannot read \(path)",
                                  fix: "check the path and that dvcsync may read it")
            }
            let secret = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !secret.isEmpty else {
                throw ConfigError(file: origin(key + "File"), key: key + "File", problem: "\(path) is empty",
                                  fix: "write the password in \(path) (one line), or name the right file")
            }
            if let attributes = try? FileManager.default.attributesOfItem(atPath: path),
                let mode = attributes[.posixPermissions] as? Int, mode & 0o004 != 0
            {
                warn("secret file \(path) (\(key)File) is readable by other users; run: chmod 600 \(path)")
            }
            return Secret(secret)
        }
        return nil
    }
}
