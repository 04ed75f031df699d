import DVCMock
import DVCSync
import Foundation

extension GatewayHarness {
    /// The passwords the mocks accept, as the environment variables a gateway reads them from.
    public static let secrets = ["DVCSYNC_PORTAL_PASSWORD": "mock-secret",
                                 "DVCSYNC_SOURCE_PASSWORD": "mock-source-secret"]

    /// Writes `values()` overridden by `extra` as a YAML configuration file in the harness folder; returns its URL.
    public func writeConfiguration(_ extra: [String: String] = [:], name: String = "dvcsync.yaml") throws -> URL {
        let url = directory.appendingPathComponent(name)
        let merged = values().merging(extra) { _, new in new }
        try DaemonConfigFile.write(merged, to: url.path)
        return url
    }

    /// Starts the built `dvcsync` with `arguments` and `--config configuration` as a separate process.
    public func startGateway(_ arguments: [String], configuration: URL) throws -> ChildProcess {
        try ChildProcess(BuiltProducts.executable("dvcsync"), arguments + ["--config", configuration.path],
                         environment: Self.secrets)
    }

    /// Dossier keys of the ledger whose copy on the mock portal is missing or differs from the latest mapped
    /// version the ledger holds (the portal's `TienDoXuLy` steps are left out of the comparison).
    public func staleOnPortal(_ ledger: Ledger) throws -> [String] {
        var stale: [String] = []
        for record in try ledger.recordHashes(stream: SyncStream.dossiers.rawValue) {
            guard var stored = mocks.portal.dossier(record.key)?.objectValue else {
                stale.append(record.key)
                continue
            }
            stored["TienDoXuLy"] = nil
            if ContentHash.of(.object(stored)) != record.mappedHash { stale.append(record.key) }
        }
        return stale
    }
}
