import Foundation

/// Everything one gateway process needs, read from a `ConfigSource` (YAML file + `DVCSYNC_…` environment).
/// Every key is documented in `dvcsync.example.yaml`; a key in the file that no reader asks for stops the start
/// with `config.unknown_key`.
public struct GatewayConfiguration: Sendable {
    public var ledgerPath: String
    public var ledger: Ledger.Configuration
    public var portal: PortalConfiguration
    public var source: OpenCPSConfiguration
    public var mappingsDirectory: String
    public var engine: SyncEngine.Configuration
    public var transport: CurlTransport.Configuration
    public var retry: RetryingTransport.Configuration
    /// Schedules, endpoints and report folder of `dvcsync daemon`.
    public var daemon: Daemon.Configuration
    /// Publishing agency (`MACOQUANCONGBO`) of catalogue publications. Key `publication.agency`; default
    /// `portal.madonvi`.
    public var publicationAgency: String
    /// Settings of the 766 indicators of reconciliation reports (`dvcsync reconcile`, the daemon's reports): public
    /// holidays from key `reconcile.holidays` (`yyyy-MM-dd` list; default none, only weekends skipped).
    public var indicators = IndicatorCalculator.Configuration()

    public init(ledgerPath: String, portal: PortalConfiguration, source: OpenCPSConfiguration,
                mappingsDirectory: String) {
        self.ledgerPath = ledgerPath
        self.ledger = .init()
        self.portal = portal
        self.source = source
        self.mappingsDirectory = mappingsDirectory
        self.engine = .init()
        self.transport = .init()
        self.retry = .init()
        self.daemon = .init()
        self.publicationAgency = portal.madonvi
    }

    /// Reads and checks every key; throws `ConfigError` naming the file, the key and the fix.
    public init(reading config: ConfigSource, warn: (String) -> Void = { _ in }) throws {
        let file = config.file
        let hour: Double = 3600, day: Double = 86_400
        func fix(_ key: String, _ text: String) -> String {
            let place = file == ConfigSource.noFile ? "a file given with --config" : file
            return "set `\(key)` in \(place) or \(ConfigSource.environmentName(key)); \(text)"
        }
        let adapter = config.string("portal.adapterBase")
        let auth = try config.string("portal.authEndpoint") ?? adapter.map { Self.trim($0) + "/mapi/login" }
            ?? config.required("portal.adapterBase", fix: fix("portal.adapterBase", "the adapter URL of the portal"))
        let integration = config.string("portal.integrationEndpoint") ?? adapter.map { Self.trim($0) + "/mapi/g" } ?? auth
        let share = config.string("portal.shareEndpoint") ?? integration
        let portalPassword = try config.secret("portal.password", warn: warn)
        guard let portalPassword else { throw Self.noPassword(config, "portal") }
        var portal = PortalConfiguration(
            authEndpoint: auth, integrationEndpoint: integration, shareEndpoint: share,
            username: try config.required("portal.username", fix: fix("portal.username", "the account VPCP issued")),
            password: portalPassword)
        portal.dstcode = config.string("portal.dstcode", default: portal.dstcode)
        portal.madonvi = config.string("portal.madonvi", default: portal.madonvi)
        portal.dstcodeInQuery = try config.choice("portal.dstcodeIn", default: DstcodePlacement.header,
                                                  noun: "place for the dstcode") == .query
        portal.sessionLifetime = .seconds(try config.seconds("portal.sessionLifetime", default: 540, atMost: day))

        guard let sourcePassword = try config.secret("source.password", warn: warn) else {
            throw Self.noPassword(config, "source")
        }
        var source = OpenCPSConfiguration(
            baseURL: try config.required("source.baseURL", fix: fix("source.baseURL", "e.g. https://host/o/rest/v2")),
            groupId: try config.required("source.groupId", fix: fix("source.groupId", "the Liferay site id")),
            username: try config.required("source.username", fix: fix("source.username", "the Basic-auth account")),
            password: sourcePassword)
        source.mode = try config.choice("source.mode", default: OpenCPSConfiguration.Mode.stock, noun: "source mode")
        source.listHash = try config.choice("source.listHash", default: OpenCPSConfiguration.ListHash.bytes,
                                            noun: "list hash")
        source.pageSize = try config.int("source.pageSize", default: 500, range: 1...10_000)
        source.concurrency = try config.int("source.concurrency", default: 8, range: 1...64)
        source.listPagesAhead = try config.int("source.listPagesAhead", default: 3, range: 1...16)
        source.lookbackDays = try config.int("source.lookbackDays", default: 30, range: 0...3650)
        source.lookbackMinutes = try config.int("source.lookbackMinutes", default: 10, range: 0...100_000)
        source.openStatuses = config.list("source.openStatuses") ?? source.openStatuses

        self.init(ledgerPath: config.string("ledger.path", default: "dvcsync-ledger.sqlite"), portal: portal,
                  source: source, mappingsDirectory: config.string("mappings.directory", default: "Mappings/h20"))
        ledger = try Ledger.Configuration(reading: config)
        engine.push.batchSize = try config.int("push.batchSize", default: 100, range: 1...1000)
        engine.push.concurrency = try config.int("push.concurrency", default: 4, range: 1...32)
        let lease = try config.seconds("push.leaseSeconds", default: 300, atMost: day)
        engine.push.leaseSeconds = Int64(lease.rounded(.up))
        engine.push.planner.baseSeconds = try config.seconds("push.backoffBase", default: 2, atMost: hour)
        engine.push.planner.capSeconds = try config.seconds("push.backoffCap", default: 300, atMost: day)
        engine.push.planner.maxRetryAfterSeconds = try config.seconds("push.maxRetryAfter", default: 900, atMost: day)
        engine.settleSeconds = try config.seconds("push.settleSeconds", default: 10, atMost: hour)
        guard engine.push.leaseSeconds >= 1 else {
            throw ConfigError(file: config.origin("push.leaseSeconds"), key: "push.leaseSeconds",
                              problem: "a lease must last at least 1 s",
                              fix: "set it above the longest push request (default 300)")
        }
        transport.connectTimeout = .seconds(try config.seconds("transport.connectTimeout", default: 10, atMost: 600))
        transport.totalTimeout = .seconds(try config.seconds("transport.totalTimeout", default: 60, atMost: hour))
        transport.caBundlePath = config.string("transport.caBundle")
        transport.pinnedPublicKey = config.string("transport.pinnedPublicKey")
        transport.clientCertificatePath = config.string("transport.clientCertificate")
        transport.clientKeyPath = config.string("transport.clientKey")
        transport.proxy = config.string("transport.proxy")
        transport.noProxy = config.string("transport.noProxy")
        transport.allowPlainHTTP = try config.bool("transport.allowPlainHTTP", default: false)
        retry.policy.maxAttempts = try config.int("transport.maxAttempts", default: 5, range: 1...20)
        let breakerOpen = try config.seconds("transport.breakerOpen", default: 60, atMost: hour)
        retry.breaker.openDuration = .milliseconds(Int64(breakerOpen * 1000))
        daemon = try Daemon.Configuration(reading: config)
        publicationAgency = config.string("publication.agency", default: portal.madonvi)
        indicators.holidays = try Self.holidays(config)
        engine.decision = try Self.decision(config, agency: portal.madonvi)
        if engine.decision == nil,
           config.string("daemon.catalogueEvery") != nil || config.string("daemon.catalogueSchedule") != nil {
            warn("daemon.catalogueEvery/catalogueSchedule is set but publication.decision is not: the daemon does "
                + "not publish the catalogue (the portal refuses it without a decision)")
        }
        try config.checkUnknownKeys()
        config.unknownEnvironmentWarnings().forEach(warn)
    }

    /// `publication.decision`, `publication.decisionDate` and `publication.agency`: the decision the daemon's
    /// catalogue job publishes with; nil when `publication.decision` is not set.
    static func decision(_ config: ConfigSource, agency: String) throws -> PublicationDecision? {
        let dateKey = "publication.decisionDate"
        let text = config.string(dateKey)
        let agency = config.string("publication.agency", default: agency)
        guard let number = config.string("publication.decision") else { return nil }
        guard let text else {
            throw ConfigError(file: config.origin(dateKey), key: dateKey,
                              problem: "missing while publication.decision is set",
                              fix: "write the decision's date as dd/MM/yyyy, e.g. 15/11/2026")
        }
        guard let date = PublicationDecision.normalisedDate(text) else {
            throw ConfigError(file: config.origin(dateKey), key: dateKey, problem: "`\(text)` is not a date dd/MM/yyyy",
                              fix: "write the decision's date as dd/MM/yyyy, e.g. 15/11/2026")
        }
        return PublicationDecision(number: number, date: date, agency: agency)
    }

    /// `<section>.password` is given nowhere; a misspelt `passwordFile` / `passwordEnv` (or section) is named instead.
    static func noPassword(_ config: ConfigSource, _ section: String) -> ConfigError {
        let key = "\(section).password"
        return config.missing(key, spellings: [key + "File", key + "Env", key], problem: "no password given",
                              fix: "export \(ConfigSource.environmentName(key)), or set \(key)File / \(key)Env")
    }

    /// Where the portal's `dstcode` is sent. Key `portal.dstcodeIn`.
    enum DstcodePlacement: String, CaseIterable { case header, query }

    static func trim(_ url: String) -> String { url.hasSuffix("/") ? String(url.dropLast()) : url }
}


extension GatewayConfiguration {
    /// `reconcile.holidays`: real calendar days written `yyyy-MM-dd`.
    static func holidays(_ config: ConfigSource) throws -> [String] {
        let key = "reconcile.holidays"
        guard let days = config.list(key) else { return [] }
        for day in days {
            let parts = day.split(separator: "-", omittingEmptySubsequences: false)
            let numbers = parts.compactMap { Int($0) }
            guard parts.count == 3, numbers.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
                  (1900...2999).contains(numbers[0]), (1...12).contains(numbers[1]),
                  (1...VietnamTime.daysIn(month: numbers[1], year: numbers[0])).contains(numbers[2])
            else {
                throw ConfigError(file: config.origin(key), key: key, problem: "`\(day)` is not a day written yyyy-MM-dd",
                                  fix: "list the province's public holidays as real days, e.g. [2027-02-05, 2027-04-30]")
            }
        }
        return days
    }
}
