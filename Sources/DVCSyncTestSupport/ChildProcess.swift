import Foundation

/// A real child process whose output goes to a file the test can poll: for crash and signal tests.
public final class ChildProcess: @unchecked Sendable {
    // @unchecked: used from one test at a time; Process is thread-safe for the calls made here.
    public let process = Process()
    public let outputURL: URL

    /// Starts `executable` with `arguments`; stdout and stderr go to a temporary file.
    public init(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil) throws {
        outputURL = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        let handle = try FileHandle(forWritingTo: outputURL)
        process.executableURL = executable
        process.arguments = arguments
        process.standardOutput = handle
        process.standardError = handle
        if let environment {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        try process.run()
    }

    /// Everything the child wrote so far.
    public var output: String { (try? String(contentsOf: outputURL, encoding: .utf8)) ?? "" }

    /// Waits until the output contains `text`; false on timeout or if the child exited first.
    /// Polls with `Task.sleep`, so waiting never blocks a thread of Swift's cooperative pool (the in-process mock
    /// servers and every other test need those threads).
    public func waitForOutput(_ text: String, timeout: Double = 60) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if output.contains(text) { return true }
            if !process.isRunning { return output.contains(text) }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return false
    }

    /// Sends `signal` (e.g. SIGKILL, SIGTERM).
    public func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the child to exit (up to `timeout` seconds) and returns its status, or nil if still running.
    public func waitForExit(timeout: Double = 60) async -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { try? await Task.sleep(for: .milliseconds(5)) }
        return process.isRunning ? nil : process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        try? FileManager.default.removeItem(at: outputURL)
    }
}
