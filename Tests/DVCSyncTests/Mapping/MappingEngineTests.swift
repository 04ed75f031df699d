import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

@Suite("Mapping engine")
struct MappingEngineTests {
    static func engine(_ yaml: String) throws -> MappingEngine {
        let result = MappingEngine.compile(yaml: yaml, file: "test.yaml", name: "test")
        return try #require(result.engine, "\(MappingDiagnostic.format(result.diagnostics))")
    }

    @Test("dates in a zone with summer time use that day's offset")
    func summerTime() throws {
        let engine = try Self.engine("""
            target: Test
            fields:
              D:
                path: d
                date: {format: "dd/MM/yyyy HH:mm:ss", zone: Europe/Berlin}
            """)
        #expect(engine.map(["d": "01/07/2023 12:00:00"]).value?["D"] == "20230701170000")
        #expect(engine.map(["d": "01/01/2023 12:00:00"]).value?["D"] == "20230101180000")
    }

    @Test("control characters are removed from text with a warning naming the field; tab and line breaks stay")
    func controlCharactersRemoved() throws {
        let engine = try Self.engine("""
            target: Test
            fields:
              Ten:
                path: name
              Ghi:
                path: note
            """)
        let outcome = engine.map(["name": "NGUYỄN\u{1}\u{7F} VĂN\u{85}\u{0}", "note": "dòng 1\r\ndòng\t2"])
        guard case .mapped(let value, let warnings) = outcome else {
            Issue.record("not mapped: \(outcome)")
            return
        }
        #expect(value["Ten"] == "NGUYỄN VĂN")
        #expect(value["Ghi"] == "dòng 1\r\ndòng\t2")
        #expect(warnings.map(\.code) == ["mapping.control_removed"])
        #expect(warnings.first?.targetPath == "Ten")
        #expect(warnings.first?.message.contains("4") == true)
    }

    @Test("impossible calendar dates fail with mapping.date and both paths")
    func impossibleDate() throws {
        let engine = try Self.engine("""
            target: Test
            fields:
              Ngay:
                path: a.b
                date: "dd/MM/yyyy HH:mm:ss"
            """)
        let failure = try #require(engine.map(["a": ["b": "31/02/2024 10:00:00"]]).failure)
        #expect(failure.code == "mapping.date")
        #expect(failure.targetPath == "Ngay")
        #expect(failure.sourcePath == "a.b")
        #expect(engine.map(["a": ["b": "29/02/2024 10:00:00"]]).value?["Ngay"] == "20240229100000")
    }

    @Test("a failure inside a list names the element")
    func failureInList() throws {
        let engine = try Self.engine("""
            target: Test
            fields:
              L:
                list:
                  path: files
                  fields:
                    Id: {path: id, required: true}
            """)
        let failure = try #require(engine.map(["files": [["id": 1], ["name": "x"]]]).failure)
        #expect(failure.code == "mapping.required")
        #expect(failure.targetPath == "L[1].Id")
        #expect(failure.sourcePath == "id")
    }

    @Test("the shipped set loads all three mappings and lists the tables it uses")
    func shippedSet() throws {
        let set = try MappingSet.load(directory: RepoPaths.mappings.appendingPathComponent("h20"))
        #expect(set.dossier?.target == "DongBoHoSoMC")
        #expect(set.step?.target == "CapNhatTienDoHoSoMC")
        #expect(set.procedure?.target == "ThuTuc")
        #expect(set.files.contains("tables/status.csv"))
        #expect(set.files.contains("dossier.yaml"))
        #expect(set.version.count == 64)
    }

    @Test("the version changes when a table changes and only then")
    func version() throws {
        let copy = try BrokenCopy()
        defer { copy.remove() }
        let original = try MappingSet.load(directory: RepoPaths.mappings.appendingPathComponent("h20")).version
        #expect(try MappingSet.load(directory: copy.folder).version == original)
        try copy.edit("tables/status.csv", replacing: "interoperating,4\n", with: "interoperating,2\n")
        let changed = try MappingSet.load(directory: copy.folder)
        #expect(changed.version != original)
        let dossier = try JSONParser.parse(
            try String(contentsOf: RepoPaths.mock.appendingPathComponent("golden/dossier-interoperating/input.json"),
                encoding: .utf8))
        #expect(changed.dossier?.map(dossier).value?["TrangThaiHoSo"] == "2")
    }

    @Test("a broken folder does not load and says where")
    func loadError() throws {
        let copy = try BrokenCopy()
        defer { copy.remove() }
        try copy.edit("step.yaml", replacing: "table: status", with: "table: statuses")
        do {
            _ = try MappingSet.load(directory: copy.folder)
            Issue.record("expected a load error")
        } catch {
            #expect(error.code == "mapping.load")
            #expect(error.diagnostics.contains { $0.file == "step.yaml" && $0.code == "mapping.table" })
        }
    }

    @Test("coerce: number writes a JSON number, leaves the field out without a value and refuses a non-integer")
    func numberCoercion() throws {
        let engine = try Self.engine("""
            target: Test
            fields:
              N: {path: n, coerce: number}
              D: {path: d, coerce: number, default: "0"}
              L: {path: l, coerce: number, lookup: {map: {"1": "x"}, unmapped: {default: "7"}}}
            """)
        let full = MappingCanonicalOutputTests.expectSamePaths(engine, ["n": "12.0", "l": "2"], "numbers")
        #expect(full.map { String(decoding: $0, as: UTF8.self) } == #"{"D":0,"L":7,"N":12}"#)
        #expect(engine.map(["n": " ", "l": 2]).value?["N"] == nil)
        MappingCanonicalOutputTests.expectSamePaths(engine, ["n": " ", "l": 2], "absent number")
        #expect(engine.map(["n": "ba"]).failure?.code == "mapping.number")
        #expect(engine.map(["n": "1", "l": "1"]).failure?.targetPath == "L")
    }

    @Test("integer coercion reads Vietnamese thousands dots as grouping, never as a decimal point")
    func thousandsDots() throws {
        let engine = try Self.engine("target: Test\nfields:\n  Gia: {path: gia, coerce: integer}\n")
        let cases: [(JSONValue, JSONValue)] = [
            ("100.000", "100000"), ("1.250.000", "1250000"), ("100000.0", "100000"), (.number("20000.0"), "20000"),
            ("0.0", "0"), ("25000", "25000"),
        ]
        for (input, expected) in cases {
            #expect(engine.map(["gia": input]).value?["Gia"] == expected, "\(input)")
        }
        for input: JSONValue in ["1.5", "12.34", "1.2345", "1..000", "100.000.00"] {
            #expect(engine.map(["gia": input]).failure?.code == "mapping.number", "\(input)")
        }
    }
}
