import Foundation

extension ConfigSource {
    /// Keys set in the file (empty values excluded), sorted.
    public var fileKeys: [String] {
        values.filter { !$0.value.isEmpty && $0.value != "~" && $0.value != "null" }.keys.sorted()
    }

    /// Keys set in the file that no reader has asked for so far, sorted.
    public func unreadKeys() -> [String] {
        let asked = asked.current
        return fileKeys.filter { !asked.contains($0) }
    }

    /// Fails on the first key of the file (of `section` only, when given) no reader asked for (a typo or a key
    /// from another version), naming the closest known key. Call after every reader (of the section) has run.
    public func checkUnknownKeys(section: String? = nil) throws {
        guard let key = unreadKeys().first(where: { section == nil || $0.hasPrefix(section! + ".") }) else { return }
        let known = asked.current
        var fix = "remove it; every key is listed in dvcsync.example.yaml"
        if let match = Self.closestKey(to: key, in: known) { fix = "did you mean `\(match)`? " + fix }
        throw ConfigError(file: file, key: key, problem: "unknown key", fix: fix, code: "config.unknown_key")
    }

    /// `DVCSYNC_…` environment variables that override no key a reader asked for (a misspelt override is otherwise
    /// silently ignored), each with a warning naming the closest known variable. Call after every reader has run.
    public func unknownEnvironmentWarnings() -> [String] {
        let known = Set(asked.current.map(Self.environmentName))
        return environment.keys.filter { $0.hasPrefix("DVCSYNC_") && !known.contains($0) }.sorted().map { name in
            let closest = known.map { ($0, Self.editDistance(name, $0)) }.filter { $0.1 <= 3 }
                .min { ($0.1, $0.0) < ($1.1, $1.0) }?.0
            return "environment variable \(name) overrides no configuration key and is ignored"
                + (closest.map { "; did you mean \($0)?" } ?? "")
        }
    }

    /// The known key nearest to `key` (edit distance, case ignored) when it is near enough to be a typo.
    static func closestKey(to key: String, in known: Set<String>) -> String? {
        let lowered = key.lowercased()
        let scored = known.map { (key: $0, distance: editDistance(lowered, $0.lowercased())) }
        guard let best = scored.min(by: { ($0.distance, $0.key) < ($1.distance, $1.key) }) else { return nil }
        let leaf = key.split(separator: ".").last.map(String.init) ?? key
        let limit = max(2, leaf.count / 3)
        if best.distance <= limit { return best.key }
        // The right leaf in the wrong section (`daemon.batchSize` for `push.batchSize`).
        return known.filter { $0.split(separator: ".").last.map(String.init)?.lowercased() == leaf.lowercased() }
            .sorted().first
    }

    /// Levenshtein distance between two strings.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = previous
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
