import DVCJSON
import DVCMock
import DVCSyncTestSupport
import Foundation
import Testing

@Suite struct PortalServiceTests {
    static let number = "000.00.14.H20-231204-0001"

    @Test func loginRefusesWrongPasswordAndMissingDstcode() async throws {
        try await withMockPortal { baseURL, portal in
            var client = PortalTestClient(baseURL: baseURL)
            #expect(await client.login(password: "wrong") == nil)
            let refused = await client.post("/mapi/login", ["username": "000.00.00.H20", "password": "wrong"])
            #expect(refused.errorCode == "-1")
            #expect(await client.login() != nil)
            client.dstcode = nil
            let noDst = await client.post("/mapi/login", ["username": "000.00.00.H20", "password": "mock-secret"])
            #expect(noDst.response?.status == 403)
            #expect(portal.snapshot()["login"].accepted == 1)
        }
    }

    @Test func dstcodeMayComeAsQueryParameter() async throws {
        try await withMockPortal { baseURL, _ in
            var client = PortalTestClient(baseURL: baseURL)
            client.dstcode = nil
            let path = "/mapi/login?dstcode=VN%3AGOV%3A000.00.00.G22%3Avpcpdvcprovider"
            let outcome = await client.post(path, ["username": "000.00.00.H20", "password": "mock-secret"])
            #expect(outcome.errorCode == "0")
            #expect(outcome.json?["session"]?.scalarText?.isEmpty == false)
        }
    }

    @Test func dossierCreateUpdateAndLookup() async throws {
        try await withMockPortal { baseURL, portal in
            let client = PortalTestClient(baseURL: baseURL)
            let session = try #require(await client.login())
            let created = await client.post(
                "/mapi/g", PortalSamples.syncEnvelope(session: session, records: [PortalSamples.dossier(Self.number)]))
            #expect(created.errorCode == "0")
            #expect(created.message?.contains("thành công") == true)

            let again = await client.post(
                "/mapi/g", PortalSamples.syncEnvelope(session: session, records: [PortalSamples.dossier(Self.number)]))
            #expect(again.errorCode == "3")
            #expect(again.message?.contains("\(Self.number) đã tồn tại") == true)

            var changed = PortalSamples.dossier(Self.number)
            changed["TrangThaiHoSo"] = "4"
            let updated = await client.post(
                "/mapi/g", PortalSamples.syncEnvelope(session: session, records: [changed], updating: true))
            #expect(updated.errorCode == "0")

            let lookup = await client.call("TraCuuHoSo", session: session, parameters: ["mahoso": .string(Self.number)])
            let item = try #require(lookup.json?["result"]?.arrayValue?.first)
            #expect(item["TrangThaiHoSo"] == "4")
            #expect(item["TienDoXuLy"] == .array([]))
            let missing = await client.call("TraCuuHoSo", session: session, parameters: ["mahoso": "nope"])
            #expect(missing.json?["result"] == .array([]))

            let counters = portal.snapshot()["DongBoHoSoMC"]
            #expect(counters.requests == 3 && counters.accepted == 2 && counters.refused == 1 && counters.duplicates == 1)
        }
    }

    @Test func updatingAnUnknownDossierIsRefused() async throws {
        try await withMockPortal { baseURL, portal in
            let client = PortalTestClient(baseURL: baseURL)
            let session = try #require(await client.login())
            let outcome = await client.post(
                "/mapi/g",
                PortalSamples.syncEnvelope(session: session, records: [PortalSamples.dossier("X-1")], updating: true))
            #expect(outcome.errorCode == "2")
            #expect(outcome.message?.contains("X-1") == true)
            #expect(portal.dossier("X-1") == nil)
        }
    }

    @Test func isUpdatingAcceptsJSONBooleans() async throws {
        try await withMockPortal { baseURL, _ in
            let client = PortalTestClient(baseURL: baseURL)
            let session = try #require(await client.login())
            let records: JSONValue = [.object(PortalSamples.dossier(Self.number))]
            let create = await client.call("DongBoHoSoMC", session: session,
                                           parameters: ["isUpdating": false, "data": records])
            #expect(create.errorCode == "0")
            let update = await client.call("DongBoHoSoMC", session: session,
                                           parameters: ["isUpdating": true, "data": records])
            #expect(update.errorCode == "0")
        }
    }

    @Test func progressStepsAreOrderedAndIdempotent() async throws {
        try await withMockPortal { baseURL, portal in
            let client = PortalTestClient(baseURL: baseURL)
            let session = try #require(await client.login())
            _ = await client.post("/mapi/g", PortalSamples.syncEnvelope(session: session, records: [PortalSamples.dossier(Self.number)]))
            let late = PortalSamples.step(Self.number, at: "20231205090000", status: "4", action: "Xử lý hồ sơ")
            let early = PortalSamples.step(Self.number, at: "20231204081500")
            let first = await client.call("CapNhatTienDoHoSoMC", session: session,
                                          parameters: ["data": [.object(late), .object(early)]])
            #expect(first.errorCode == "0")
            let repeated = await client.call("CapNhatTienDoHoSoMC", session: session, parameters: ["data": [.object(early)]])
            #expect(repeated.errorCode == "0")
            let steps = try #require(portal.dossier(Self.number)?["TienDoXuLy"]?.arrayValue)
            #expect(steps.map { $0["ThoiDiemXuLy"]?.scalarText } == ["20231204081500", "20231205090000"])
            #expect(portal.snapshot().stepCount == 2)

            let unknown = await client.call("CapNhatTienDoHoSoMC", session: session,
                                            parameters: ["data": [.object(PortalSamples.step("UNKNOWN-1"))]])
            #expect(unknown.errorCode == "2")
            #expect(unknown.message?.contains("UNKNOWN-1") == true)
        }
    }

    @Test func catalogueServices() async throws {
        try await withMockPortal { baseURL, _ in
            let client = PortalTestClient(baseURL: baseURL)
            let session = try #require(await client.login())
            let list = await client.call("LayDanhSachTTHC", session: session)
            let items = try #require(list.json?["result"]?.arrayValue)
            #expect(items.count == CatalogueEntry.builtIn.count)
            #expect(items.contains { $0["MATTHC"] == "1.001193" && $0["TENLINHVUC"] == "Hộ tịch" })

            let packet = await client.call("LayThuTuc", session: session, parameters: ["maTTHC": "3.000182"])
            let first = try #require(packet.json?["result"]?.arrayValue?.first)
            #expect(first["LINHVUCTHUCHIEN"]?.arrayValue?.first?["MALINHVUC"] == "G03-GD10")

            let agencies = await client.call("LayDanhMucCoQuan", session: session)
            #expect(agencies.json?["result"]?.arrayValue?.contains { $0["MADONVI"] == "000.00.00.H20" } == true)
            let fields = await client.call("LayDanhMucLinhVuc", session: session)
            let codes = fields.json?["result"]?.arrayValue?.compactMap { $0["MALINHVUC"]?.scalarText } ?? []
            #expect(codes.count == Set(codes).count && codes.contains("LV-HOTICH"))
        }
    }

    @Test func publishedProcedureBecomesKnownAndDuplicatePublishIsRefused() async throws {
        try await withMockPortal { baseURL, portal in
            let client = PortalTestClient(baseURL: baseURL)
            let session = try #require(await client.login())
            let packet = PortalSamples.procedure("9.999001")
            let published = await client.call("CapNhatThuTuc", session: session,
                                              parameters: ["isUpdating": "False", "data": [.object(packet)]])
            #expect(published.errorCode == "0")
            #expect(portal.procedure("9.999001")?.packet["SOQUYETDINH"] == "123/QĐ-UBND")
            let again = await client.call("CapNhatThuTuc", session: session,
                                          parameters: ["isUpdating": "False", "data": [.object(packet)]])
            #expect(again.errorCode == "3")
            #expect(again.message?.contains("đã tồn tại") == true)

            var dossier = PortalSamples.dossier(Self.number)
            dossier["MaTTHC"] = "9.999001"
            let usesIt = await client.post("/mapi/g", PortalSamples.syncEnvelope(session: session, records: [dossier]))
            #expect(usesIt.errorCode == "0")
        }
    }

    @Test func expiredSessionIsRefused() async throws {
        let clock = ManualPortalClock()
        var configuration = MockPortal.Configuration()
        configuration.clock = clock
        configuration.sessionLifetime = .seconds(600)
        try await withMockPortal(configuration: configuration) { baseURL, _ in
            let client = PortalTestClient(baseURL: baseURL)
            let session = try #require(await client.login())
            #expect(await client.call("LayDanhSachTTHC", session: session).errorCode == "0")
            clock.advance(by: .seconds(601))
            let expired = await client.call("LayDanhSachTTHC", session: session)
            #expect(expired.errorCode == "-1")
            #expect(await client.call("LayDanhSachTTHC", session: "forged").errorCode == "-1")
        }
    }

    @Test func catalogueLoadsFromAFile() throws {
        let folder = try RepoPaths.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("procedures.json")
        let text = #"[{"MATTHC":"1.000001","TENTTHC":"A","MALINHVUC":"F1","TENLINHVUC":"Lĩnh vực 1"},"#
            + #"{"MATTHC":"1.000002","TENTTHC":"B","LINHVUCTHUCHIEN":[{"MALINHVUC":"F2","TENLINHVUC":"Lĩnh vực 2"}]}]"#
        try Data(text.utf8).write(to: file)
        let entries = try CatalogueEntry.load(from: file)
        #expect(entries.map(\.code) == ["1.000001", "1.000002"])
        #expect(entries.map(\.fieldCode) == ["F1", "F2"])
        try Data(#"{"x":1}"#.utf8).write(to: file)
        #expect(throws: MockError.self) { try CatalogueEntry.load(from: file) }
    }
}
