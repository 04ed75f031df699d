import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// A temporary copy of the shipped mappings that a test breaks on purpose.
struct BrokenCopy {
    let folder: URL

    init() throws {
        folder = try RepoPaths.makeTemporaryDirectory(prefix: "dvcsync-mapping")
        let source = RepoPaths.mappings.appendingPathComponent("h20")
        try FileManager.default.removeItem(at: folder)
        try FileManager.default.copyItem(at: source, to: folder)
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    func text(_ file: String) throws -> String {
        try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
    }

    /// Replaces the one occurrence of `old` in `file`.
    func edit(_ file: String, replacing old: String, with new: String) throws {
        let content = try text(file)
        #expect(content.components(separatedBy: old).count == 2, "fixture text must occur once: \(old)")
        try content.replacingOccurrences(of: old, with: new)
            .write(to: folder.appendingPathComponent(file), atomically: true, encoding: .utf8)
    }

    /// 1-based line of the `occurrence`-th line containing `needle`.
    func line(of needle: String, in file: String, occurrence: Int = 1) throws -> Int {
        let lines = try text(file).components(separatedBy: "\n")
        let matches = lines.indices.filter { lines[$0].contains(needle) }
        return try #require(matches.count >= occurrence ? matches[occurrence - 1] + 1 : nil)
    }

    func check(sample: Bool = true) -> [MappingDiagnostic] {
        MappingChecker.check(directory: folder, sample: sample ? MappingCheckerTests.sample : nil)
    }
}

@Suite("Mapping checker on broken mappings")
struct BrokenMappingTests {
    @Test("an unknown target field is reported at its line, with a hint")
    func unknownField() throws {
        let copy = try BrokenCopy()
        defer { copy.remove() }
        try copy.edit("dossier.yaml", replacing: "  ChuHoSo:\n", with: "  chuHoSo:\n")
        let found = copy.check().filter { $0.code == "check.unknown-field" }
        #expect(found.count == 1)
        #expect(found.first?.file == "dossier.yaml")
        #expect(found.first?.line == (try copy.line(of: "chuHoSo:", in: "dossier.yaml")))
        #expect(found.first?.column == 3)
        #expect(found.first?.hint?.contains("ChuHoSo") == true)
        #expect(found.first?.severity == .error)
    }

    @Test("an unknown table column is reported at the column's name, not at the table's")
    func unknownColumn() throws {
        let copy = try BrokenCopy()
        defer { copy.remove() }
        let line = "    lookup: {table: procedures, column: name, key: serviceCode, unmapped: error}"
        try copy.edit("dossier.yaml", replacing: line, with: line.replacingOccurrences(of: "column: name", with: "column: nme"))
        let found = copy.check().filter { $0.code == "mapping.table" }
        #expect(found.count == 1)
        #expect(found.first?.line == (try copy.line(of: "column: nme", in: "dossier.yaml")))
        #expect(found.first?.column == 41)
        #expect(found.first?.hint?.contains("field_name") == true)
    }

    @Test("an unknown field inside a list item is reported")
    func unknownListField() throws {
        let copy = try BrokenCopy()
        defer { copy.remove() }
        try copy.edit("dossier.yaml", replacing: "        MaGiayToKetQua: resultCode", with: "        MaKetQua: resultCode")
        let found = copy.check().filter { $0.code == "check.unknown-field" }
        #expect(found.map(\.line) == [try copy.line(of: "MaKetQua: resultCode", in: "dossier.yaml")])
    }

    @Test("a required portal field that is never produced is reported")
    func requiredMissing() throws {
        let copy = try BrokenCopy()
        defer { copy.remove() }
        try copy.edit("step.yaml", replacing: "  NoiDungXuLy:\n    first: [log.payload.stepName, log.content]\n    truncate: 2000\n    required: true\n",
            with: "")
        let found = copy.check().filter { $0.code == "check.required-missing" }
        #expect(found.count == 1)
        #expect(found.first?.file == "step.yaml")
        #expect(found.first?.message.contains("NoiDungXuLy") == true)
    }

    @Test("a source path absent from every sample record is reported as a warning")
    func pathUnseen() throws {
        let copy = try BrokenCopy()
        defer { copy.remove() }
        try copy.edit("dossier.yaml", replacing: "    path: applicantName\n", with: "    path: applicantNmae\n")
        let found = copy.check().filter { $0.code == "check.path-unseen" }
        #expect(found.count == 1)
        #expect(found.first?.severity == .warning)
        #expect(found.first?.line == (try copy.line(of: "  ChuHoSo:", in: "dossier.yaml")))
        #expect(copy.check(sample: false).allSatisfy { $0.code != "check.path-unseen" })
    }

    @Test("a code seen in the sample but missing from a table is an error when the policy is error")
    func tableMissing() throws {
        let copy = try BrokenCopy()
        defer { copy.remove() }
        try copy.edit("tables/agencies.csv", replacing: "STP,000.00.20.H20,Sở Tư pháp tỉnh Đồng Tháp\n", with: "")
        try copy.edit("tables/status.csv", replacing: "paying,6\n", with: "")
        let found = copy.check().filter { $0.code == "check.table-missing" }
        let agencyLine = try copy.line(of: "lookup: {table: agencies, column: name", in: "dossier.yaml")
        #expect(found.contains { $0.line == agencyLine && $0.message.contains("`STP`") && $0.severity == .error })
        let statusLine = try copy.line(of: "lookup: {table: status", in: "dossier.yaml")
        #expect(found.contains { $0.line == statusLine && $0.message.contains("`paying`") })
        #expect(found.count == 2)
    }

    @Test("a missing table value under a default policy is only a warning")
    func tableMissingWithDefault() throws {
        let copy = try BrokenCopy()
        defer { copy.remove() }
        try copy.edit("tables/payment-methods.csv", replacing: "Keypay,2\n", with: "")
        let found = copy.check().filter { $0.code == "check.table-missing" }
        #expect(found.count == 1)
        #expect(found.first?.severity == .warning)
        #expect(!MappingChecker.hasErrors(copy.check()))
    }

    @Test("a duplicate YAML key is reported at its second occurrence")
    func duplicateKey() throws {
        let copy = try BrokenCopy()
        defer { copy.remove() }
        try copy.edit("dossier.yaml", replacing: "  Email: contactEmail\n", with: "  Email: contactEmail\n  Email: delegateEmail\n")
        let found = copy.check().filter { $0.code == "check.duplicate-key" }
        #expect(found.count == 1)
        #expect(found.first?.line == (try copy.line(of: "Email: delegateEmail", in: "dossier.yaml")))
        #expect(found.first?.column == 3)
        #expect(throws: MappingLoadError.self) { try MappingSet.load(directory: copy.folder) }
    }

    @Test("a duplicate table key is reported at its row")
    func duplicateRow() throws {
        let copy = try BrokenCopy()
        defer { copy.remove() }
        try copy.edit("tables/status.csv", replacing: "paying,6\n", with: "paying,6\nprocessing,5\n")
        let found = copy.check().filter { $0.code == "check.duplicate-row" }
        #expect(found.count == 1)
        #expect(found.first?.file == "tables/status.csv")
        #expect(found.first?.line == (try copy.line(of: "processing,5", in: "tables/status.csv")))
    }

    @Test("list and scalar mismatches against the schema and steps are reported")
    func typeMismatch() throws {
        let copy = try BrokenCopy()
        defer { copy.remove() }
        try copy.edit("dossier.yaml", replacing: "  SoGiayToChuHoSo: applicantIdNo\n",
            with: "  SoGiayToChuHoSo:\n    list:\n      path: dossierFiles\n      fields:\n        TenGiayTo: displayName\n")
        try copy.edit("step.yaml", replacing: "  ChucDanh: log.payload.jobPosName\n",
            with: "  ChucDanh:\n    list:\n      path: log.payload.files\n      fields:\n        X: fileName\n    date: epoch-ms\n")
        let diagnostics = copy.check()
        let schema = diagnostics.filter { $0.code == "check.type-mismatch" }
        #expect(schema.contains { $0.file == "dossier.yaml" && $0.line == (try? copy.line(of: "  SoGiayToChuHoSo:", in: "dossier.yaml")) })
        let step = diagnostics.filter { $0.code == "mapping.type" && $0.file == "step.yaml" }
        #expect(step.map(\.line) == [try copy.line(of: "    date: epoch-ms", in: "step.yaml")])
    }

    @Test("unknown keys, tables, columns and date formats are reported where they are written")
    func syntaxProblems() throws {
        let copy = try BrokenCopy()
        defer { copy.remove() }
        try copy.edit("dossier.yaml", replacing: "    truncate: 250\n", with: "    truncat: 250\n")
        try copy.edit("dossier.yaml", replacing: "lookup: {table: viaPostal,", with: "lookup: {table: viaPostl,")
        try copy.edit("dossier.yaml", replacing: "column: field_name,", with: "column: field_nam,")
        try copy.edit("dossier.yaml", replacing: "    path: dueDate\n    date: \"dd/MM/yyyy HH:mm:ss\"",
            with: "    path: dueDate\n    date: \"dd/MM/yyyy HH:mm:sz\"")
        let diagnostics = copy.check()
        func line(_ needle: String) throws -> Int { try copy.line(of: needle, in: "dossier.yaml") }
        #expect(diagnostics.contains { $0.code == "mapping.unknown-key" && $0.line == (try? line("truncat: 250")) })
        #expect(diagnostics.contains { $0.code == "mapping.table" && $0.line == (try? line("viaPostl")) })
        #expect(diagnostics.contains { $0.code == "mapping.table" && $0.line == (try? line("field_nam,")) })
        #expect(diagnostics.contains { $0.code == "mapping.date-format" && $0.line == (try? line("HH:mm:sz")) })
    }

    @Test("the text format is file:line:column: severity: message with a hint")
    func textFormat() throws {
        let copy = try BrokenCopy()
        defer { copy.remove() }
        try copy.edit("dossier.yaml", replacing: "  ChuHoSo:\n", with: "  chuHoSo:\n")
        let text = MappingDiagnostic.format(copy.check())
        let line = try copy.line(of: "chuHoSo:", in: "dossier.yaml")
        #expect(text.contains("dossier.yaml:\(line):3: error: `chuHoSo` is not a field of `fields`"))
        #expect(text.contains("(hint: did you mean ChuHoSo?)"))
    }
}
