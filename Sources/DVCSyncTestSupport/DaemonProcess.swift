import DVCSync
import Foundation

/// The built `dvcsync daemon` as a child process, configured by a YAML file, with its `/metrics` and its `/proc`
/// figures at hand.
public final class DaemonProcess: Sendable {
    /// The passwords the daemon reads from its environment (the mocks accept these).
    public static var secrets: [String: String] { GatewayHarness.secrets }

    /// The running child.
    public let child: ChildProcess
    /// Port of `/healthz`, `/readyz` and `/metrics`.
    public let metricsPort: Int
    /// The configuration file the daemon was started with.
    public let configPath: String

    private init(child: ChildProcess, metricsPort: Int, configPath: String) {
        self.child = child
        self.metricsPort = metricsPort
        self.configPath = configPath
    }

    /// Writes `values` (plus a free metrics port) as `dvcsync.yaml` in `directory`, starts `dvcsync daemon` on it and
    /// waits until it logged `started`; throws with the daemon's output when it did not start.
    public static func start(values: [String: String], directory: URL, environment: [String: String] = [:],
                             startTimeout: Double = 60) async throws -> DaemonProcess {
        let port = try freeLoopbackPort()
        let path = directory.appendingPathComponent("dvcsync.yaml").path
        try DaemonConfigFile.write(values.merging(["daemon.metricsPort": "\(port)"]) { _, new in new }, to: path)
        let child = try ChildProcess(BuiltProducts.executable("dvcsync"), ["daemon", "--config", path],
                                     environment: secrets.merging(environment) { _, new in new })
        guard await child.waitForOutput(" started ", timeout: startTimeout) else {
            child.signal(SIGKILL)
            throw DaemonProcessError(code: "test.daemon_not_started", message: "output: \(child.output)")
        }
        return DaemonProcess(child: child, metricsPort: port, configPath: path)
    }

    /// Process id.
    public var pid: Int32 { child.process.processIdentifier }
    /// True while the process runs.
    public var isRunning: Bool { child.process.isRunning }
    /// Everything the daemon logged so far.
    public var output: String { child.output }

    /// `/metrics` as samples by `name{labels}`; nil when the scrape failed.
    public func metrics() async -> MetricSamples? {
        let outcome = await LoopbackHTTPClient.send(port: metricsPort, method: "GET", path: "/metrics",
                                                    timeout: .seconds(10))
        guard let response = outcome.response, response.status == 200 else { return nil }
        return MetricSamples(String(decoding: response.body, as: UTF8.self))
    }

    /// RSS and open descriptors now; nil once the process is gone.
    public func sample() -> ProcessSample? { ProcessSample.read(pid: pid) }

    /// SIGTERM, then waits for the exit status (nil when it did not exit within `timeout`).
    public func stop(timeout: Double = 30) async -> Int32? {
        child.signal(SIGTERM)
        return await child.waitForExit(timeout: timeout)
    }
}

/// A failure starting or driving a test daemon.
public struct DaemonProcessError: CodedError {
    public var code: String
    public var message: String
}

/// Writes configuration values (`section.key`) as the nested YAML file `dvcsync` reads (daemon, sync, reconcile).
public enum DaemonConfigFile {
    /// Writes `values` to `path`, every value quoted.
    public static func write(_ values: [String: String], to path: String) throws {
        var sections: [String: [(String, String)]] = [:]
        for (key, value) in values {
            let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
            sections[parts[0], default: []].append((parts[1], value))
        }
        var yaml = ""
        for section in sections.keys.sorted() {
            yaml += "\(section):\n"
            for (key, value) in sections[section, default: []].sorted(by: { $0.0 < $1.0 }) {
                yaml += "  \(key): \"\(value)\"\n"
            }
        }
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
    }
}

/// A loopback port nobody listens on right now.
public func freeLoopbackPort() throws -> Int {
    let probe = try MetricsServer(port: 0) { _ in MetricsServer.Response(status: 404, body: "") }
    defer { probe.stop() }
    return probe.port
}

/// Samples of a Prometheus text page by `name{label="value",…}` exactly as written (comments skipped).
public struct MetricSamples: Sendable {
    /// Every sample.
    public let samples: [String: Double]

    /// Reads `text`; lines that are not `series value` are skipped.
    public init(_ text: String) {
        var samples: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                continue
            }
            samples[String(line[..<space])] = value
        }
        self.samples = samples
    }

    /// The sample of `series`, nil when absent.
    public subscript(_ series: String) -> Double? { samples[series] }

    /// Sum of every sample of the family `name` (all label sets).
    public func total(_ name: String) -> Double {
        samples.reduce(0) { sum, entry in
            entry.key == name || entry.key.hasPrefix(name + "{") ? sum + entry.value : sum
        }
    }

    /// Sum of the samples of the family `name` whose labels include `label` (written `key="value"`).
    public func total(_ name: String, label: String) -> Double {
        samples.reduce(0) { sum, entry in
            entry.key.hasPrefix(name + "{") && entry.key.contains(label) ? sum + entry.value : sum
        }
    }
}

/// Resident memory and open descriptors of a process, from `/proc` (Linux).
public struct ProcessSample: Sendable, Hashable {
    /// `VmRSS` in KiB.
    public var rssKiB: Int
    /// Entries of `/proc/PID/fd`.
    public var openFiles: Int

    /// The figures of `pid` now; nil when the process is gone.
    public static func read(pid: Int32) -> ProcessSample? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kib = line.split(whereSeparator: \.isWhitespace).dropFirst().first.flatMap({ Int($0) }),
              let fds = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")
        else { return nil }
        return ProcessSample(rssKiB: kib, openFiles: fds.count)
    }
}

/// Size of the file at `path` in bytes; 0 when it does not exist.
public func fileSize(_ path: String) -> Int64 {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
}
