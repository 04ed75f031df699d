import DVCJSON
import DVCMock
import DVCSyncTestSupport
import Testing

/// One bad value and the words the refusal must contain.
struct BadField: Sendable, CustomTestStringConvertible {
    var field: String
    var value: JSONValue?
    var reason: String
    var testDescription: String { "\(field): \(reason)" }
}

@Suite struct PortalValidationTests {
    static let number = "000.00.14.H20-231204-0007"

    static let dossierCases: [BadField] = [
        BadField(field: "MaTTHC", value: nil, reason: "là bắt buộc"),
        BadField(field: "TrichYeuHoSo", value: "", reason: "là bắt buộc"),
        BadField(field: "NgayTiepNhan", value: "2023120408150", reason: "yyyyMMddHHmmss"),
        BadField(field: "NgayTiepNhan", value: "20230230081500", reason: "yyyyMMddHHmmss"),
        BadField(field: "NgayHenTra", value: "20231204246000", reason: "yyyyMMddHHmmss"),
        BadField(field: "TrangThaiHoSo", value: "11", reason: "1–10"),
        BadField(field: "KenhThucHien", value: "4", reason: "1–3"),
        BadField(field: "HinhThuc", value: "2", reason: "0–1"),
        BadField(field: "LoaiDoiTuong", value: "5", reason: "1–4"),
        BadField(field: "MaTTHC", value: "9.123456", reason: "danh mục"),
        BadField(field: "TrichYeuHoSo", value: .string(String(repeating: "ạ", count: 1001)), reason: "1000"),
        BadField(field: "ChuHoSo", value: "Nguyễn\u{0007}Văn A", reason: "ký tự điều khiển"),
        BadField(field: "DonViXuLy", value: ["x"], reason: "phải là chuỗi"),
        BadField(field: "TaiLieuNop", value: ["x"], reason: "không phải đối tượng"),
    ]

    @Test(arguments: dossierCases)
    func dossierFieldIsRefusedWithAPreciseMessage(_ bad: BadField) async throws {
        try await withMockPortal { baseURL, portal in
            let client = PortalTestClient(baseURL: baseURL)
            let session = try #require(await client.login())
            var record = PortalSamples.dossier(Self.number)
            record[bad.field] = bad.value
            let good = PortalSamples.dossier("000.00.14.H20-231204-0006")
            let outcome = await client.post("/mapi/g", PortalSamples.syncEnvelope(session: session, records: [good, record]))
            #expect(outcome.errorCode == "2")
            let message = try #require(outcome.message)
            #expect(message.contains("Hồ sơ \(Self.number)"))
            #expect(message.contains("trường \(bad.field)"))
            #expect(message.contains(bad.reason))
            #expect(portal.snapshot().dossierCount == 0, "a refused batch stores nothing")
        }
    }

    static let stepCases: [BadField] = [
        BadField(field: "NguoiXuLy", value: .string(String(repeating: "a", count: 51)), reason: "50"),
        BadField(field: "NguoiXuLy", value: nil, reason: "là bắt buộc"),
        BadField(field: "ThoiDiemXuLy", value: "20231301000000", reason: "yyyyMMddHHmmss"),
        BadField(field: "TrangThai", value: "0", reason: "1–10"),
        BadField(field: "NoiDungXuLy", value: "", reason: "là bắt buộc"),
    ]

    @Test(arguments: stepCases)
    func stepFieldIsRefusedWithAPreciseMessage(_ bad: BadField) async throws {
        try await withMockPortal { baseURL, portal in
            let client = PortalTestClient(baseURL: baseURL)
            let session = try #require(await client.login())
            _ = await client.post("/mapi/g", PortalSamples.syncEnvelope(session: session, records: [PortalSamples.dossier(Self.number)]))
            var step = PortalSamples.step(Self.number)
            step[bad.field] = bad.value
            let outcome = await client.call("CapNhatTienDoHoSoMC", session: session, parameters: ["data": [.object(step)]])
            #expect(outcome.errorCode == "2")
            let message = try #require(outcome.message)
            #expect(message.contains(Self.number) && message.contains("trường \(bad.field)") && message.contains(bad.reason))
            #expect(portal.snapshot().stepCount == 0)
        }
    }

    static let procedureCases: [BadField] = [
        BadField(field: "NGAYQUYETDINH", value: "20230231", reason: "yyyyMMdd"),
        BadField(field: "MACOQUANCONGBO", value: "H20", reason: "ddd.dd.dd.Xnn"),
        BadField(field: "SOQUYETDINH", value: nil, reason: "là bắt buộc"),
        BadField(field: "LINHVUCTHUCHIEN", value: [], reason: "là bắt buộc"),
    ]

    @Test(arguments: procedureCases)
    func procedureFieldIsRefusedWithAPreciseMessage(_ bad: BadField) async throws {
        try await withMockPortal { baseURL, portal in
            let client = PortalTestClient(baseURL: baseURL)
            let session = try #require(await client.login())
            var packet = PortalSamples.procedure("9.999002")
            packet[bad.field] = bad.value
            let outcome = await client.call("CapNhatThuTuc", session: session, parameters: ["data": [.object(packet)]])
            #expect(outcome.errorCode == "2")
            let message = try #require(outcome.message)
            #expect(message.contains("Thủ tục 9.999002") && message.contains("trường \(bad.field)") && message.contains(bad.reason))
            #expect(portal.procedure("9.999002") == nil)
        }
    }

    @Test func envelopeProblemsAreRefused() async throws {
        try await withMockPortal { baseURL, _ in
            let client = PortalTestClient(baseURL: baseURL)
            let session = try #require(await client.login())
            let noData = await client.call("DongBoHoSoMC", session: session)
            #expect(noData.errorCode == "2" && noData.message?.contains("data") == true)
            let badFlag = await client.call("DongBoHoSoMC", session: session,
                                            parameters: ["isUpdating": "maybe", "data": [.object(PortalSamples.dossier("A"))]])
            #expect(badFlag.errorCode == "2" && badFlag.message?.contains("isUpdating") == true)
            let unknown = await client.call("KhongCo", session: session)
            #expect(unknown.errorCode == "2" && unknown.message?.contains("KhongCo") == true)
            let twice = await client.post("/mapi/g", PortalSamples.syncEnvelope(
                session: session, records: [PortalSamples.dossier("A-1"), PortalSamples.dossier("A-1")]))
            #expect(twice.errorCode == "2" && twice.message?.contains("A-1") == true)
            let garbage = await LoopbackHTTPClient.send(
                port: client.port, path: "/mapi/g", headers: [("dstcode", client.dstcode!)], body: Array("{no".utf8))
            #expect(garbage.response?.status == 400 && garbage.errorCode == "2")
        }
    }

    @Test func acceptsLeapDaysNumbersAndEmptyOptionalFields() async throws {
        try await withMockPortal { baseURL, portal in
            let client = PortalTestClient(baseURL: baseURL)
            let session = try #require(await client.login())
            var record = PortalSamples.dossier(Self.number)
            record["NgayTiepNhan"] = "20240229235959"
            record["TrangThaiHoSo"] = .number("10")
            record["NgayHenTra"] = ""
            record["KenhThucHien"] = nil
            record["GhiChu"] = "Dòng 1\nDòng 2\tcột"
            let outcome = await client.post("/mapi/g", PortalSamples.syncEnvelope(session: session, records: [record]))
            #expect(outcome.errorCode == "0", "\(outcome.message ?? "")")
            #expect(portal.dossier(Self.number)?["TrangThaiHoSo"] == .number("10"))
        }
    }
}
