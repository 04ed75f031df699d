import DVCSync
import DVCSyncTestSupport
import Foundation
import PropertyBased
import Testing

/// Bad input proof, generated records: every generated source dossier either maps (dates in the portal's
/// `yyyyMMddHHmmss`) or fails with a stable code and the field at fault, never a crash.
/// Run: `swift test --filter BadInputSuite` (add `DVCSYNC_PROOF_SCALE=full` for more cases).
@Suite("Bad input: generated source records")
struct BadInputSuite {
    static let mappedDates = DossierGenerator.dateFields.map(\.target) + ["NgayTuChoi"]

    @Test func generatedDossiersMapOrFailWithFieldAndCode() async {
        let mappings = ProofFixtures.mappings
        var tally = (mapped: 0, failed: 0)
        await propertyCheck(count: ProofScale.count(300, full: 5_000), input: DossierGenerator.generator()) { dossier in
            switch mappings.mapDossier(.object(dossier.record)) {
            case .success(let mapped):
                tally.mapped += 1
                #expect(dossier.isGood, "mapped although defective: \(dossier)")
                #expect(mapped["MaHoSo"]?.scalarText == dossier.key)
                for (target, source) in dossier.dates {
                    #expect(mapped[target]?.scalarText == DossierGenerator.portalForm(source), "\(target): \(dossier)")
                }
                for target in Self.mappedDates {
                    let text = mapped[target]?.scalarText ?? ""
                    #expect(text.isEmpty || Self.isPortalTimestamp(text), "\(target) = \(text)")
                }
            case .failure(let failure):
                tally.failed += 1
                #expect(!dossier.isGood, "refused a good record: \(failure) \(dossier)")
                #expect(dossier.defects[failure.field] == failure.code, "unexpected \(failure) for \(dossier)")
                #expect(!failure.message.isEmpty)
            }
        }
        #expect(tally.mapped > 0 && tally.failed > 0, "\(tally)")
    }

    /// Real records with random keys replaced by values of any JSON type (type confusion, control characters,
    /// huge numbers, nesting): each mapping answers with a value or a `mapping.*` failure naming a field.
    @Test func typeConfusedRecordsNeverCrashAnyMapping() async {
        let mappings = ProofFixtures.mappings
        let keys = Array(ProofFixtures.sampleDossier.keys) + ["payment.feeAmount", "dossierFiles.0.dossierPartType"]
        let input = Generator { rng -> JSONValue in
            var record = ProofFixtures.sampleDossier
            for _ in 0..<Int.random(in: 1...6, using: &rng) {
                let key = keys.randomElement(using: &rng)!
                if key.contains(".") {
                    record[String(key.prefix { $0 != "." })] = RandomJSON.value(depth: 3, using: &rng)
                } else {
                    record[key] = RandomJSON.value(depth: 3, using: &rng)
                }
            }
            return Bool.random(using: &rng) ? .object(record) : RandomJSON.value(depth: 4, using: &rng)
        }
        await propertyCheck(count: ProofScale.count(400, full: 8_000), input: input) { record in
            let results = [mappings.mapDossier(record), mappings.mapProcedure(record),
                           mappings.mapStep(["action": "x", "createDate": record], dossier: record)]
            for case .failure(let failure) in results where failure.code != RecordFailure.skippedCode {
                #expect(failure.code.hasPrefix("mapping."), "\(failure)")
                #expect(!failure.field.isEmpty, "\(failure)")
            }
            if case .success(let mapped) = results[0] {
                for target in Self.mappedDates {
                    let text = mapped[target]?.scalarText ?? ""
                    #expect(text.isEmpty || Self.isPortalTimestamp(text), "\(target) = \(text)")
                }
            }
        }
    }

    /// 14 digits that name a real calendar date and time.
    static func isPortalTimestamp(_ text: String) -> Bool {
        let digits = Array(text.utf8)
        guard digits.count == 14, digits.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return false }
        func field(_ range: Range<Int>) -> Int { Int(String(decoding: digits[range], as: UTF8.self))! }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = DateComponents(year: field(0..<4), month: field(4..<6), day: field(6..<8), hour: field(8..<10),
                                   minute: field(10..<12), second: field(12..<14))
        guard let date = calendar.date(from: parts) else { return false }
        let back = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return back.year == parts.year && back.month == parts.month && back.day == parts.day
            && back.hour == parts.hour && back.minute == parts.minute && back.second == parts.second
    }
}

/// Random JSON values of every kind, hostile ones included.
enum RandomJSON {
    static let strings = ["", " ", "Nguyễn Văn A", "\u{0}", "\u{1}\u{7F}", "a\r\nX-Evil: 1", "'; DROP TABLE record;--",
                          "31/02/2023 10:00:00", "01/01/2023 00:00:00", "true", "1", "0", "-1", "1e400", "NaN",
                          "\u{202E}lộn", "😀", "Đ\u{0301}", String(repeating: "ạ", count: 5_000)]
    static let numbers = ["0", "-0", "1", "12345678901234567890", "1e400", "-1.5e-300", "0.1", "8000"]

    static func value(depth: Int, using rng: inout some RandomNumberGenerator) -> JSONValue {
        switch Int.random(in: 0..<(depth > 0 ? 7 : 5), using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .number(numbers.randomElement(using: &rng)!)
        case 3, 4: return .string(strings.randomElement(using: &rng)!)
        case 5:
            return .array((0..<Int.random(in: 0...3, using: &rng)).map { _ in value(depth: depth - 1, using: &rng) })
        default:
            var members: [String: JSONValue] = [:]
            for index in 0..<Int.random(in: 0...3, using: &rng) {
                members[["dossierNo", "feeAmount", "dossierPartType", "k\(index)"].randomElement(using: &rng)!] =
                    value(depth: depth - 1, using: &rng)
            }
            return .object(members)
        }
    }
}
