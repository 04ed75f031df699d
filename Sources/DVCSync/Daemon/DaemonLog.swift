import Foundation

/// Writes the daemon's log lines: `event key=value …` text, or one JSON object per line.
public struct DaemonLog: Sendable {
    /// A field's value.
    public enum Value: Sendable {
        case text(String)
        case number(Double)
    }

    /// True for JSON lines.
    public var json: Bool
    private let sink: @Sendable (String) -> Void
    private let clock: any SyncClock

    /// Lines go to `sink` (standard error by default), stamped with `clock`.
    public init(json: Bool, clock: any SyncClock = SystemClock(),
                sink: @escaping @Sendable (String) -> Void = DaemonLog.standardError) {
        self.json = json
        self.clock = clock
        self.sink = sink
    }

    /// Writes one line to standard error.
    public static let standardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// Logs `event` with `fields`.
    public func event(_ event: String, _ fields: [(String, Value)] = []) {
        let time = ISO8601DateFormatter().string(from: clock.now)
        if json {
            var object: [String: JSONValue] = ["time": .string(time), "event": .string(event)]
            for (key, value) in fields {
                switch value {
                case .text(let text): object[key] = .string(text)
                case .number(let number): object[key] = .number(PrometheusText.format(number))
                }
            }
            sink(JSONWriter.string(.object(object)))
        } else {
            let rest = fields.map { key, value -> String in
                switch value {
                case .text(let text): return "\(key)=" + (text.contains(" ") ? "\"\(text)\"" : text)
                case .number(let number): return "\(key)=\(PrometheusText.format(number))"
                }
            }
            sink(([time, event] + rest).joined(separator: " "))
        }
    }
}
