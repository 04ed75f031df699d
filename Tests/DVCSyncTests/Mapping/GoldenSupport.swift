import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// Runs the golden cases of `Mock/golden/<case>/{input.json,expected.json}`.
enum Golden {
    static var folder: URL { RepoPaths.mock.appendingPathComponent("golden") }

    /// Case folder names (those starting with `_` hold shared mappings).
    static let cases: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { name in
            var isDirectory: ObjCBool = false
            let path = folder.appendingPathComponent(name).path
            return !name.hasPrefix("_") && FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }.sorted()
    }()

    static func engine(for name: String) throws -> MappingEngine {
        if name.hasPrefix("ops-") {
            let set = try MappingSet.load(directory: folder.appendingPathComponent("_mappings/ops"))
            return try #require(set.engines["ops"])
        }
        let set = try MappingSet.load(directory: RepoPaths.mappings.appendingPathComponent("h20"))
        let kind = String(name.prefix { $0 != "-" })
        return try #require(set.engines[kind], "no shipped mapping for case prefix \(kind)")
    }

    static func readJSON(_ url: URL) throws -> JSONValue {
        try JSONParser.parse([UInt8](try Data(contentsOf: url)))
    }

    /// The outcome as JSON: `{"outcome": "mapped", "value", "warnings"}`, `failed` with `failure`, `skipped` with
    /// `skip`.
    static func encode(_ outcome: MappingOutcome) -> JSONValue {
        switch outcome {
        case .mapped(let value, let warnings):
            let list = warnings.map { JSONValue.object(["code": .string($0.code), "targetPath": .string($0.targetPath)]) }
            return ["outcome": "mapped", "value": value, "warnings": .array(list)]
        case .failed(let failure):
            return ["outcome": "failed", "failure": [
                "code": .string(failure.code), "targetPath": .string(failure.targetPath),
                "sourcePath": .string(failure.sourcePath),
            ]]
        case .skipped(let skip):
            return ["outcome": "skipped", "skip": [
                "targetPath": .string(skip.targetPath), "sourcePath": .string(skip.sourcePath),
                "value": .string(skip.value),
            ]]
        }
    }
}
