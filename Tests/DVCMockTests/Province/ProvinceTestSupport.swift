import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

/// Shared fixtures for the mock province's tests.
enum ProvinceFixture {
    static let catalog: ProvinceCatalog = {
        do { return try ProvinceCatalog(directory: RepoPaths.mock.appendingPathComponent("data")) } catch {
            fatalError("cannot load Mock/data: \(error)")
        }
    }()

    static let credentials = "Basic " + Data("gateway@dongthap.gov.vn:mock-source-secret".utf8).base64EncodedString()

    static func province(dossiers: Int = 2_000, seed: UInt64 = 7, badShare: Double = 0,
                         mode: ProvinceSourceMode = .stock) -> MockProvince {
        let generator = ProvinceGeneratorConfiguration(dossiers: dossiers, seed: seed, badShare: badShare)
        return MockProvince(catalog: catalog, configuration: .init(generator: generator, mode: mode))
    }

    static func get(_ province: MockProvince, _ path: String, _ query: [String: String] = [:],
                    auth: String? = credentials, groupId: String? = "35417") async -> MockHTTPResponse {
        var headers: [String: String] = [:]
        if let auth { headers["authorization"] = auth }
        if let groupId { headers["groupid"] = groupId }
        return await province.handle(MockHTTPRequest(method: "GET", path: "/o/rest/v2" + path, query: query, headers: headers))
    }

    static func json(_ response: MockHTTPResponse) throws -> JSONValue { try JSONParser.parse(response.body) }

    static func list(_ province: MockProvince, _ query: [String: String]) async throws -> (total: Int, data: [JSONValue]) {
        let r = await get(province, "/dossiers", query)
        #expect(r.status == 200)
        let v = try json(r)
        return (Int(v["total"]?.scalarText ?? "") ?? -1, v["data"]?.arrayValue ?? [])
    }

    /// Parses `dd/MM/yyyy HH:mm:ss` (local) into epoch seconds with Foundation, independently of the mock's own code.
    static func parse(_ text: String?) -> Date? {
        guard let text, !text.isEmpty else { return nil }
        return formatter.date(from: text)
    }

    /// One shared formatter (DateFormatter is Sendable).
    static let formatter: DateFormatter = {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "Asia/Ho_Chi_Minh")
        f.dateFormat = "dd/MM/yyyy HH:mm:ss"
        f.isLenient = false
        return f
    }()
}
