import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

@Suite("Mapping golden cases")
struct MappingGoldenTests {
    @Test("there are golden cases for every mapping kind")
    func casesExist() {
        for prefix in ["dossier-", "step-", "procedure-", "ops-"] {
            #expect(Golden.cases.contains { $0.hasPrefix(prefix) }, "no \(prefix)* case")
        }
    }

    @Test("source JSON maps to the expected portal JSON", arguments: Golden.cases)
    func golden(_ name: String) throws {
        let caseFolder = Golden.folder.appendingPathComponent(name)
        let input = try Golden.readJSON(caseFolder.appendingPathComponent("input.json"))
        let actual = Golden.encode(try Golden.engine(for: name).map(input))
        let expectedURL = caseFolder.appendingPathComponent("expected.json")
        if ProcessInfo.processInfo.environment["DVCSYNC_WRITE_GOLDEN"] == "1" {
            try Data(JSONWriter.bytes(actual)).write(to: expectedURL)
        }
        let expected = try Golden.readJSON(expectedURL)
        // Byte comparison of canonical JSON: NFC and NFD spellings of the same text must not compare equal.
        #expect(JSONWriter.string(actual) == JSONWriter.string(expected))
        #expect(JSONWriter.bytes(actual) == JSONWriter.bytes(expected))
    }
}
