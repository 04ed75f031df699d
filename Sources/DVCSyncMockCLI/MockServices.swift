import DVCMock

/// The services `dvcsync-mock` hosts besides the portal.
enum MockServices {
    /// The mock provincial source (OpenCPS v2) generating `dossiers` records from `seed`; nil while it is not built in.
    static func makeProvinceService(dossiers: Int, seed: UInt64) -> (any MockService)? {
        nil
    }
}
