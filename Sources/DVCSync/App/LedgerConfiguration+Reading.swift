extension Ledger.Configuration {
    /// Reads `ledger.synchronous`, `ledger.busyTimeoutMs` and `ledger.cacheSizeKiB`; throws `ConfigError`.
    public init(reading config: ConfigSource) throws {
        self.init()
        let level = config.string("ledger.synchronous", default: "FULL").uppercased()
        guard let synchronous = Synchronous(rawValue: level) else {
            throw ConfigError(file: config.origin("ledger.synchronous"), key: "ledger.synchronous",
                              problem: "`\(level)` is not a level",
                              fix: "use FULL (default), NORMAL or EXTRA")
        }
        self.synchronous = synchronous
        busyTimeoutMilliseconds = try config.int("ledger.busyTimeoutMs", default: 5000, range: 0...600_000)
        cacheSizeKiB = try config.int("ledger.cacheSizeKiB", default: 65536, range: 1024...16_777_216)
    }
}
