import DVCMock
import DVCSync
import Foundation
import Testing

@Suite struct ProvinceModeTests {
    private func stamp(_ epoch: Int64) -> String {
        ProvinceFixture.formatter.string(from: Date(timeIntervalSince1970: TimeInterval(epoch)))
    }

    @Test func stockModeIgnoresModifiedSinceAndLeavesListModifiedEmpty() async throws {
        let p = ProvinceFixture.province(dossiers: 1_000, seed: 21)
        let since = try await ProvinceFixture.list(p, ["fromModifiedDate": stamp(p.now - 3_600)])
        #expect(since.total == 1_000)
        #expect(since.data.allSatisfy { $0["modifiedDate"] == .string("") })
        let sorted = try await ProvinceFixture.list(p, ["sort": "modifiedDate", "end": "20"])
        let plain = try await ProvinceFixture.list(p, ["end": "20"])
        #expect(sorted.data == plain.data)
    }

    @Test func extendedModeFiltersAndSortsByModifiedDate() async throws {
        let p = ProvinceFixture.province(dossiers: 1_000, seed: 21, mode: .extended)
        let cutoff = p.now - 5 * 86_400
        let since = try await ProvinceFixture.list(p, ["fromModifiedDate": stamp(cutoff), "sort": "modifiedDate", "end": "1000"])
        #expect(since.total > 0 && since.total < 1_000)
        var previous: (Date, Int) = (.distantPast, 0)
        for item in since.data {
            let modified = try #require(ProvinceFixture.parse(item["modifiedDate"]?.scalarText))
            let id = Int(item["dossierId"]?.scalarText ?? "") ?? 0
            #expect(modified >= Date(timeIntervalSince1970: TimeInterval(cutoff)))
            #expect(modified > previous.0 || (modified == previous.0 && id > previous.1))
            previous = (modified, id)
        }
        // Inclusive bound: asking from the exact modifiedDate of an item still returns it.
        let last = try #require(since.data.last)
        let exact = try await ProvinceFixture.list(p, ["fromModifiedDate": last["modifiedDate"]?.scalarText ?? "",
                                                       "sort": "modifiedDate", "end": "1000"])
        #expect(exact.data.contains { $0["dossierId"] == last["dossierId"] })
        // The detail agrees with the list.
        let detail = try ProvinceFixture.json(await ProvinceFixture.get(p, "/dossiers/\(last["dossierId"]?.scalarText ?? "")"))
        #expect(detail["modifiedDate"] == last["modifiedDate"])
        let bad = try await ProvinceFixture.list(p, ["fromModifiedDate": "31/02/2023 00:00:00"])
        #expect(bad.total == 1_000)
    }

    @Test func advanceMakesChangesVisibleThroughModifiedSince() async throws {
        let p = ProvinceFixture.province(dossiers: 2_000, seed: 5, mode: .extended)
        let before = p.now
        let open = try await ProvinceFixture.list(p, ["status": "receiving,processing,waiting,paying,releasing", "end": "2000"])
        let response = await p.handle(MockHTTPRequest(method: "POST", path: "/_mock/advance", query: ["hours": "72"]))
        #expect(response.status == 200)
        let result = try ProvinceFixture.json(response)
        #expect(p.now == before + 72 * 3_600)
        let arrived = Int(result["arrived"]?.scalarText ?? "") ?? 0
        let changed = Int(result["changed"]?.scalarText ?? "") ?? 0
        #expect(arrived > 0 && changed > 0)

        let since = try await ProvinceFixture.list(p, ["fromModifiedDate": stamp(before + 1), "sort": "modifiedDate", "end": "5000"])
        #expect(since.total == arrived + changed)
        let newIds = Set(since.data.compactMap { Int($0["dossierId"]?.scalarText ?? "") })
        #expect(newIds.contains(where: { $0 > 100_000 + 2_000 }))
        let openIds = Set(open.data.compactMap { Int($0["dossierId"]?.scalarText ?? "") })
        #expect(!newIds.intersection(openIds).isEmpty)
        for item in since.data {
            let id = item["dossierId"]?.scalarText ?? ""
            let logs = try ProvinceFixture.json(await ProvinceFixture.get(p, "/dossierlogs/\(id)/logs"))
            let lastLog = logs["data"]?.arrayValue?.last?["createDate"]?.scalarText.flatMap { Int64($0) }
            let modified = ProvinceFixture.parse(item["modifiedDate"]?.scalarText).map { Int64($0.timeIntervalSince1970) * 1000 }
            if let lastLog { #expect(lastLog == modified) }
        }
        let total = try await ProvinceFixture.list(p, [:]).total
        #expect(total == 2_000 + arrived)
        let body = await p.handle(MockHTTPRequest(method: "POST", path: "/_mock/advance", body: Array(#"{"minutes":30}"#.utf8)))
        #expect(body.status == 200 && p.now == before + 72 * 3_600 + 1_800)
        #expect(await p.handle(MockHTTPRequest(method: "POST", path: "/_mock/advance")).status == 400)
    }

    @Test func advanceIsDeterministic() async {
        let a = ProvinceFixture.province(dossiers: 800, seed: 99)
        let b = ProvinceFixture.province(dossiers: 800, seed: 99)
        #expect(a.advance(bySeconds: 86_400) == b.advance(bySeconds: 86_400))
        #expect(a.snapshot().dossiers == b.snapshot().dossiers)
    }
}
