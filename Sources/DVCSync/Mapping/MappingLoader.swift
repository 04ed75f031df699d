import Foundation

/// Reads a province folder: parses every mapping file and every table they declare, computing the version digest.
struct MappingLoader {
    var specs: [MappingSpec] = []
    var tables: [String: MappingTable] = [:]
    var diagnostics: [MappingDiagnostic] = []
    /// Files in use (relative path, bytes), sorted by path.
    var contents: [(path: String, bytes: [UInt8])] = []
    /// Text of each file in use, by relative path.
    var texts: [String: String] = [:]

    var version: String {
        var bytes: [UInt8] = []
        for file in contents {
            bytes += Array(file.path.utf8) + [0]
            bytes += Array(String(file.bytes.count).utf8) + [0]
            bytes += file.bytes
        }
        return ContentHash.sha256Hex(bytes)
    }

    static func load(directory: URL) -> MappingLoader {
        var loader = MappingLoader()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        let yamlNames = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        if yamlNames.isEmpty {
            loader.diagnostics.append(MappingDiagnostic(.error, "mapping.load",
                at: SourceLocation(file: directory.path, line: 0, column: 0), "no mapping files (*.yaml) in folder"))
        }
        var files: [String: [UInt8]] = [:]
        for fileName in yamlNames {
            guard let bytes = loader.read(directory, fileName) else { continue }
            files[fileName] = bytes
            var parser = MappingParser(file: fileName, text: String(decoding: bytes, as: UTF8.self))
            let name = String(fileName.prefix { $0 != "." })
            if let spec = parser.parse(name: name) { loader.specs.append(spec) }
            loader.diagnostics += parser.diagnostics
        }
        let tablePaths = Set(loader.specs.flatMap { $0.tables.values.map(\.path) })
        for path in tablePaths.sorted() {
            guard let bytes = loader.read(directory, path) else {
                let place = loader.specs.compactMap { spec in spec.tables.values.first { $0.path == path }?.location }
                    .first ?? SourceLocation(file: path, line: 0, column: 0)
                loader.diagnostics.append(MappingDiagnostic(.error, "mapping.table", at: place,
                    "table file `\(path)` not found"))
                continue
            }
            files[path] = bytes
            let (table, problems) = MappingTable.parse(file: path, text: String(decoding: bytes, as: UTF8.self))
            if let table { loader.tables[path] = table }
            loader.diagnostics += problems
        }
        loader.contents = files.keys.sorted().map { ($0, files[$0]!) }
        for (path, bytes) in files { loader.texts[path] = String(decoding: bytes, as: UTF8.self) }
        return loader
    }

    private func read(_ directory: URL, _ path: String) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: directory.appendingPathComponent(path).path) else {
            return nil
        }
        return [UInt8](data)
    }
}
