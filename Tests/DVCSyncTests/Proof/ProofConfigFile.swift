import Foundation

/// Writes configuration values (`section.key` → value) as the nested YAML file the CLI reads.
enum ProofConfigFile {
    static func write(_ values: [String: String], to path: String) throws {
        var sections: [String: [(String, String)]] = [:]
        for (key, value) in values {
            let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
            sections[parts[0], default: []].append((parts[1], value))
        }
        var yaml = ""
        for section in sections.keys.sorted() {
            yaml += "\(section):\n"
            for (key, value) in sections[section, default: []].sorted(by: { $0.0 < $1.0 }) {
                yaml += "  \(key): \"\(value)\"\n"
            }
        }
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
    }
}
