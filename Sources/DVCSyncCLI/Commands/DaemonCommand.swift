import ArgumentParser
import DVCSync
import Foundation

/// `dvcsync daemon`: sync on a schedule until SIGTERM or SIGINT, with health and metrics endpoints.
struct DaemonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract: "Sync on a schedule until SIGTERM/SIGINT; serves /healthz, /readyz and /metrics.",
        discussion: """
            Dossiers and their steps are synced on daemon.dossiersEvery or daemon.dossiersSchedule (cron), the \
            catalogue on daemon.catalogueEvery or daemon.catalogueSchedule when publication.decision is \
            configured, and reconciliation reports are written on daemon.reconcileEvery or daemon.reconcileSchedule \
            when set. One writer per ledger: a second daemon, or a sync or publish, on the same ledger stops with \
            daemon.already_running.
            """
    )

    @OptionGroup var options: GlobalOptions

    @Flag(name: .long, help: "Write log lines as JSON.")
    var jsonLogs = false

    @Option(help: "Port of /healthz, /readyz and /metrics (overrides daemon.metricsPort; 0 turns them off).")
    var metricsPort: Int?

    func validate() throws {
        if let metricsPort, !(0...65535).contains(metricsPort) {
            throw ValidationError("--metrics-port must be 0 (off) or a port 1-65535, got \(metricsPort)")
        }
    }

    func run() async throws {
        let context = try CLIContext(options)
        let log = DaemonLog(json: jsonLogs)
        var settings = try GatewayConfiguration(reading: context.source) {
            log.event("config_warning", [("text", .text($0))])
        }
        settings.ledgerPath = context.ledgerPath
        let lock = try InstanceLock(ledgerPath: settings.ledgerPath)
        defer { lock.release() }
        let gateway = try Gateway(configuration: settings)
        var daemonSettings = settings.daemon
        if let metricsPort { daemonSettings.metricsPort = metricsPort == 0 ? nil : metricsPort }
        let daemon = Daemon(gateway: gateway, configuration: daemonSettings, log: log)
        let signals = ShutdownSignals { _ in daemon.requestStop() }
        defer { signals.cancel() }
        try await daemon.run()
    }
}
