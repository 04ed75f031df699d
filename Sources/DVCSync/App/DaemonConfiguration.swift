import Foundation

/// The daemon's settings under their older name.
public typealias DaemonConfiguration = Daemon.Configuration

extension Daemon.Configuration {
    /// Reads the `daemon.` and `reconcile.` keys; throws `ConfigError` naming the file, the key and the fix.
    init(reading config: ConfigSource) throws {
        self.init()
        let zoneName = config.string("daemon.timeZone", default: "Asia/Ho_Chi_Minh")
        guard let zone = TimeZone(identifier: zoneName) else {
            throw ConfigError(file: config.origin("daemon.timeZone"), key: "daemon.timeZone",
                              problem: "`\(zoneName)` is not a time zone",
                              fix: "use an IANA name such as Asia/Ho_Chi_Minh (default) or UTC")
        }
        timeZone = zone
        dossiers = try Self.schedule(config, job: "dossiers", zone: zone) ?? .every(60)
        catalogue = try Self.schedule(config, job: "catalogue", zone: zone) ?? .every(3600)
        reconcile = try Self.schedule(config, job: "reconcile", zone: zone)
        metricsHost = config.string("daemon.metricsHost", default: "127.0.0.1")
        let port = try config.int("daemon.metricsPort", default: 9464, range: 0...65535)
        metricsPort = port == 0 ? nil : port
        shutdownGrace = try config.seconds("daemon.shutdownGrace", default: 20, atMost: 3600)
        retryWaiting = try config.bool("daemon.retryWaiting", default: true)

        reports.directory = config.string("reconcile.directory", default: reports.directory)
        if let names = config.list("reconcile.formats") {
            reports.formats = try names.map { name in
                guard let format = ReportWriter.Format(rawValue: name.lowercased()) else {
                    throw ConfigError(file: config.origin("reconcile.formats"), key: "reconcile.formats",
                                      problem: "`\(name)` is not a report format", fix: "list html, json and/or csv")
                }
                return format
            }
        }
        reports.keep = try config.int("reconcile.keep", default: reports.keep, range: 1...100_000)
        reconciler.lookupConcurrency = try config.int("reconcile.lookupConcurrency", default: 8, range: 1...64)
        let rate = try config.double("reconcile.lookupsPerSecond", default: 0, range: 0...10_000)
        reconciler.lookupsPerSecond = rate > 0 ? rate : nil
    }

    /// `daemon.<job>Every` (an interval) or `daemon.<job>Schedule` (cron); nil when neither is set.
    static func schedule(_ config: ConfigSource, job: String, zone: TimeZone) throws -> JobSchedule? {
        let everyKey = "daemon.\(job)Every", cronKey = "daemon.\(job)Schedule"
        let cron = config.string(cronKey)
        let hasInterval = config.string(everyKey) != nil
        if let cron {
            guard !hasInterval else {
                throw ConfigError(file: config.origin(cronKey), key: cronKey, problem: "set together with \(everyKey)",
                                  fix: "keep one: \(everyKey) for an interval or \(cronKey) for a cron expression")
            }
            do {
                return .cron(try CronExpression(cron, timeZone: zone))
            } catch let error as CronError {
                throw ConfigError(file: config.origin(cronKey), key: cronKey, problem: "\(error.field) field: \(error.problem)",
                                  fix: error.fix)
            }
        }
        guard hasInterval else { return nil }
        let seconds = try config.seconds(everyKey, default: 60)
        guard seconds >= 0.1 else {
            throw ConfigError(file: config.origin(everyKey), key: everyKey, problem: "an interval of \(seconds) s",
                              fix: "set a duration of at least 100ms, e.g. 60s")
        }
        return .every(seconds)
    }
}
