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

/// A constant looked up in a table is looked up once when the mapping is compiled; a constant the table lacks must
/// still apply its policy to every record, and the folded value must equal the per-record look-up's.
@Suite("Mapping constant look-ups")
struct MappingConstantLookupTests {
    static func engine(_ fields: String) throws -> MappingEngine {
        let (table, problems) = MappingTable.parse(file: "codes.csv", text: "key,a\ncharge,Lệ phí\nempty,\n")
        #expect(problems.isEmpty)
        let yaml = "target: DongBoHoSoMC\ntables:\n  codes: codes.csv\nfields:\n" + fields
        let compiled = MappingEngine.compile(yaml: yaml, file: "t.yaml", name: "t",
                                             tables: ["codes.csv": try #require(table)])
        return try #require(compiled.engine, "\(compiled.diagnostics)")
    }

    @Test("a known constant maps to its row on every record; an empty cell gives no value")
    func knownConstant() throws {
        let engine = try Self.engine("""
              A: {const: charge, lookup: {table: codes, column: a}}
              B: {const: empty, lookup: {table: codes, column: a}, default: "d"}
            """)
        for source: JSONValue in [[:], ["x": "1"]] {
            let bytes = try #require(engine.mapCanonical(source).bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == #"{"A":"Lệ phí","B":"d"}"#)
        }
    }

    @Test("an unknown constant fails or skips each record under its policy")
    func unknownConstant() throws {
        let failing = try Self.engine("  A: {const: nope, lookup: {table: codes, column: a, unmapped: error}}\n")
        for _ in 0..<2 { #expect(failing.mapCanonical(["x": "1"]).outcome.failure?.code == "mapping.lookup") }
        let skipping = try Self.engine("  A: {const: nope, lookup: {table: codes, column: a, unmapped: skip}}\n")
        #expect(skipping.mapCanonical([:]).bytes == nil)
        #expect(skipping.map([:]).value == nil)
        let defaulted = try Self.engine(
            "  A: {const: nope, lookup: {table: codes, column: a, unmapped: {default: \"z\"}}}\n")
        #expect(defaulted.mapCanonical([:]).bytes.map { String(decoding: $0, as: UTF8.self) } == #"{"A":"z"}"#)
    }
}

/// Code tables are read strictly, with the line each row starts on.
@Suite("Mapping table files")
struct MappingTableFileTests {
    @Test("a quoted cell over two lines keeps later rows' line numbers; a ragged row is named at its line")
    func linesFollowTheFile() throws {
        let text = "key,name\nk1,\"Tên\ntrên hai dòng\"\n\nk2,B,extra\nk3,C\n"
        let (table, problems) = MappingTable.parse(file: "codes.csv", text: text)
        #expect(problems.map(\.line) == [5], "\(problems)")
        let parsed = try #require(table)
        #expect(parsed.lines["k3"] == 6)
        #expect(parsed.rows["k1"]?[1] == "Tên\ntrên hai dòng")
    }

    @Test("an unclosed quote refuses the table at the quote's line instead of merging the rows after it")
    func unclosedQuote() {
        let (table, problems) = MappingTable.parse(file: "codes.csv", text: "key,name\nk1,\"A\nk2,B\nk3,C\n")
        #expect(table == nil)
        #expect(problems.map(\.code) == ["mapping.table"] && problems.first?.line == 2, "\(problems)")
    }
}
