import ArgumentParser
import DVCJSON
import DVCMock
import DVCSyncTestSupport
import Foundation
import Synchronization

/// `dvcsync-bench mock-ingest`: dossiers per second the mock portal ingests through `DongBoHoSoMC` over loopback.
struct MockIngestBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mock-ingest",
        abstract: "Dossiers/s through the mock portal's DongBoHoSoMC, in batches, over several loopback connections."
    )

    @Option(help: "Dossiers to push.")
    var dossiers = 200_000

    @Option(help: "Dossiers per request.")
    var batch = 100

    @Option(help: "Concurrent keep-alive connections.")
    var connections = 4

    @Flag(help: "Also time the portal service alone (no HTTP), on one thread.")
    var direct = false

    func run() async throws {
        if direct { try await runDirect() }
        let portal = MockPortal()
        let server = try await MockHTTPServer.start(service: portal, port: 0)
        let client = PortalTestClient(port: server.port)
        guard let session = await client.login() else { throw ValidationError("login failed") }
        let template = Self.recordTemplate()
        let batches = (dossiers + batch - 1) / batch
        let progress = Progress()
        let (port, batchSize, total) = (server.port, batch, dossiers)
        let start = ContinuousClock.now
        let cpuStart = Self.processCPUSeconds()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<connections {
                group.addTask {
                    await LoopbackHTTPClient.onThread {
                        guard let connection = try? LoopbackHTTPConnection(port: port, timeout: .seconds(30)) else {
                            progress.failures.add(1, ordering: .relaxed)
                            return
                        }
                        while true {
                            let index = progress.next.add(1, ordering: .relaxed).oldValue
                            if index >= batches { return }
                            let first = index * batchSize
                            let body = Self.envelope(session: session, template: template,
                                                     numbers: first..<min(first + batchSize, total))
                            let outcome = connection.send(path: "/mapi/g",
                                                          headers: [("dstcode", client.dstcode ?? "")], body: body)
                            if outcome.errorCode != "0" { progress.failures.add(1, ordering: .relaxed) }
                        }
                    }
                }
            }
        }
        let elapsed = ContinuousClock.now - start
        let cpu = Self.processCPUSeconds() - cpuStart
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let stored = portal.snapshot().dossierCount
        try await server.shutdown()
        print("mock-ingest: \(stored) dossiers stored in \(String(format: "%.2f", seconds)) s, batch \(batch), "
              + "\(connections) connections, \(progress.failures.load(ordering: .relaxed)) failed requests")
        Figures.emit("mock-ingest", "DongBoHoSoMC, batches of \(batch), \(connections) connections",
                     Double(stored) / seconds, unit: "dossiers/s", goal: .atLeast(50_000))
        print("mock-ingest: \(Int(Double(stored) / seconds)) dossiers/s; "
              + String(format: "%.1f", cpu / Double(stored) * 1e6) + " µs CPU per dossier (server and client)")
    }

    /// Calls `MockPortal.handle` in a loop: parse, validation and storage without the HTTP layer.
    private func runDirect() async throws {
        let portal = MockPortal()
        var configuration = portal.configuration
        configuration.requiresDstcode = false
        let client = MockPortal(configuration: configuration)
        let login = await client.handle(MockHTTPRequest(method: "POST", path: "/mapi/login",
            body: JSONWriter.bytes(["username": "000.00.00.H20", "password": "mock-secret"])))
        guard let session = (try? JSONParser.parse(login.body))?["session"]?.scalarText else {
            throw ValidationError("login failed")
        }
        let template = Self.recordTemplate()
        let start = ContinuousClock.now
        let cpuStart = Self.processCPUSeconds()
        var first = 0
        while first < dossiers {
            let body = Self.envelope(session: session, template: template, numbers: first..<min(first + batch, dossiers))
            _ = await client.handle(MockHTTPRequest(method: "POST", path: "/mapi/g", body: body))
            first += batch
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let cpu = Self.processCPUSeconds() - cpuStart
        let stored = client.snapshot().dossierCount
        print("mock-ingest (service alone, 1 thread): \(Int(Double(stored) / seconds)) dossiers/s, "
              + String(format: "%.1f", cpu / Double(stored) * 1e6) + " µs CPU per dossier")
    }

    /// CPU seconds used by the whole process so far (steadier than wall time on a shared machine).
    static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    /// Shared counters of the client threads.
    final class Progress: Sendable {
        let next = Atomic<Int>(0)
        let failures = Atomic<Int>(0)
    }

    /// One record as JSON bytes split around its `MaHoSo` value.
    static func recordTemplate() -> ([UInt8], [UInt8]) {
        let marker = "@@MAHOSO@@"
        let text = JSONWriter.string(.object(PortalSamples.dossier(marker)))
        let parts = text.components(separatedBy: marker)
        return (Array(parts[0].utf8), Array(parts[1].utf8))
    }

    static func envelope(session: String, template: ([UInt8], [UInt8]), numbers: Range<Int>) -> [UInt8] {
        var body = Array(#"{"session":""#.utf8) + Array(session.utf8)
        body += Array(#"","madonvi":"000.00.00.H20","service":"DongBoHoSoMC","isUpdating":"False","data":["#.utf8)
        body.reserveCapacity(body.count + numbers.count * (template.0.count + template.1.count + 30))
        for number in numbers {
            if number != numbers.lowerBound { body.append(UInt8(ascii: ",")) }
            body += template.0
            body += Array("000.00.14.H20-231204-\(number)".utf8)
            body += template.1
        }
        body += Array("]}".utf8)
        return body
    }
}
