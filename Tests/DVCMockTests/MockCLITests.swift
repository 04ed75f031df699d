import DVCSyncTestSupport
import Foundation
import Testing

/// Reads lines from a pipe; used from one thread at a time.
final class LineReader: @unchecked Sendable {
    private let handle: FileHandle
    private var pending = Data()
    private(set) var seen: [String] = []

    init(_ handle: FileHandle) { self.handle = handle }

    /// Blocks until a line containing `text` arrives; nil at end of stream.
    func line(containing text: String) -> String? {
        while true {
            while let newline = pending.firstIndex(of: 0x0A) {
                let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                pending.removeSubrange(pending.startIndex...newline)
                seen.append(line)
                if line.contains(text) { return line }
            }
            let chunk = handle.availableData
            if chunk.isEmpty { return nil }
            pending.append(chunk)
        }
    }
}

@Suite struct MockCLITests {
    /// The `dvcsync-mock` binary built beside the test bundle.
    static var binary: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("dvcsync-mock")
    }

    @Test func aMissingDataFolderIsAUsageErrorNamingTheFile() async throws {
        let child = try ChildProcess(Self.binary, ["--data", "/nonexistent/mock-data", "--quiet"])
        #expect(await child.waitForExit(timeout: 60) == 64, "\(child.output)")
        #expect(child.output.contains("/nonexistent/mock-data/agencies.json not found"), "\(child.output)")
        #expect(!child.output.contains("portal: "), "nothing started: \(child.output)")
    }

    @Test func printsBaseURLLogsEachRequestAndStopsOnSIGTERM() async throws {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["--portal-port", "0", "--source-port", "0", "--dossiers", "10", "--seed", "3",
                             "--scenario", RepoPaths.mock.appendingPathComponent("scenarios/happy.json").path]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let watchdog = Task {
            try await Task.sleep(for: .seconds(20))
            process.terminate()
        }
        defer { watchdog.cancel() }
        let reader = LineReader(output.fileHandleForReading)

        let portalLine = try #require(await LoopbackHTTPClient.onThread { reader.line(containing: "portal: ") })
        let baseURL = try #require(URL(string: String(portalLine.dropFirst("portal: ".count))))
        #expect(baseURL.host == "127.0.0.1" && (baseURL.port ?? 0) > 0)
        let session = await PortalTestClient(baseURL: baseURL).login()
        #expect(session != nil)
        let logLine = try #require(await LoopbackHTTPClient.onThread { reader.line(containing: "/mapi/login") })
        #expect(logLine.contains("login") && logLine.contains("status=200"))
        #expect(!logLine.contains("mock-secret") && !logLine.contains(session ?? "-"))

        kill(process.processIdentifier, SIGTERM)
        let stopped = await LoopbackHTTPClient.onThread { reader.line(containing: "stopped") }
        await LoopbackHTTPClient.onThread { process.waitUntilExit() }
        #expect(stopped == "stopped")
        #expect(process.terminationReason == .exit && process.terminationStatus == 0)
    }
}
