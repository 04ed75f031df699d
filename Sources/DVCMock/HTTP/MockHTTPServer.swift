import DVCJSON
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// An HTTP/1.1 server on loopback (keep-alive, pipelining) that hosts any `MockService`, keeps a request journal and
/// injects the faults of a scenario.
public final class MockHTTPServer: Sendable {
    /// Server settings.
    public struct Configuration: Sendable {
        /// Address to bind; default `127.0.0.1`.
        public var host = "127.0.0.1"
        /// Port to bind; 0 (default) lets the system choose, read it back from `port`.
        public var port = 0
        /// `portal` or `source`: selects the scenario rules meant for this server. Default `portal`.
        public var name = "portal"
        /// Faults to inject; default none.
        public var scenario = Scenario.happy
        /// Seed of the fault decisions; default the scenario's seed, else 1.
        public var seed: UInt64?
        /// Journal entries kept; default 10,000.
        public var journalCapacity = 10_000
        /// Called once per request after it was handled (the CLI logs it).
        public var onRequest: (@Sendable (MockJournalEntry) -> Void)?

        public init(host: String = "127.0.0.1", port: Int = 0, name: String = "portal", scenario: Scenario = .happy,
                    seed: UInt64? = nil, journalCapacity: Int = 10_000,
                    onRequest: (@Sendable (MockJournalEntry) -> Void)? = nil) {
            self.host = host
            self.port = port
            self.name = name
            self.scenario = scenario
            self.seed = seed
            self.journalCapacity = journalCapacity
            self.onRequest = onRequest
        }
    }

    typealias Connection = NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>

    /// The bound port.
    public let port: Int
    /// The settings the server was started with.
    public let configuration: Configuration
    let service: any MockService
    let journal: RequestJournal
    let faults: Mutex<FaultEngine>
    /// The scenario whose faults are applied now (the configured one until `setScenario(_:seed:)`).
    private let activeScenario: Mutex<Scenario>
    private let serverChannel: any Channel
    /// Open connections, and whether shutdown has begun (a connection registering after that closes itself).
    private let openConnections = Mutex<(channels: [ObjectIdentifier: any Channel], isClosing: Bool)>(([:], false))
    private let acceptTask = Mutex<Task<Void, Never>?>(nil)
    /// Where the server's connections are served.
    private let executor: MockServerExecutor

    /// Base URL, e.g. `http://127.0.0.1:52314`.
    public var baseURL: URL { URL(string: "http://\(configuration.host):\(port)")! }

    private init(service: any MockService, configuration: Configuration, serverChannel: any Channel, port: Int) {
        self.service = service
        self.configuration = configuration
        self.serverChannel = serverChannel
        self.port = port
        journal = RequestJournal(capacity: configuration.journalCapacity)
        executor = MockServerExecutor(name: configuration.name)
        faults = Mutex(FaultEngine(scenario: configuration.scenario, seed: configuration.seed,
                                   server: configuration.name))
        activeScenario = Mutex(configuration.scenario)
    }

    deinit { executor.stop() }

    /// Binds and starts serving `service` with `scenario`'s faults; `port` 0 picks a free port.
    public static func start(service: some MockService, port: Int = 0, scenario: Scenario = .happy,
                             seed: UInt64? = nil) async throws -> MockHTTPServer {
        try await start(service: service, configuration: Configuration(port: port, scenario: scenario, seed: seed))
    }

    /// Binds and starts serving `service` with the given settings.
    public static func start(service: some MockService, configuration: Configuration) async throws -> MockHTTPServer {
        let listener: NIOAsyncChannel<Connection, Never>
        do {
            listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
                .serverChannelOption(ChannelOptions.backlog, value: 256)
                .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
                .bind(host: configuration.host, port: configuration.port) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                        return try Connection(wrappingChannelSynchronously: channel)
                    }
                }
        } catch {
            throw MockError(code: "mock.server.bind",
                            message: "cannot bind \(configuration.host):\(configuration.port): \(error)")
        }
        guard let port = listener.channel.localAddress?.port else {
            throw MockError(code: "mock.server.bind", message: "bound socket has no port")
        }
        let server = MockHTTPServer(service: service, configuration: configuration, serverChannel: listener.channel,
                                    port: port)
        let task = Task(executorPreference: server.executor) { await server.acceptLoop(listener) }
        server.acceptTask.withLock { $0 = task }
        return server
    }

    /// Stops accepting, closes open connections (hung ones included) and waits until everything is closed.
    public func shutdown() async throws {
        let channels = openConnections.withLock { state in
            state.isClosing = true
            return Array(state.channels.values)
        }
        try? await serverChannel.close()
        for channel in channels { channel.close(promise: nil) }
        let task = acceptTask.withLock { $0 }
        await task?.value
        executor.stop()
    }

    /// The request journal, oldest first (the `/_mock/requests` endpoint serves the same).
    public func requests() -> [MockJournalEntry] { journal.entries() }

    /// The scenario whose faults are applied now.
    public var scenario: Scenario { activeScenario.withLock { $0 } }

    /// Applies `scenario` from the next request on, with fresh rule counters (`"requests": "3-7"` counts from here);
    /// `seed` nil keeps the server's configured seed, else the scenario's. The journal and the service are untouched.
    /// `POST /_mock/scenario` with the scenario document does the same.
    public func setScenario(_ scenario: Scenario, seed: UInt64? = nil) {
        let engine = FaultEngine(scenario: scenario, seed: seed ?? configuration.seed, server: configuration.name)
        activeScenario.withLock { $0 = scenario }
        faults.withLock { $0 = engine }
    }

    /// `{"scenario": name, "rules": n}` for the inspection endpoint.
    var scenarioSummary: JSONValue {
        let current = scenario
        return .object(["scenario": .string(current.name), "rules": .number(String(current.rules.count))])
    }

    /// Clears the journal and the fault counters and resets the service's state.
    public func reset() async {
        journal.reset()
        faults.withLock { $0.reset() }
        await service.reset()
    }

    private func acceptLoop(_ listener: NIOAsyncChannel<Connection, Never>) async {
        do {
            try await listener.executeThenClose { inbound in
                try await withThrowingDiscardingTaskGroup { group in
                    for try await connection in inbound {
                        group.addTask { await self.serve(connection) }
                    }
                }
            }
        } catch {
            // The listener was closed (shutdown) or failed; connections are closed by their own tasks.
        }
    }

    private func serve(_ connection: Connection) async {
        let id = ObjectIdentifier(connection.channel)
        let isClosing = openConnections.withLock { state in
            state.channels[id] = connection.channel
            return state.isClosing
        }
        defer { _ = openConnections.withLock { $0.channels.removeValue(forKey: id) } }
        if isClosing {
            try? await connection.channel.close()
            return
        }
        do {
            try await connection.executeThenClose { inbound, outbound in
                var parts = inbound.makeAsyncIterator()
                while let (request, keepAlive) = try await Self.readRequest(&parts) {
                    let keepOpen = try await respond(to: request, keepAlive: keepAlive, outbound: outbound,
                                                     channel: connection.channel)
                    if !keepOpen { return }
                }
            }
        } catch {
            // The client went away or sent garbage; nothing to answer.
        }
    }

    /// Reads one whole request (head, body, end); nil at end of stream.
    static func readRequest(
        _ parts: inout NIOAsyncChannelInboundStream<HTTPServerRequestPart>.AsyncIterator
    ) async throws -> (MockHTTPRequest, Bool)? {
        guard case .head(let head)? = try await parts.next() else { return nil }
        var body: [UInt8] = []
        if let length = head.headers.first(name: "content-length").flatMap(Int.init) {
            body.reserveCapacity(length)
        }
        loop: while let part = try await parts.next() {
            switch part {
            case .body(let buffer): body.append(contentsOf: buffer.readableBytesView)
            case .end: break loop
            case .head: return nil
            }
        }
        let (path, query) = splitTarget(head.uri)
        var headers: [String: String] = [:]
        for (name, value) in head.headers { headers[name.lowercased()] = value }
        let request = MockHTTPRequest(method: head.method.rawValue, path: path, query: query, headers: headers,
                                      body: body)
        return (request, head.isKeepAlive)
    }

    /// Splits a request target into its decoded path and query parameters.
    static func splitTarget(_ uri: String) -> (String, [String: String]) {
        guard let mark = uri.firstIndex(of: "?") else { return (uri.removingPercentEncoding ?? uri, [:]) }
        let path = String(uri[..<mark])
        var query: [String: String] = [:]
        for pair in uri[uri.index(after: mark)...].split(separator: "&") {
            let pieces = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String {
                let plain = text.replacingOccurrences(of: "+", with: " ")
                return plain.removingPercentEncoding ?? plain
            }
            query[decode(pieces[0])] = pieces.count > 1 ? decode(pieces[1]) : ""
        }
        return (path.removingPercentEncoding ?? path, query)
    }
}
