@testable import DVCSync
import Foundation
import Testing

/// Root fields reading one table with the same key paths share the row search within a record; each must still give
/// its own column, empty value and unmapped policy, and list elements must look up their own keys.
@Suite("Mapping shared table look-ups")
struct MappingSharedLookupTests {
    static let yaml = """
        target: DongBoHoSoMC
        tables:
          codes: codes.csv
        fields:
          A:
            lookup: {table: codes, column: a, key: [x, y], unmapped: {default: "-"}}
          B:
            lookup: {table: codes, column: b, key: [x, y], unmapped: {default: "d"}}
          C:
            lookup: {table: codes, column: a, key: y, unmapped: error}
          L:
            list:
              path: items
              fields:
                E: {lookup: {table: codes, column: b, key: [x, y], unmapped: {default: "e"}}}
        """

    static func engine() throws -> MappingEngine {
        let (table, problems) = MappingTable.parse(file: "codes.csv", text: "key,a,b\nk1,A1,B1\nk2,A2,\nk3,A3,B3\n")
        #expect(problems.isEmpty)
        let compiled = MappingEngine.compile(yaml: yaml, file: "t.yaml", name: "t",
                                             tables: ["codes.csv": try #require(table)])
        return try #require(compiled.engine, "\(compiled.diagnostics)")
    }

    static func text(_ engine: MappingEngine, _ source: JSONValue) -> String? {
        let bytes = engine.mapCanonical(source).bytes
        #expect(bytes == engine.map(source).value.map(JSONWriter.bytes))
        return bytes.map { String(decoding: $0, as: UTF8.self) }
    }

    @Test("each field gets its column of the row the first known key selects")
    func columnsOfOneRow() throws {
        let engine = try Self.engine()
        #expect(engine.rowGroups == 2)  // [x, y] for A and B; [y] for C
        let items: JSONValue = [["x": "k3"], ["y": " k2 "], ["x": "none"]]
        #expect(Self.text(engine, ["x": "nope", "y": "k1", "items": items])
            == #"{"A":"A1","B":"B1","C":"A1","L":[{"E":"B3"},{"E":""},{"E":"e"}]}"#)
        #expect(Self.text(engine, ["x": "k2", "y": "k3"]) == #"{"A":"A2","B":"","C":"A3","L":[]}"#)
    }

    @Test("a record whose keys are not in the table applies each field's own policy")
    func unmappedPolicies() throws {
        let engine = try Self.engine()
        let source: JSONValue = ["x": "zz", "y": "k9"]
        #expect(engine.mapCanonical(source).outcome.failure?.targetPath == "C")
        #expect(engine.mapCanonical(source).outcome == engine.map(source))
        #expect(Self.text(engine, ["x": "zz", "y": "k1 "]) == #"{"A":"A1","B":"B1","C":"A1","L":[]}"#)
        let missing: JSONValue = ["y": "k2", "x": "k7"]
        #expect(Self.text(engine, missing) == #"{"A":"A2","B":"","C":"A2","L":[]}"#)
    }
}
