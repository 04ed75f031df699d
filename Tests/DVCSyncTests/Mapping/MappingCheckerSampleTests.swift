import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

@Suite("Mapping checker samples and language errors")
struct MappingCheckerSampleTests {
    @Test("a sample object keyed by mapping name checks the procedure mapping")
    func procedureSample() throws {
        let folder = try RepoPaths.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = try String(
            contentsOf: RepoPaths.mock.appendingPathComponent("golden/procedure-published/input.json"), encoding: .utf8)
        let odd = input.replacingOccurrences(of: "\"CAP_XA\"", with: "\"CAP_THON\"")
        #expect(odd != input)
        let sample = folder.appendingPathComponent("sample.json")
        try "{\"procedure\": [\(odd)]}".write(to: sample, atomically: true, encoding: .utf8)
        let diagnostics = MappingChecker.check(directory: MappingCheckerTests.shipped, sample: sample)
        let found = diagnostics.filter { $0.code == "check.table-missing" && $0.severity == .error }
        #expect(found.count == 2)
        #expect(found.allSatisfy { $0.file == "procedure.yaml" && $0.message.contains("CAP_THON") })
        // The unlisted agency of the second service config is dropped by its `skip` policy: a warning only.
        let skipped = diagnostics.filter { $0.code == "check.table-missing" && $0.severity == .warning }
        #expect(skipped.count == 2)
        #expect(skipped.allSatisfy { $0.message.contains("UBND_XA_KHAC") })
    }

    @Test("a sample that is not JSON is reported")
    func badSample() throws {
        let folder = try RepoPaths.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sample = folder.appendingPathComponent("sample.json")
        try "[{\"dossierNo\": ".write(to: sample, atomically: true, encoding: .utf8)
        let diagnostics = MappingChecker.check(directory: MappingCheckerTests.shipped, sample: sample)
        #expect(diagnostics.contains { $0.code == "check.sample" && $0.severity == .error })
    }

    @Test("a list inside then/else is rejected where it is written")
    func listInConditional() {
        let yaml = """
            target: Test
            fields:
              A:
                when: {path: x, present: true}
                then:
                  list:
                    path: y
                    fields:
                      B: z
            """
        let result = MappingEngine.compile(yaml: yaml, file: "t.yaml", name: "t")
        #expect(result.engine == nil)
        #expect(result.diagnostics.contains { $0.code == "mapping.type" && $0.line == 4 && $0.file == "t.yaml" })
    }

    @Test("malformed paths and several sources in one field are reported")
    func malformed() {
        let yaml = """
            target: Test
            fields:
              A: "a..b"
              B: {path: x, const: "1"}
              C: "files[x]"
            """
        let result = MappingEngine.compile(yaml: yaml, file: "t.yaml", name: "t")
        #expect(result.engine == nil)
        #expect(result.diagnostics.contains { $0.code == "mapping.path" && $0.line == 3 })
        #expect(result.diagnostics.contains { $0.code == "mapping.syntax" && $0.line == 4 })
        #expect(result.diagnostics.contains { $0.code == "mapping.path" && $0.line == 5 })
    }
}
