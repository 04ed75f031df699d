import Foundation

/// One agency of the province (`Mock/data/agencies.json`).
public struct ProvinceAgency: Codable, Sendable, Equatable {
    /// Agency identifier `V1V2V3.Z1Z2.Y1Y2.H20`.
    public var code: String
    /// Vietnamese name.
    public var name: String
    /// `province`, `department`, `centre`, `district` or `commune`.
    public var kind: String
    /// Level in the code structure (1 province … 3).
    public var level: Int
    /// Code of the parent agency ("" for the province).
    public var parent: String
}

/// One procedure of the province's catalogue (`Mock/data/procedures.json`).
public struct ProvinceProcedure: Codable, Sendable {
    /// Local service code, e.g. `1.001193.000.00.00.H20`.
    public var serviceCode: String
    /// National procedure code (MaTTHC), `d.dddddd`.
    public var nationalCode: String
    /// True when the national code is generated, not a real one.
    public var synthetic: Bool
    /// Vietnamese name (NFC).
    public var name: String
    /// Field code (MALINHVUC) and name (TENLINHVUC).
    public var fieldCode: String, fieldName: String
    /// `tinh`, `huyen` or `xa`.
    public var level: String
    /// Kind of processing agency: `department`, `district` or `commune`.
    public var agencyKind: String
    /// Processing agency code for province-level procedures ("" otherwise).
    public var agencyCode: String
    /// Legal duration in working days (0 = within the day).
    public var durationDays: Int
    /// Fee in VND (0 = none).
    public var feeVND: Int
    /// Online-service level: 2 information, 3 partial, 4 full-process.
    public var maxLevel: Int
    /// Relative volume of dossiers.
    public var weight: Int
}

/// The province's agencies and procedures, loaded once.
public struct ProvinceCatalog: Sendable {
    /// All agencies in file order.
    public let agencies: [ProvinceAgency]
    /// All procedures in file order.
    public let procedures: [ProvinceProcedure]
    /// Raw packet JSON of each procedure (for service details), in procedure order.
    let packets: [ProcedurePacket]
    let districtIndexes: [Int]
    let communeIndexes: [Int]
    let agencyIndexByCode: [String: Int]
    let procedureIndexByCode: [String: Int]

    /// Loads `agencies.json` and `procedures.json` from a folder such as `Mock/data`.
    public init(directory: URL) throws {
        let decoder = JSONDecoder()
        let agencyFile = try decoder.decode(AgencyFile.self, from: Data(contentsOf: directory.appendingPathComponent("agencies.json")))
        let procData = try Data(contentsOf: directory.appendingPathComponent("procedures.json"))
        let procFile = try decoder.decode(ProcedureFile.self, from: procData)
        let packetFile = try decoder.decode(PacketFile.self, from: procData)
        try self.init(agencies: agencyFile.agencies, procedures: procFile.procedures,
                      packets: packetFile.procedures.map(\.packet))
    }

    init(agencies: [ProvinceAgency], procedures: [ProvinceProcedure], packets: [ProcedurePacket]) throws {
        self.agencies = agencies
        self.procedures = procedures
        self.packets = packets
        districtIndexes = agencies.indices.filter { agencies[$0].kind == "district" }
        communeIndexes = agencies.indices.filter { agencies[$0].kind == "commune" }
        var byCode: [String: Int] = [:]
        for (i, a) in agencies.enumerated() { byCode[a.code] = i }
        agencyIndexByCode = byCode
        var procByCode: [String: Int] = [:]
        for (i, p) in procedures.enumerated() { procByCode[p.serviceCode] = i }
        procedureIndexByCode = procByCode
        guard !procedures.isEmpty, !districtIndexes.isEmpty, !communeIndexes.isEmpty else {
            throw ProvinceError(code: "province.catalog.empty", message: "catalogue needs procedures, districts and communes")
        }
        for p in procedures where p.agencyKind == "department" && byCode[p.agencyCode] == nil {
            throw ProvinceError(code: "province.catalog.agency", message: "procedure \(p.serviceCode) names an unknown agency")
        }
    }

    /// The same agencies with only the first `count` procedures: a small catalogue for quick tests.
    public func limited(to count: Int) throws -> ProvinceCatalog {
        try ProvinceCatalog(agencies: agencies, procedures: Array(procedures.prefix(count)),
                            packets: Array(packets.prefix(count)))
    }

    /// Districts a commune belongs to, by agency index.
    func parentIndex(of agency: Int) -> Int? { agencyIndexByCode[agencies[agency].parent] }
}

/// The parts of a national procedure packet the province serves in its own catalogue API.
struct ProcedurePacket: Decodable, Sendable {
    struct Part: Decodable, Sendable { var GIAYTO: [Paper] }
    struct Paper: Decodable, Sendable {
        var MAGIAYTO: String, TENGIAYTO: String, TENMAUDON: String
    }
    var THANHPHANHOSO: [Part]
    var TRINHTUTHUCHIEN: [Steps]
    struct Steps: Decodable, Sendable { var TRINHTU: [Step] }
    struct Step: Decodable, Sendable { var TENTRINHTU: String }
}

private struct AgencyFile: Decodable { var agencies: [ProvinceAgency] }
private struct ProcedureFile: Decodable { var procedures: [ProvinceProcedure] }
private struct PacketFile: Decodable {
    struct Item: Decodable { var packet: ProcedurePacket }
    var procedures: [Item]
}

/// Error of the mock province, with a stable dotted code.
public struct ProvinceError: Error, Sendable, CustomStringConvertible {
    /// Stable code, e.g. `province.catalog.empty`.
    public var code: String
    /// Human-readable text (no payloads).
    public var message: String
    /// `code: message`.
    public var description: String { "\(code): \(message)" }
}
