import DVCJSON
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// The shipped Đồng Tháp mappings read the fields where the OpenCPS source actually sends them (province-source-api
/// §2.2), not only where the golden inputs put them.
@Suite("Mapping source fields")
struct MappingSourceFieldTests {
    static func shipped() throws -> MappingSet {
        try MappingSet.load(directory: RepoPaths.mappings.appendingPathComponent("h20"))
    }

    /// A dossier detail as OpenCPS sends it: the amounts at the top level, no `payment` object.
    static let detail: JSONValue = [
        "dossierId": 7, "dossierNo": "000.00.20.H20-231204-0001", "serviceCode": "2.000488.000.00.00.H20",
        "govAgencyCode": "STP", "dossierName": "Cấp Phiếu lý lịch tư pháp", "applicantIdType": "citizen",
        "receiveDate": "04/12/2023 08:15:00", "dueDate": "11/12/2023 17:00:00", "dossierStatus": "processing",
        "dossierSubStatus": "processing_1", "online": "false", "originality": 3, "viaPostal": "1",
    ]

    static func source(with extra: [String: JSONValue]) -> JSONValue {
        .object((detail.objectValue ?? [:]).merging(extra) { _, new in new })
    }

    static func fees(_ source: JSONValue) throws -> [JSONValue] {
        let engine = try #require(try shipped().dossier)
        let outcome = engine.map(source)
        let value = try #require(outcome.value, "not mapped: \(outcome)")
        return try #require(value["DanhSachLePhi"]?.arrayValue)
    }

    @Test("the charge and the service fee at the top level of the dossier become DanhSachLePhi items")
    func topLevelAmounts() throws {
        let items = try Self.fees(Self.source(with: ["feeAmount": 200_000, "serviceAmount": "50000"]))
        #expect(items.map { $0["MaPhiLePhi"] } == ["2", "1"])
        #expect(items.map { $0["Gia"] } == ["200000", "50000"])
        #expect(items.allSatisfy { $0["HinhThucThu"] == "1" && $0["LoaiPhiLePhi"] == "1" })
    }

    @Test("zero amounts at the top level (procedures without a fee) give no item")
    func topLevelZero() throws {
        #expect(try Self.fees(Self.source(with: ["feeAmount": 0, "serviceAmount": "0.0"])).isEmpty)
        #expect(try Self.fees(Self.detail).isEmpty)
    }

    @Test("a payment object added to the detail wins over the top-level amounts")
    func paymentObjectWins() throws {
        let items = try Self.fees(Self.source(with: [
            "feeAmount": 200_000, "serviceAmount": 50_000, "payment": ["feeAmount": 8000, "serviceAmount": 0],
        ]))
        #expect(items.map { $0["Gia"] } == ["8000"])
    }

    @Test("fee-bearing mock-province dossiers reach the portal with their fee")
    func mockProvinceFees() async throws {
        let engine = try #require(try Self.shipped().dossier)
        let items = try await withGatewayHarness(dossiers: 60, seed: 11, badShare: 0) { harness in
            try await MappingCanonicalOutputTests.scan(harness)
        }
        var withFee = 0
        for item in items {
            guard let amount = item.detail["feeAmount"]?.scalarText, amount != "0",
                let value = engine.map(item.detail).value
            else { continue }
            withFee += 1
            #expect(value["DanhSachLePhi"]?.arrayValue?.map { $0["Gia"] } == [.string(amount)], "\(item.key)")
        }
        #expect(withFee > 5)
    }

    @Test("the catalogue packet's THOIGIANGIAIQUYET is a JSON number, as in LayThuTuc")
    func durationIsNumber() throws {
        let engine = try #require(try Self.shipped().procedure)
        let input = try JSONParser.parse([UInt8](try Data(contentsOf: RepoPaths.mock
            .appendingPathComponent("golden/procedure-published/input.json"))))
        let value = try #require(engine.map(input).value)
        let times = (value["CACHTHUCTHUCHIEN"]?.arrayValue ?? []).flatMap { $0["THOIGIAN"]?.arrayValue ?? [] }
        #expect(!times.isEmpty)
        #expect(times.allSatisfy { $0["THOIGIANGIAIQUYET"] == .number("1") })
    }
}
