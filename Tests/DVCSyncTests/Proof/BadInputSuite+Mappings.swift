import DVCSync
import DVCSyncTestSupport
import Foundation
import PropertyBased
import Testing

/// One random edit of a shipped mapping folder: which file, and its new bytes.
struct MappingMutation: Sendable, CustomStringConvertible {
    var file: String
    var bytes: [UInt8]
    var edits: [String]
    var description: String { "\(file): \(edits.joined(separator: "; "))" }
}

/// Random YAML and CSV edits of the shipped mappings: lines deleted, duplicated, swapped or re-indented, YAML
/// syntax characters and keywords put anywhere, values replaced, files cut short.
enum MappingMutator {
    static let files = ["dossier.yaml", "dossier.yaml", "step.yaml", "procedure.yaml", "tables/status.csv",
                        "tables/procedures.csv"]
    static let tokens = [": ", "- ", "{", "}", "[", "]", "\t", "&a ", "*a", "!!binary ", "%YAML 1.2\n", "'", "\"",
                         "#", "|", ">", "? ", ",", "@", "`", "\u{0}", "\u{FEFF}", "<<: *a", "---\n", "...\n", "~"]
    static let words = ["path", "lookup", "date", "list", "when", "then", "else", "const", "template", "coerce",
                        "required", "truncate", "default", "first", "items", "fields", "table", "column", "key",
                        "unmapped", "format", "zone", "x.y.z", "yyyy/dd", "tables/none.csv", "-1", "99999999999999999999",
                        "null", "true", "{$.}", "{", "ồ", "MaHoSo", "TienDoXuLy", "a.b[", "$."]

    static func generator() -> Generator<MappingMutation, Shrink.None<MappingMutation>> {
        Generator { rng in
            let file = files.randomElement(using: &rng)!
            let original = (try? String(contentsOf: ProofFixtures.mappingFolder.appendingPathComponent(file),
                                        encoding: .utf8)) ?? ""
            var lines = original.components(separatedBy: "\n")
            var edits: [String] = []
            var cut: Int?
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let at = Int.random(in: 0..<max(1, lines.count), using: &rng)
                let line = lines.isEmpty ? "" : lines[at]
                switch Int.random(in: 0..<8, using: &rng) {
                case 0 where !lines.isEmpty:
                    lines.remove(at: at)
                    edits.append("deleted line \(at + 1)")
                case 1 where !lines.isEmpty:
                    lines.insert(line, at: at)
                    edits.append("duplicated line \(at + 1)")
                case 2 where lines.count > 1:
                    let other = Int.random(in: 0..<lines.count, using: &rng)
                    lines.swapAt(at, other)
                    edits.append("swapped lines \(at + 1) and \(other + 1)")
                case 3:
                    let token = tokens.randomElement(using: &rng)!
                    let offset = Int.random(in: 0...line.count, using: &rng)
                    var chars = Array(line)
                    chars.insert(contentsOf: token, at: offset)
                    if !lines.isEmpty { lines[at] = String(chars) }
                    edits.append("inserted \(token.debugDescription) in line \(at + 1)")
                case 4 where !lines.isEmpty:
                    let shift = Int.random(in: -3...3, using: &rng)
                    let leading = line.prefix { $0 == " " }.count
                    lines[at] = shift >= 0 ? String(repeating: " ", count: shift) + line
                        : String(line.dropFirst(min(-shift, leading)))
                    edits.append("re-indented line \(at + 1) by \(shift)")
                case 5 where line.contains(": "):
                    let word = words.randomElement(using: &rng)!
                    lines[at] = String(line.prefix { $0 != ":" }) + ": " + word
                    edits.append("value of line \(at + 1) → \(word)")
                case 6:
                    cut = Int.random(in: 0...original.utf8.count, using: &rng)
                    edits.append("cut at byte \(cut!)")
                default:
                    let word = words.randomElement(using: &rng)!
                    if !lines.isEmpty {
                        let indent = line.prefix { $0 == " " }
                        lines[at] = indent + word + ":" + (Bool.random(using: &rng) ? "" : " " + word)
                    }
                    edits.append("line \(at + 1) → key \(word)")
                }
            }
            var bytes = Array(lines.joined(separator: "\n").utf8)
            if let cut { bytes = Array(bytes.prefix(cut)) }
            return MappingMutation(file: file, bytes: bytes, edits: edits)
        }
    }

    /// A fresh copy of the shipped folder with the mutation applied.
    static func apply(_ mutation: MappingMutation) throws -> URL {
        let folder = try RepoPaths.makeTemporaryDirectory(prefix: "dvcsync-mutated")
        try FileManager.default.removeItem(at: folder)
        try FileManager.default.copyItem(at: ProofFixtures.mappingFolder, to: folder)
        try Data(mutation.bytes).write(to: folder.appendingPathComponent(mutation.file))
        return folder
    }
}

extension BadInputSuite {
    /// Mutated mapping folders through the checker and the loader: no crash; every error names a file of the folder
    /// with a line and column inside it; the loader refuses exactly when the checker reports an error in loading.
    @Test func mutatedMappingFilesGiveLocatedErrorsNeverACrash() async throws {
        let sample = RepoPaths.mock.appendingPathComponent("golden/sample-dossiers.json")
        var withErrors = 0
        await propertyCheck(count: ProofScale.count(20, full: 1_000), input: MappingMutator.generator()) { mutation in
            let folder = try MappingMutator.apply(mutation)
            defer { try? FileManager.default.removeItem(at: folder) }
            let diagnostics = MappingChecker.check(directory: folder, sample: sample)
            if MappingChecker.hasErrors(diagnostics) { withErrors += 1 }
            for diagnostic in diagnostics where diagnostic.severity == .error {
                let lines = Self.lineCount(folder.appendingPathComponent(diagnostic.file))
                #expect(lines != nil, "\(diagnostic) names no file of the folder (\(mutation))")
                #expect(diagnostic.line >= 1 && diagnostic.line <= (lines ?? 0) + 1 && diagnostic.column >= 1,
                        "\(diagnostic) is not located (\(mutation))")
                #expect(diagnostic.code.contains("."), "\(diagnostic.code)")
            }
            do {
                let set = try MappingSet.load(directory: folder)
                _ = set.mapDossier(.object(ProofFixtures.sampleDossier))
                _ = set.mapProcedure(.object(ProofFixtures.sampleDossier))
            } catch let error as MappingLoadError {
                #expect(!error.diagnostics.isEmpty, "\(mutation)")
                #expect(MappingChecker.hasErrors(diagnostics), "the loader refused what the checker passed: \(mutation)")
            } catch {
                Issue.record("unexpected \(error) for \(mutation)")
            }
        }
        #expect(withErrors > 0)
    }

    /// The CLI's `mappings check` on a few mutated folders: a non-zero exit, and each finding printed as
    /// `file:line:column: error: …`.
    @Test func mappingsCheckCommandPrintsLocatedErrors() async throws {
        let broken: [(String, String, String)] = [
            ("dossier.yaml", "  MaHoSo:\n", "  MaHoSo:\n   - [\n"),
            ("step.yaml", "fields:", "fields: {"),
            ("dossier.yaml", "    date: \"dd/MM/yyyy HH:mm:ss\"\n", "    date: \"dd/QQ/yyyy\"\n"),
        ]
        for (file, old, new) in broken {
            let original = try String(contentsOf: ProofFixtures.mappingFolder.appendingPathComponent(file),
                                      encoding: .utf8)
            let mutation = MappingMutation(file: file, bytes: Array(original.replacingOccurrences(of: old, with: new,
                options: [], range: original.range(of: old)).utf8), edits: [new])
            let folder = try MappingMutator.apply(mutation)
            defer { try? FileManager.default.removeItem(at: folder) }
            let child = try ChildProcess(BuiltProducts.executable("dvcsync"),
                                         ["mappings", "check", "--mappings", folder.path])
            #expect(await child.waitForExit() == 1, "\(child.output)")
            let findings = child.output.split(separator: "\n").filter { $0.contains(": error: ") }
            #expect(!findings.isEmpty, "\(child.output)")
            for line in findings {
                #expect(line.wholeMatch(of: /[^:\s]+\.(yaml|csv):[1-9][0-9]*:[1-9][0-9]*: error: .+/) != nil, "\(line)")
            }
        }
    }

    static func lineCount(_ url: URL) -> Int? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        return data.reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
    }
}
