import DVCSync
import DVCSyncTestSupport
import Foundation

/// How many cases the proof suites try: a modest number by default (CI), more with `DVCSYNC_PROOF_SCALE=full`.
enum ProofScale {
    /// True when `DVCSYNC_PROOF_SCALE=full`.
    static let isFull = ProcessInfo.processInfo.environment["DVCSYNC_PROOF_SCALE"]?.lowercased() == "full"

    /// `fast` by default, `full` at full scale.
    static func count(_ fast: Int, full: Int) -> Int { isFull ? full : fast }

    /// `fast` in the CI subset, `full` at full scale.
    static func pick<T>(fast: T, full: T) -> T { isFull ? full : fast }

    /// Real seconds of the soak: `DVCSYNC_SOAK_SECONDS`, else 1200 at full scale and 20 in the CI subset.
    static var soakSeconds: Double {
        ProcessInfo.processInfo.environment["DVCSYNC_SOAK_SECONDS"].flatMap(Double.init) ?? pick(fast: 20, full: 1200)
    }
}

/// Shared fixtures of the proof suites: the shipped Đồng Tháp mappings and a valid source dossier.
enum ProofFixtures {
    /// The shipped `Mappings/h20` folder.
    static let mappingFolder = RepoPaths.mappings.appendingPathComponent("h20")

    /// The shipped mappings, loaded once.
    static let mappings: MappingSet = {
        do { return try MappingSet.load(directory: mappingFolder) } catch { fatalError("shipped mappings: \(error)") }
    }()

    /// The first record of `Mock/golden/sample-dossiers.json`: a dossier the shipped mapping maps.
    static let sampleDossier: [String: JSONValue] = {
        let url = RepoPaths.mock.appendingPathComponent("golden/sample-dossiers.json")
        guard let data = FileManager.default.contents(atPath: url.path),
              let first = (try? JSONParser.parse([UInt8](data)))?.arrayValue?.first?.objectValue
        else { fatalError("cannot read \(url.path)") }
        return first
    }()
}
