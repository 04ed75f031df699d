extension Ledger.Configuration {
    /// Reads `ledger.synchronous`, `ledger.busyTimeoutMs` and `ledger.cacheSizeKiB`; throws `ConfigError`.
    public init(reading config: ConfigSource) throws {
        self.init()
        synchronous = try config.choice("ledger.synchronous", default: Synchronous.full, noun: "level")
        busyTimeoutMilliseconds = try config.int("ledger.busyTimeoutMs", default: 5000, range: 0...600_000)
        cacheSizeKiB = try config.int("ledger.cacheSizeKiB", default: 65536, range: 1024...16_777_216)
    }
}
