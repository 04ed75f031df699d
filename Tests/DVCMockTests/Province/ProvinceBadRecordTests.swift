import DVCMock
import DVCSync
import Foundation
import Testing

@Suite struct ProvinceBadRecordTests {
    @Test func noBadRecordsByDefault() {
        #expect(ProvinceFixture.province(dossiers: 1_000, seed: 1).badRecords().isEmpty)
    }

    @Test func injectsTheRequestedShareOfEachKindDeterministically() {
        let p = ProvinceFixture.province(dossiers: 5_000, seed: 1, badShare: 0.05)
        let bad = p.badRecords()
        #expect(bad.count > 180 && bad.count < 320)
        #expect(Set(bad.map(\.defect)) == Set(ProvinceDefect.allCases.filter { $0 != .none }))
        #expect(ProvinceFixture.province(dossiers: 5_000, seed: 1, badShare: 0.05).badRecords() == bad)
    }

    @Test func badRecordsAreRenderedWithTheirDefect() async throws {
        let p = ProvinceFixture.province(dossiers: 3_000, seed: 4, badShare: 0.1)
        let bad = Dictionary(uniqueKeysWithValues: p.badRecords().map { ($0.dossierId, $0.defect) })
        let all = try await ProvinceFixture.list(p, ["end": "3000"])
        let known = Set(ProvinceFixture.catalog.procedures.map(\.serviceCode))
        var seen = Set<ProvinceDefect>()
        for item in all.data {
            let id = Int(item["dossierId"]?.scalarText ?? "") ?? 0
            let defect = bad[id] ?? .none
            let name = item["applicantName"]?.scalarText ?? ""
            let code = item["serviceCode"]?.scalarText
            switch defect {
            case .none:
                #expect(code.map(known.contains) == true)
                #expect(name.count < 100 && !name.unicodeScalars.contains { $0.value < 0x20 })
                #expect(name == name.precomposedStringWithCanonicalMapping)
            case .impossibleDate:
                let receive = item["receiveDate"]?.scalarText ?? ""
                if !receive.isEmpty { #expect(receive.hasPrefix("31/02/")); #expect(ProvinceFixture.parse(receive) == nil) }
            case .unknownProcedure:
                #expect(code != nil && !known.contains(code ?? ""))
            case .missingFields:
                #expect(item["serviceCode"] == nil && item["govAgencyCode"] == nil)
            case .overlongText:
                #expect((item["dossierName"]?.scalarText ?? "").count > 4_000 && name.count > 200)
            case .controlCharacters:
                #expect(name.unicodeScalars.contains { $0.value < 0x20 })
            }
            seen.insert(defect)
        }
        #expect(seen.count == ProvinceDefect.allCases.count)
        let list = try ProvinceFixture.json(await p.handle(MockHTTPRequest(method: "GET", path: "/_mock/bad-records")))
        #expect(list["total"]?.scalarText == String(bad.count))
    }
}
