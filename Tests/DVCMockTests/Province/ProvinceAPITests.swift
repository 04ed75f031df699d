import DVCMock
import DVCSync
import Foundation
import Testing

@Suite struct ProvinceAPITests {
    let province = ProvinceFixture.province(dossiers: 2_000, seed: 7)

    @Test func pagingIsLiferayStyle() async throws {
        let all = try await ProvinceFixture.list(province, ["start": "0", "end": "3000"])
        #expect(all.total == 2_000 && all.data.count == 2_000)
        let ids = all.data.map { $0["dossierId"]?.scalarText ?? "" }
        let defaults = try await ProvinceFixture.list(province, [:])
        #expect(defaults.data.count == 10)
        #expect(defaults.data.map { $0["dossierId"]?.scalarText ?? "" } == Array(ids[0..<10]))
        let zeroEnd = try await ProvinceFixture.list(province, ["start": "50", "end": "0"])
        #expect(zeroEnd.data.map { $0["dossierId"]?.scalarText ?? "" } == Array(ids[0..<10]))
        let page = try await ProvinceFixture.list(province, ["start": "20", "end": "25"])
        #expect(page.total == 2_000)
        #expect(page.data.map { $0["dossierId"]?.scalarText ?? "" } == Array(ids[20..<25]))
        let desc = try await ProvinceFixture.list(province, ["start": "0", "end": "5", "order": "true"])
        #expect(desc.data.map { $0["dossierId"]?.scalarText ?? "" } == Array(ids.reversed()[0..<5]))
        let beyond = try await ProvinceFixture.list(province, ["start": "1999", "end": "2100"])
        #expect(beyond.data.count == 1)
        let done = try await ProvinceFixture.list(province, ["status": "done", "end": "3000", "order": "true"])
        let donePage = try await ProvinceFixture.list(province, ["status": "done", "start": "5", "end": "10", "order": "true"])
        #expect(donePage.total == done.total)
        #expect(donePage.data.map { $0["dossierId"]?.scalarText ?? "" } == done.data[5..<10].map { $0["dossierId"]?.scalarText ?? "" })
        let byReceive = try await ProvinceFixture.list(province, ["sort": "receiveDate", "end": "3000"])
        let receives = byReceive.data.compactMap { ProvinceFixture.parse($0["receiveDate"]?.scalarText) }
        #expect(receives.count > 1_900 && receives == receives.sorted())
    }

    @Test func listedDatesFollowConsistentTimelines() async throws {
        let all = try await ProvinceFixture.list(province, ["start": "0", "end": "2000"])
        var received = 0
        for item in all.data {
            let submit = try #require(ProvinceFixture.parse(item["submitDate"]?.scalarText))
            #expect(item["modifiedDate"]?.scalarText == "")
            guard let receive = ProvinceFixture.parse(item["receiveDate"]?.scalarText) else { continue }
            received += 1
            #expect(submit <= receive)
            let due = try #require(ProvinceFixture.parse(item["dueDate"]?.scalarText))
            #expect(receive < due)
            if let release = ProvinceFixture.parse(item["releaseDate"]?.scalarText) {
                #expect(receive <= release)
                if let finish = ProvinceFixture.parse(item["finishDate"]?.scalarText) { #expect(release <= finish) }
            } else {
                #expect(item["finishDate"]?.scalarText == "")
            }
        }
        #expect(received > 1_950)
    }

    @Test func filtersByStatusAgencyOnlineAndDates() async throws {
        let done = try await ProvinceFixture.list(province, ["status": "done", "end": "3000"])
        #expect(done.total > 1_500 && done.data.allSatisfy { $0["dossierStatus"]?.scalarText == "done" })
        let open = try await ProvinceFixture.list(province, ["status": "processing,waiting,paying,releasing", "end": "3000"])
        let openStatuses = Set(open.data.compactMap { $0["dossierStatus"]?.scalarText })
        #expect(open.total > 0 && openStatuses.isSubset(of: ["processing", "waiting", "paying", "releasing"]))
        let sub = try await ProvinceFixture.list(province, ["substatus": "done_1", "end": "3000"])
        #expect(sub.total == done.total)

        let agency = try #require(done.data.first?["govAgencyCode"]?.scalarText)
        let byAgency = try await ProvinceFixture.list(province, ["agency": "\(agency),000.99.99.H20", "end": "3000"])
        #expect(byAgency.total > 0 && byAgency.total < 2_000)
        #expect(byAgency.data.allSatisfy { $0["govAgencyCode"]?.scalarText == agency })
        let allAgencies = try await ProvinceFixture.list(province, ["agency": "all"])
        #expect(allAgencies.total == 2_000)

        let online = try await ProvinceFixture.list(province, ["online": "true", "end": "3000"])
        #expect(online.data.allSatisfy { $0["online"] == .bool(true) })

        let inJune = try await ProvinceFixture.list(province, ["fromReceiveDate": "1/6/2023", "toReceiveDate": "30/06/2023",
                                                               "end": "3000"])
        #expect(inJune.total > 100 && inJune.total < 250)
        #expect(inJune.data.allSatisfy { ($0["receiveDate"]?.scalarText ?? "").contains("/06/2023 ") })
        let malformed = try await ProvinceFixture.list(province, ["fromReceiveDate": "31/02/2023", "toReceiveDate": "x"])
        #expect(malformed.total == 2_000)
    }

    @Test func authAndGroupAreEnforced() async throws {
        for auth in [nil, "Basic " + Data("gateway@dongthap.gov.vn:wrong".utf8).base64EncodedString(), "Bearer x"] {
            let r = await ProvinceFixture.get(province, "/dossiers", auth: auth)
            #expect(r.status == 203)
            #expect(try ProvinceFixture.json(r)["code"] == .number("203"))
            #expect(await ProvinceFixture.get(province, "/dossiers/100001", auth: auth).status == 203)
        }
        let noGroup = try await ProvinceFixture.json(ProvinceFixture.get(province, "/dossiers", groupId: nil))
        #expect(noGroup["total"] == .number("0"))
        let catalogue = await ProvinceFixture.get(province, "/serviceinfos", ["end": "0"], auth: nil)
        #expect(catalogue.status == 200)
    }

    @Test func detailFindsByIdNumberAndReferenceAndShowsQuirks() async throws {
        let item = try #require(try await ProvinceFixture.list(province, ["start": "100", "end": "101"]).data.first)
        let id = try #require(item["dossierId"]?.scalarText)
        for key in [id, item["dossierNo"]?.scalarText ?? "-", item["referenceUid"]?.scalarText ?? "-"] {
            let r = await ProvinceFixture.get(province, "/dossiers/\(key)")
            #expect(r.status == 200, "lookup by \(key)")
            let detail = try ProvinceFixture.json(r)
            #expect(detail["dossierId"]?.scalarText == id)
            #expect(ProvinceFixture.parse(detail["modifiedDate"]?.scalarText) != nil)
            #expect(detail["online"] == .string("true") || detail["online"] == .string("false"))
            #expect(detail["viaPostal"].map { if case .string = $0 { true } else { false } } == true)
        }
        let missing = await ProvinceFixture.get(province, "/dossiers/000.00.14.H20-231204-9999")
        #expect(missing.status == 403)
        let body = try ProvinceFixture.json(missing)
        #expect(body["code"] == .number("403") && body["message"] == .string("No Content."))
        #expect(await ProvinceFixture.get(province, "/dossiers/999999999").status == 403)
    }

    @Test func valueTypesAreCoercedAsTheSourceDoes() async throws {
        let all = try await ProvinceFixture.list(province, ["end": "2000"])
        var numericPhone = 0, stringPhone = 0, numericCTN = 0, numericId = 0
        for item in all.data {
            #expect(item["online"] == .bool(true) || item["online"] == .bool(false))
            if case .number = item["contactTelNo"] { numericPhone += 1 } else { stringPhone += 1 }
            if case .number = item["dossierIdCTN"] { numericCTN += 1 }
            if case .number = item["applicantIdNo"] { numericId += 1 }
            if case .string(let no) = item["applicantIdNo"] { #expect(no.hasPrefix("0")) }
            #expect(item["cancellingDate"] == nil || item["dossierStatus"] == .string("cancelled"))
        }
        #expect(numericPhone > 400 && stringPhone > 1000)
        #expect(numericCTN > 50 && numericCTN < 400)
        #expect(numericId > 50)
    }

    @Test func logsAreProcessStepsInEpochMilliseconds() async throws {
        let item = try #require(try await ProvinceFixture.list(province, ["status": "done", "end": "1"]).data.first)
        let id = try #require(item["dossierId"]?.scalarText)
        let logs = try ProvinceFixture.json(await ProvinceFixture.get(province, "/dossierlogs/\(id)/logs"))
        let data = try #require(logs["data"]?.arrayValue)
        #expect(data.count >= 3)
        let times = data.compactMap { Int64($0["createDate"]?.scalarText ?? "") }
        #expect(times.count == data.count && times == times.sorted())
        let receive = try #require(ProvinceFixture.parse(item["receiveDate"]?.scalarText))
        #expect(times.first == Int64(receive.timeIntervalSince1970) * 1000)
        for entry in data {
            #expect(entry["notificationType"] == .string("PROCESS_TYPE"))
            let author = entry["author"]?.scalarText ?? ""
            #expect(!author.isEmpty && author == author.uppercased())
        }
        let (dossiers, now) = province.snapshot()
        let completed = dossiers.filter { $0.outcome == .done && $0.finish <= ProvinceDossier.instant(now) }
        let total = completed.reduce(0) { $0 + ProvinceLogCount.count($1, now: now) }
        let average = Double(total) / Double(completed.count)
        #expect(average > 3.0 && average < 4.0)
    }

    @Test func catalogueAndDictionary() async throws {
        let all = try ProvinceFixture.json(await ProvinceFixture.get(province, "/serviceinfos", ["end": "0"]))
        let items = try #require(all["data"]?.arrayValue)
        #expect(items.count == ProvinceFixture.catalog.procedures.count && items.count >= 200)
        let first = items[0]
        #expect((first["createDate"]?.scalarText ?? "").wholeMatch(of: /^2023\d{10}$/) != nil) // swapped quirk
        #expect((first["modifiedDate"]?.scalarText ?? "").wholeMatch(of: /^2021\d{10}$/) != nil)
        let page = try ProvinceFixture.json(await ProvinceFixture.get(province, "/serviceinfos", ["start": "0", "end": "15",
                                                                                                  "administration": "CAP_XA"]))
        #expect(page["data"]?.arrayValue?.count == 15)
        #expect(page["data"]?.arrayValue?.allSatisfy { $0["administrationCode"] == .string("CAP_XA") } == true)
        let detail = try ProvinceFixture.json(await ProvinceFixture.get(province, "/serviceinfos/1.001193.000.00.00.H20"))
        #expect(detail["serviceCodeDVCQG"] == .string("1.001193"))
        #expect((detail["createDate"]?.scalarText ?? "").wholeMatch(of: /^\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2}$/) != nil)
        #expect(await ProvinceFixture.get(province, "/serviceinfos/NO-SUCH").status == 403)

        let statuses = try ProvinceFixture.json(await ProvinceFixture.get(province, "/dictcollections/DOSSIER_STATUS/dictitems",
                                                                           ["parent": "0"]))
        let codes = statuses["data"]?.arrayValue?.compactMap { $0["itemCode"]?.scalarText } ?? []
        #expect(Set(codes) == ["receiving", "processing", "waiting", "paying", "releasing", "done", "cancelled", "denied"])
        let subs = try ProvinceFixture.json(await ProvinceFixture.get(province, "/dictcollections/DOSSIER_STATUS/dictitems",
                                                                       ["parent": "processing"]))
        #expect(subs["data"]?.arrayValue?.compactMap { $0["itemCode"]?.scalarText } == ["processing_1", "processing_2"])
    }
}

/// Counts log entries from the planned timeline (independent of the API's rendering).
enum ProvinceLogCount {
    static func count(_ d: ProvinceDossier, now: Int64) -> Int {
        let n = ProvinceDossier.instant(now)
        return [d.receive, d.supplementRequest, d.supplementReturn, d.processStart, d.payRequest, d.payDone, d.release,
                d.finish].filter { $0 != 0 && $0 <= n }.count
    }
}
