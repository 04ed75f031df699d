import DVCMock
import DVCSync
import Foundation
import Testing

@Suite struct ProvinceEditTests {
    @Test func editRouteChangesNoteAndModifiedDateIncludingLateWrites() async throws {
        let p = ProvinceFixture.province(dossiers: 200, seed: 9, mode: .extended)
        let id = try #require(p.snapshot().dossiers.first).dossierId
        let before = try ProvinceFixture.json(await ProvinceFixture.get(p, "/dossiers/\(id)"))
        #expect(before["dossierNote"] == nil)

        let late = ProvinceFixture.formatter.string(from: Date(timeIntervalSince1970: TimeInterval(p.now - 7_200)))
        let answer = await p.handle(MockHTTPRequest(method: "POST", path: "/_mock/edit",
                                                    query: ["ids": "\(id),999999999", "at": late]))
        #expect(try ProvinceFixture.json(answer)["edited"] == 1)
        let after = try ProvinceFixture.json(await ProvinceFixture.get(p, "/dossiers/\(id)"))
        #expect(after["dossierNote"]?.scalarText == "Cập nhật thông tin hồ sơ (lần 1)")
        #expect(after["modifiedDate"]?.scalarText == late)
        // The late write is found from its own modification time, not only from the clock.
        let since = try await ProvinceFixture.list(p, ["fromModifiedDate": late, "sort": "modifiedDate", "end": "200"])
        #expect(since.data.contains { $0["dossierId"]?.scalarText == "\(id)" })

        let refused = await p.handle(MockHTTPRequest(method: "POST", path: "/_mock/edit", query: ["ids": "x"]))
        #expect(refused.status == 400)
    }

    @Test func quirksRouteSendsExplicitNullsAndStringIdentifiers() async throws {
        let p = ProvinceFixture.province(dossiers: 200, seed: 9)
        let plain = try await ProvinceFixture.list(p, ["end": "50"])
        #expect(plain.data.allSatisfy { $0["dossierNote"] == nil })
        if case .number = plain.data.first?["dossierId"] {} else { Issue.record("dossierId should be a number") }

        _ = await p.handle(MockHTTPRequest(method: "POST", path: "/_mock/quirks",
                                           query: ["explicitNulls": "true", "stringIdentifiers": "true"]))
        let response = await ProvinceFixture.get(p, "/dossiers", ["end": "50"])
        let quirky = try ProvinceFixture.json(response)
        #expect(quirky["total"] == .string("200"))
        let items = quirky["data"]?.arrayValue ?? []
        #expect(items.allSatisfy { $0["dossierNote"] == .null })
        #expect(items.contains { $0["contactEmail"] == .null })
        #expect(items.allSatisfy { if case .string = $0["dossierId"] { true } else { false } })
        #expect(p.quirks == ProvinceQuirks(explicitNulls: true, stringIdentifiers: true))
    }
}
