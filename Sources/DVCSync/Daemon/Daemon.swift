import Foundation
import Synchronization

/// The long-running gateway: runs each job's pass on its schedule, one pass at a time, serves `/healthz`, `/readyz`
/// and `/metrics`, and stops cleanly when asked. The caller holds the ledger's `InstanceLock` while it runs.
public final class Daemon: Sendable {
    /// Daemon settings; read from the `daemon.` and `reconcile.` keys by `GatewayConfiguration`.
    public struct Configuration: Sendable {
        /// Dossier passes (steps included). Keys `daemon.dossiersEvery` / `daemon.dossiersSchedule`; default 60 s.
        public var dossiers = JobSchedule.every(60)
        /// Catalogue passes (only with a publication decision). Keys `daemon.catalogueEvery` /
        /// `daemon.catalogueSchedule`; default 3600 s.
        public var catalogue = JobSchedule.every(3600)
        /// Reconciliations; nil (default) = none. Keys `daemon.reconcileEvery` / `daemon.reconcileSchedule`.
        public var reconcile: JobSchedule?
        /// Zone cron schedules are read in. Key `daemon.timeZone`; default Asia/Ho_Chi_Minh.
        public var timeZone = CronExpression.vietnam
        /// Address of the endpoints. Key `daemon.metricsHost`; default 127.0.0.1 (loopback only).
        public var metricsHost = "127.0.0.1"
        /// Port of the endpoints; nil turns them off, 0 takes any free port. Key `daemon.metricsPort` (0 there
        /// means off); default 9464.
        public var metricsPort: Int? = 9464
        /// Longest wait for the in-flight pass after a stop request. Key `daemon.shutdownGrace`; default 20 s.
        public var shutdownGrace = 20.0
        /// Whether records put back after a transient failure are sent when their back-off ends, in a push-only pass
        /// between scheduled passes (job `retry`), rather than at the next scheduled pass. Key
        /// `daemon.retryWaiting`; default true.
        public var retryWaiting = true
        /// Where scheduled reconciliation reports go. Keys `reconcile.directory`, `reconcile.formats`,
        /// `reconcile.keep`.
        public var reports = ReportWriter.Configuration()
        /// Portal lookups of scheduled reconciliations. Keys `reconcile.lookupConcurrency`,
        /// `reconcile.lookupsPerSecond`.
        public var reconciler = Reconciler.Configuration()
        public init() {}

        /// A copy listening on `metricsHost`.
        public init(_ daemon: Configuration, metricsHost: String) {
            self = daemon
            self.metricsHost = metricsHost
        }

        /// Seconds between dossier passes when `dossiers` is an interval (setting it makes it one).
        public var dossiersEvery: Double {
            get { if case .every(let seconds) = dossiers { return seconds } else { return 0 } }
            set { dossiers = .every(newValue) }
        }

        /// Seconds between catalogue passes when `catalogue` is an interval (setting it makes it one).
        public var catalogueEvery: Double {
            get { if case .every(let seconds) = catalogue { return seconds } else { return 0 } }
            set { catalogue = .every(newValue) }
        }
    }

    /// How a pass ended.
    enum PassEnd: Sendable {
        case finished(Result<PassOutcome, any Error>)
        case graceElapsed
    }

    public let configuration: Configuration
    public let gateway: Gateway
    /// Counters served at `/metrics`.
    public let metrics = DaemonMetrics()
    /// The scheduled jobs.
    public let jobs: [DaemonJob]
    /// The push-only pass run between scheduled passes when `retryWaiting` is on.
    let retryJob: DaemonJob
    let engine: SyncEngine
    let clock: any SyncClock
    let random: any RandomSource
    let log: DaemonLog
    let stopHandle = StopHandle()
    private let server = Mutex<MetricsServer?>(nil)

    /// A daemon over `gateway` (on the gateway's clock and random source unless others are given); its engine's
    /// HTTP calls are timed into `metrics`.
    public init(gateway: Gateway, configuration: Configuration, clock: (any SyncClock)? = nil,
                random: (any RandomSource)? = nil, log: DaemonLog = DaemonLog(json: false)) {
        self.configuration = configuration
        self.gateway = gateway
        let clock = clock ?? gateway.clock
        let random = random ?? gateway.random
        self.clock = clock
        self.random = random
        self.log = log
        let settings = gateway.configuration
        jobs = DaemonJob.schedule(dossiers: configuration.dossiers, catalogue: configuration.catalogue,
                                  reconcile: configuration.reconcile, decision: settings.engine.decision)
        retryJob = DaemonJob.retry(for: jobs)
        let portal = PortalClient(configuration: settings.portal, transport: LatencyTransport(
            wrapping: gateway.transport, target: "portal", metrics: metrics), clock: clock)
        let source = OpenCPSConnector(configuration: settings.source, transport: LatencyTransport(
            wrapping: gateway.transport, target: "source", metrics: metrics), clock: clock)
        var engineSettings = settings.engine
        if configuration.retryWaiting { engineSettings.settleSeconds = 0 }  // retry passes send them
        engine = SyncEngine(configuration: engineSettings, ledger: gateway.ledger, portal: portal, source: source,
                            mapper: gateway.mappings, clock: clock, random: random)
    }

    /// The port the endpoints listen on, once `run()` has started them.
    public var metricsPort: Int? { server.withLock { $0?.port } }

    /// Asks the daemon to stop: no new pass starts, the in-flight one is cancelled and given `shutdownGrace`.
    public func requestStop() {
        // Logged before the flag flips, so `stopping` always comes before the loop's `stopped`.
        guard !stopHandle.isStopped else { return }
        log.event("stopping", [("grace", .number(configuration.shutdownGrace))])
        stopHandle.stop()
    }

    /// Closes runs left by a crash, starts the endpoints, runs passes until `requestStop()`, then checkpoints the
    /// ledger and stops the endpoints.
    public func run() async throws {
        let recovered = try engine.recover()
        if recovered.abandonedRuns + recovered.releasedLeases > 0 {
            log.event("recovered", [("abandonedRuns", .number(Double(recovered.abandonedRuns))),
                                    ("releasedLeases", .number(Double(recovered.releasedLeases)))])
        }
        if let port = configuration.metricsPort {
            let endpoints = try MetricsServer(host: configuration.metricsHost, port: port) { [self] in respond(to: $0) }
            endpoints.start()
            server.withLock { $0 = endpoints }
        }
        defer { server.withLock { $0 }?.stop() }
        log.event("started", [("jobs", .text(jobs.map(\.name).joined(separator: ","))),
                              ("schedules", .text(jobs.map { "\($0.name): \($0.schedule)" }.joined(separator: "; "))),
                              ("metricsPort", .number(Double(metricsPort ?? 0))), ("pid", .number(Double(getpid())))])
        var schedule = DaemonSchedule(jobs: jobs, start: clock.now)
        var retries = RetryTimer(enabled: configuration.retryWaiting)
        while !stopHandle.isStopped {
            let (job, due) = schedule.next()
            // A scheduled pass that is due goes first (it pushes too); otherwise waiting records may go before it.
            if due > clock.now, let retryAt = retries.next(before: due, outboxDue: nextOutboxDue()) {
                let wait = retryAt.timeIntervalSince(clock.now)
                if wait > 0, !(await pause(seconds: wait)) { break }
                let end = await pass(retryJob)
                if case .graceElapsed = end { break }
                retries.ran(end: end, at: clock.now)
                continue
            }
            let wait = due.timeIntervalSince(clock.now)
            if wait > 0, !(await pause(seconds: wait)) { break }
            schedule.ran(job, startedAt: clock.now)
            let end = await pass(job)
            if case .graceElapsed = end { break }
            retries.rearm()
        }
        do {
            try gateway.ledger.checkpoint()
        } catch {
            log.event("checkpoint_failed", [("error", .text(Self.code(of: error)))])
        }
        log.event("stopped")
    }

    /// Waits `seconds`; false when a stop request cut the wait short.
    func pause(seconds: Double) async -> Bool {
        let first = FirstOf<Bool>()
        let sleeper = Task { [clock] in
            try? await clock.sleep(for: .milliseconds(Int64(seconds * 1000)))
            first.resolve(true)
        }
        let token = stopHandle.onStop { first.resolve(false) }
        let elapsed = await first.value()
        sleeper.cancel()
        stopHandle.remove(token)
        return elapsed
    }

    /// Runs one pass of `job`; a stop request cancels it and waits at most `shutdownGrace` for it to end.
    func pass(_ job: DaemonJob) async -> PassEnd {
        let started = ContinuousClock.now
        let first = FirstOf<PassEnd>()
        let task = Task { [self] in try await work(job) }
        Task { first.resolve(.finished(await task.result)) }
        let token = stopHandle.onStop { [clock, grace = configuration.shutdownGrace] in
            task.cancel()
            Task {
                try? await clock.sleep(for: .milliseconds(Int64(grace * 1000)))
                first.resolve(.graceElapsed)
            }
        }
        let end = await first.value()
        stopHandle.remove(token)
        report(job, end, seconds: LatencyTransport.seconds(ContinuousClock.now - started))
        return end
    }
}
