import DVCMock
import Foundation

/// The services `dvcsync-mock` hosts besides the portal.
enum MockServices {
    /// The mock provincial source (OpenCPS v2) generating `dossiers` records from `seed`, with data from `dataDirectory`.
    static func makeProvinceService(dataDirectory: URL, province: String, dossiers: Int, seed: UInt64,
                                    badShare: Double, extended: Bool) throws -> MockProvince {
        var generator = ProvinceGeneratorConfiguration()
        generator.province = province
        generator.dossiers = dossiers
        generator.seed = seed
        generator.badShare = badShare
        return try MockProvince(dataDirectory: dataDirectory,
                                configuration: .init(generator: generator, mode: extended ? .extended : .stock))
    }
}
