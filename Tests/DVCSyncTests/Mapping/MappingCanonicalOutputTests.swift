import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// The engine writes canonical JSON bytes directly (`mapCanonical`); `map` builds the `JSONValue` and `JSONWriter`
/// writes it. Ledger hashes and outbox payloads come from the first, golden files and the checker from the second, so
/// both must give the same bytes and the same warnings, skip or failure on every input.
@Suite("Mapping canonical output")
struct MappingCanonicalOutputTests {
    /// Asserts that both paths agree on `source`; returns the canonical bytes when mapped.
    @discardableResult
    static func expectSamePaths(_ engine: MappingEngine, _ source: JSONValue, _ label: String) -> [UInt8]? {
        let reference = engine.map(source)
        let direct = engine.mapCanonical(source)
        switch (reference, direct) {
        case (.mapped(let value, let warnings), .mapped(let bytes, let directWarnings)):
            expectSameBytes(bytes, JSONWriter.bytes(value), label)
            #expect(directWarnings == warnings, "\(label): warnings differ")
            #expect(direct.outcome == reference, "\(label): parsed bytes differ from the value")
            return bytes
        default:
            #expect(direct.outcome == reference, "\(label): \(direct) vs \(reference)")
            return nil
        }
    }

    /// Byte equality, reported by the first differing offset (not by dumping both arrays).
    static func expectSameBytes(_ actual: [UInt8], _ expected: [UInt8], _ label: String) {
        let offset = zip(actual, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(actual.count, expected.count)
        #expect(actual == expected, "\(label): bytes differ from offset \(offset) (\(actual.count) vs \(expected.count))")
    }

    @Test("golden cases: canonical bytes equal the expected portal JSON and the JSONValue path", arguments: Golden.cases)
    func golden(_ name: String) throws {
        let caseFolder = Golden.folder.appendingPathComponent(name)
        let input = try Golden.readJSON(caseFolder.appendingPathComponent("input.json"))
        let expected = try Golden.readJSON(caseFolder.appendingPathComponent("expected.json"))
        let engine = try Golden.engine(for: name)
        let bytes = Self.expectSamePaths(engine, input, name)
        #expect(Golden.encode(engine.mapCanonical(input).outcome) == expected)
        if let value = expected["value"] {
            Self.expectSameBytes(bytes ?? [], JSONWriter.bytes(value), "\(name) against expected.json")
        } else {
            #expect(bytes == nil)
        }
    }

    @Test("the sample dossiers map to the same bytes on both paths")
    func sampleDossiers() throws {
        let set = try MappingSet.load(directory: RepoPaths.mappings.appendingPathComponent("h20"))
        let engine = try #require(set.dossier)
        let records = try Golden.readJSON(Golden.folder.appendingPathComponent("sample-dossiers.json")).arrayValue
        let all = try #require(records)
        #expect(all.count >= 5)
        var mapped = 0
        for (index, record) in all.enumerated() where Self.expectSamePaths(engine, record, "sample \(index)") != nil {
            mapped += 1
        }
        #expect(mapped == all.count)
    }

    @Test("removed control characters, escaped quotes and omitted empty fields")
    func escapesAndOmissions() throws {
        let yaml = """
            target: DongBoHoSoMC
            fields:
              B: {const: "b"}
              A: a
              C: {path: c, omitEmpty: true}
            """
        let compiled = MappingEngine.compile(yaml: yaml, file: "t.yaml", name: "t")
        let engine = try #require(compiled.engine)
        let bytes = Self.expectSamePaths(engine, ["a": "x\u{1}\"", "c": "  "], "control and quote")
        #expect(bytes.map { String(decoding: $0, as: UTF8.self) } == #"{"A":"x\"","B":"b"}"#)
    }

    /// The escaping `JSONWriter.writeString` must give, one byte at a time.
    static func referenceLiteral(_ text: String) -> [UInt8] {
        var out: [UInt8] = [0x22]
        let named: [UInt8: UInt8] = [0x22: 0x22, 0x5C: 0x5C, 0x0A: 0x6E, 0x0D: 0x72, 0x09: 0x74, 0x08: 0x62, 0x0C: 0x66]
        for byte in text.utf8 {
            if let letter = named[byte] {
                out += [0x5C, letter]
            } else if byte < 0x20 {
                out += Array(String(format: "\\u%04x", byte).utf8)
            } else {
                out.append(byte)
            }
        }
        return out + [0x22]
    }

    @Test("string literals escape every special byte wherever it falls among eight-byte steps")
    func stringEscapes() {
        var wrong: [String] = []
        for probe in EscapeProbes.all {
            var out: [UInt8] = []
            JSONWriter.writeString(probe.text, into: &out)
            if out != Self.referenceLiteral(probe.text) {
                wrong.append("\(Array(probe.special.utf8)) at \(probe.position)/\(probe.length)")
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(10))")
        #expect(JSONWriter.string(.string("Hộ \"tịch\"\n\u{1}")) == #""Hộ \"tịch\"\n\u0001""#)
    }

    @Test("failures and warnings come in mapping order although fields are written in output order")
    func mappingOrderOfFailuresAndWarnings() throws {
        let yaml = """
            target: DongBoHoSoMC
            fields:
              Z: {path: z, truncate: 2}
              Y: {path: y, required: true}
              A: {path: a, truncate: 1}
              B: {path: b, required: true}
              L:
                list:
                  path: items
                  fields:
                    Q: {path: q, truncate: 1}
                    K: {path: k, lookup: {map: {x: "1"}, unmapped: skip}}
            """
        let compiled = MappingEngine.compile(yaml: yaml, file: "t.yaml", name: "t")
        let engine = try #require(compiled.engine)
        let items: JSONValue = [["q": "qq", "k": "x"], ["q": "rr", "k": "nope"], ["q": "s", "k": "x"]]
        let full: JSONValue = ["z": "zzz", "y": "y", "a": "aa", "b": "b", "items": items]
        let bytes = Self.expectSamePaths(engine, full, "warnings")
        #expect(bytes.map { String(decoding: $0, as: UTF8.self) }
            == #"{"A":"a","B":"b","L":[{"K":"1","Q":"q"},{"K":"1","Q":"s"}],"Y":"y","Z":"zz"}"#)
        let warnings = engine.mapCanonical(full).outcome
        guard case .mapped(_, let found) = warnings else { Issue.record("not mapped"); return }
        #expect(found.map(\.targetPath) == ["Z", "A", "L[0].Q", "L[1].Q"])
        // Y fails first in mapping order; B, written earlier, fails too.
        Self.expectSamePaths(engine, ["z": "z", "a": "a"], "two failures")
        #expect(engine.mapCanonical(["z": "z", "a": "a"]).outcome.failure?.targetPath == "Y")
        Self.expectSamePaths(engine, ["y": "y", "b": "b", "items": [["k": "x", "q": "long"]]], "list warning")
    }

    @Test("generated mock-province dossiers and their steps map to the same bytes on both paths")
    func mockProvince() async throws {
        let set = try MappingSet.load(directory: RepoPaths.mappings.appendingPathComponent("h20"))
        let dossierEngine = try #require(set.dossier)
        let stepEngine = try #require(set.step)
        let items = try await withGatewayHarness(dossiers: 150, seed: 5, badShare: 0.1) { harness in
            try await Self.scan(harness)
        }
        #expect(items.count >= 140)
        var mapped = 0, failed = 0, steps = 0
        for item in items {
            if Self.expectSamePaths(dossierEngine, item.detail, "dossier \(item.key)") != nil {
                mapped += 1
            } else {
                failed += 1
            }
            #expect(set.mapDossierCanonical(item.detail) == set.mapDossier(item.detail).map(JSONWriter.bytes),
                    "dossier \(item.key) through the record mapper")
            for log in item.logs {
                let source: JSONValue = ["log": log, "dossier": item.detail]
                if Self.expectSamePaths(stepEngine, source, "step of \(item.key)") != nil { steps += 1 }
                #expect(set.mapStepCanonical(log, dossier: item.detail)
                    == set.mapStep(log, dossier: item.detail).map(JSONWriter.bytes))
            }
        }
        // Both outcomes occur, so both branches of the comparison ran.
        #expect(mapped > 100)
        #expect(failed > 0)
        #expect(steps > 100)
    }

    /// Every dossier detail (with its logs) the OpenCPS connector assembles from the mock province.
    static func scan(_ harness: GatewayHarness) async throws -> [SourceDossier] {
        let transport = try CurlTransport(configuration: .init())
        defer { transport.shutdown() }
        let source = OpenCPSConnector(configuration: OpenCPSConfiguration(
            baseURL: harness.mocks.sourceURL, groupId: "35417", username: "gateway@dongthap.gov.vn",
            password: Secret("mock-source-secret")), transport: transport)
        let found = Locked<[SourceDossier]>([])
        try await source.scanDossiers(cursor: nil, knownHashes: { _ in [:] }) { page in
            found.withLock { $0 += page.items.filter { $0.failure == nil } }
        }
        return found.current
    }
}
