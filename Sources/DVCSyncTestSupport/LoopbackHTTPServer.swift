import DVCSync
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A request as the loopback server received it.
public struct LoopbackRequest: Sendable {
    /// HTTP method.
    public var method: String
    /// Request target (path and query).
    public var uri: String
    /// Headers in arrival order.
    public var headers: [HTTPHeader]
    /// Body bytes.
    public var body: [UInt8]
}

/// What the loopback server does with a request.
public enum LoopbackReply: Sendable {
    /// Answers with `status`, `headers` and `body` after `delay`.
    case respond(status: Int, headers: [HTTPHeader] = [], body: [UInt8] = [], delay: Duration = .zero)
    /// Sends the head announcing `declaredLength` body bytes, then only `sent`, then nothing more.
    case stall(status: Int, declaredLength: Int, sent: [UInt8])
    /// Closes the connection without answering.
    case close
    /// Holds a 200 with `body` until the server has received `requests` requests in total.
    case respondOnceReceived(requests: Int, body: [UInt8])

    /// A 200 with `text` as body.
    public static func ok(_ text: String = "ok", delay: Duration = .zero) -> LoopbackReply {
        .respond(status: 200, body: Array(text.utf8), delay: delay)
    }
}

/// An HTTP/1.1 server on 127.0.0.1 with a kernel-chosen port, for transport tests and benchmarks: counts accepted
/// connections and requests, and answers each request as `handler` says.
public final class LoopbackHTTPServer: Sendable {
    /// The bound port.
    public let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    private let counters: Counters

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }
    /// Connections accepted so far.
    public var connectionCount: Int { counters.connections.load(ordering: .relaxed) }
    /// Complete requests received so far.
    public var requestCount: Int { counters.requests.load(ordering: .relaxed) }

    /// Binds 127.0.0.1:0 and starts serving with `threads` event-loop threads.
    public static func start(threads: Int = 1,
                             handler: @escaping @Sendable (LoopbackRequest) -> LoopbackReply) async throws
        -> LoopbackHTTPServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let counters = Counters()
        do {
            let channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelInitializer { channel in
                    counters.connections.add(1, ordering: .relaxed)
                    return channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                        try channel.pipeline.syncOperations.addHandler(
                            LoopbackHandler(handler: handler, counters: counters))
                    }
                }
                .bind(host: "127.0.0.1", port: 0).get()
            guard let port = channel.localAddress?.port else { throw ChannelError.unknownLocalAddress }
            return LoopbackHTTPServer(port: port, group: group, channel: channel, counters: counters)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    private init(port: Int, group: MultiThreadedEventLoopGroup, channel: any Channel, counters: Counters) {
        self.port = port
        self.group = group
        self.channel = channel
        self.counters = counters
    }

    /// Stops listening, closes open connections and stops the event loops.
    public func shutdown() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }
}

/// Runs `body` with a fresh server and shuts it down afterwards.
public func withLoopbackServer<T>(threads: Int = 1,
                                  handler: @escaping @Sendable (LoopbackRequest) -> LoopbackReply,
                                  _ body: (LoopbackHTTPServer) async throws -> T) async throws -> T {
    let server = try await LoopbackHTTPServer.start(threads: threads, handler: handler)
    do {
        let result = try await body(server)
        await server.shutdown()
        return result
    } catch {
        await server.shutdown()
        throw error
    }
}

final class Counters: Sendable {
    let connections = Atomic<Int>(0)
    let requests = Atomic<Int>(0)
}

private final class LoopbackHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let handler: @Sendable (LoopbackRequest) -> LoopbackReply
    private let counters: Counters
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []

    init(handler: @escaping @Sendable (LoopbackRequest) -> LoopbackReply, counters: Counters) {
        self.handler = handler
        self.counters = counters
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body = []
        case .body(let buffer):
            body.append(contentsOf: buffer.readableBytesView)
        case .end:
            guard let requestHead = head else { return }
            counters.requests.add(1, ordering: .relaxed)
            let request = LoopbackRequest(method: requestHead.method.rawValue, uri: requestHead.uri,
                                          headers: requestHead.headers.map { HTTPHeader($0.name, $0.value) },
                                          body: body)
            perform(handler(request), keepAlive: requestHead.isKeepAlive, context: context)
        }
    }

    private func perform(_ reply: LoopbackReply, keepAlive: Bool, context: ChannelHandlerContext) {
        switch reply {
        case .close:
            context.close(promise: nil)
        case .respondOnceReceived(let requests, let body):
            guard counters.requests.load(ordering: .relaxed) < requests else {
                perform(.respond(status: 200, body: body), keepAlive: keepAlive, context: context)
                return
            }
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            context.eventLoop.scheduleTask(in: .milliseconds(5)) {
                let (handler, context) = bound.value
                handler.perform(reply, keepAlive: keepAlive, context: context)
            }
        case .stall(let status, let declaredLength, let sent):
            write(status: status, headers: [], body: sent, contentLength: declaredLength, end: false,
                  keepAlive: true, context: context)
        case .respond(let status, let headers, let body, let delay):
            guard delay > .zero else {
                write(status: status, headers: headers, body: body, contentLength: body.count, end: true,
                      keepAlive: keepAlive, context: context)
                return
            }
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            let nanoseconds = delay.components.seconds * 1_000_000_000 + delay.components.attoseconds / 1_000_000_000
            context.eventLoop.scheduleTask(in: .nanoseconds(nanoseconds)) {
                let (handler, context) = bound.value
                handler.write(status: status, headers: headers, body: body, contentLength: body.count, end: true,
                              keepAlive: keepAlive, context: context)
            }
        }
    }

    private func write(status: Int, headers: [HTTPHeader], body: [UInt8], contentLength: Int, end: Bool,
                       keepAlive: Bool, context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        var fields = HTTPHeaders(headers.map { ($0.name, $0.value) })
        fields.replaceOrAdd(name: "Content-Length", value: String(contentLength))
        if !keepAlive { fields.replaceOrAdd(name: "Connection", value: "close") }
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: fields)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if !body.isEmpty {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: body)))),
                          promise: nil)
        }
        guard end else {
            context.flush()
            return
        }
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive {
            let channel = context.channel
            done.whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
