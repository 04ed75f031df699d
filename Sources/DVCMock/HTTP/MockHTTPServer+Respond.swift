import DVCJSON
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

extension MockHTTPServer {
    typealias Outbound = NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>

    /// Answers one request, applying the scenario's decision; returns whether the connection stays open.
    func respond(to request: MockHTTPRequest, keepAlive: Bool, outbound: Outbound, channel: any Channel)
        async throws -> Bool
    {
        if request.path.hasPrefix("/_mock/") { return try await inspect(request, keepAlive, outbound, channel) }
        let service = faults.withLock { $0.selectsByService } ? request.bodyServiceName : nil
        let decision = faults.withLock { $0.decide(method: request.method, path: request.path, service: service) }
        var entry = MockJournalEntry(sequence: journal.nextSequence(), method: request.method, path: request.path,
                                     operation: service, keys: [], outcome: nil, status: nil,
                                     faults: decision.labels, detail: nil)
        if decision.action.skipsService {
            // The service never sees the request: the journal still names what it carried.
            if service == nil { entry.operation = request.bodyServiceName }
            entry.keys = self.service.journalKeys(of: request)
        }
        var request = request
        request.directives = decision.directives
        if decision.delayMs > 0 { try await Task.sleep(for: .milliseconds(decision.delayMs)) }

        switch decision.action {
        case .respond:
            let response = await handled(request, into: &entry)
            record(entry, status: response.status)
            try await write(response, keepAlive: keepAlive, outbound, channel)
            return keepAlive
        case .status(let code, let retryAfter):
            var response = MockHTTPResponse.text("\(code) \(HTTPResponseStatus(statusCode: code).reasonPhrase)\n",
                                                 status: code)
            if let retryAfter { response.headers.append(("Retry-After", String(retryAfter))) }
            record(entry, status: code)
            try await write(response, keepAlive: keepAlive, outbound, channel)
            return keepAlive
        case .errorCode(let code, let message):
            let body = JSONWriter.bytes(.object(["error_code": .string(code), "message": .string(message)]))
            record(entry, status: 200)
            try await write(.json(body), keepAlive: keepAlive, outbound, channel)
            return keepAlive
        case .nonJSON:
            let html = "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>"
            let response = MockHTTPResponse(status: 200, headers: [("Content-Type", "text/html")], body: Array(html.utf8))
            record(entry, status: 200)
            try await write(response, keepAlive: keepAlive, outbound, channel)
            return keepAlive
        case .hang(let ms):
            record(entry, status: nil)
            let deadline = ContinuousClock.now + .milliseconds(ms)
            while channel.isActive, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
            return false
        case .reset:
            record(entry, status: nil)
            if let sockets = channel as? any SocketOptionProvider {
                try? await sockets.setSoLinger(linger(l_onoff: 1, l_linger: 0)).get()
            }
            return false
        case .closeAfterApply:
            _ = await handled(request, into: &entry)
            record(entry, status: nil)
            return false
        case .truncate:
            let response = await handled(request, into: &entry)
            record(entry, status: response.status)
            let cut = response.body.count / 2
            try await outbound.write(.head(head(for: response, keepAlive: true)))
            try await outbound.write(.body(.byteBuffer(channel.allocator.buffer(bytes: response.body[..<cut]))))
            return false
        case .drip(let chunkBytes, let delayMs):
            let response = await handled(request, into: &entry)
            record(entry, status: response.status)
            try await outbound.write(.head(head(for: response, keepAlive: keepAlive)))
            var offset = 0
            while offset < response.body.count {
                let end = min(offset + chunkBytes, response.body.count)
                try await outbound.write(.body(.byteBuffer(channel.allocator.buffer(bytes: response.body[offset..<end]))))
                offset = end
                if offset < response.body.count { try await Task.sleep(for: .milliseconds(delayMs)) }
            }
            try await outbound.write(.end(nil))
            return keepAlive
        }
    }

    private func handled(_ request: MockHTTPRequest, into entry: inout MockJournalEntry) async -> MockHTTPResponse {
        let response = await service.handle(request)
        if let note = response.note {
            if let operation = note.operation { entry.operation = operation }
            entry.keys = note.keys
            entry.outcome = note.outcome
            entry.detail = note.detail
        }
        return response
    }

    private func record(_ entry: MockJournalEntry, status: Int?) {
        var entry = entry
        entry.status = status
        journal.append(entry)
        configuration.onRequest?(entry)
    }

    /// `/_mock/requests` and `/_mock/reset` are the server's; other `/_mock/` paths go to the service.
    private func inspect(_ request: MockHTTPRequest, _ keepAlive: Bool, _ outbound: Outbound, _ channel: any Channel)
        async throws -> Bool
    {
        let response: MockHTTPResponse
        switch (request.method, request.path) {
        case ("GET", "/_mock/requests"):
            let entries = journal.entries().map(\.json)
            response = .json(JSONWriter.bytes(.object(["requests": .array(entries)])))
        case ("POST", "/_mock/reset"):
            await reset()
            response = .json(JSONWriter.bytes(.object(["reset": .bool(true)])))
        case ("GET", "/_mock/scenario"):
            response = .json(JSONWriter.bytes(scenarioSummary))
        case ("POST", "/_mock/scenario"):
            do {
                setScenario(try Scenario.decode(request.body))
                response = .json(JSONWriter.bytes(scenarioSummary))
            } catch {
                response = .json(JSONWriter.bytes(.object(["error": .string(error.code), "message": .string(error.message)])),
                                 status: 400)
            }
        default:
            response = await service.handle(request)
        }
        try await write(response, keepAlive: keepAlive, outbound, channel)
        return keepAlive
    }

    private func head(for response: MockHTTPResponse, keepAlive: Bool) -> HTTPResponseHead {
        var headers = HTTPHeaders()
        headers.reserveCapacity(response.headers.count + 2)
        for (name, value) in response.headers { headers.add(name: name, value: value) }
        if !headers.contains(name: "content-length") {
            headers.add(name: "Content-Length", value: String(response.body.count))
        }
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        return HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: response.status),
                                headers: headers)
    }

    private func write(_ response: MockHTTPResponse, keepAlive: Bool, _ outbound: Outbound, _ channel: any Channel)
        async throws
    {
        let body = channel.allocator.buffer(bytes: response.body)
        try await outbound.write(contentsOf: [
            .head(head(for: response, keepAlive: keepAlive)), .body(.byteBuffer(body)), .end(nil),
        ])
    }
}

extension FaultAction {
    /// True when the fault answers (or drops) the request without calling the service.
    var skipsService: Bool {
        switch self {
        case .status, .errorCode, .nonJSON, .hang, .reset: return true
        case .respond, .closeAfterApply, .truncate, .drip: return false
        }
    }
}

extension MockHTTPRequest {
    /// The value of the body's top-level `"service"` key found by a cheap byte scan (no full parse); nil if absent.
    public var bodyServiceName: String? {
        let pattern = Array(#""service""#.utf8)
        return body.withUnsafeBufferPointer { bytes -> String? in
            guard bytes.count > pattern.count else { return nil }
            var index = 0
            while index + pattern.count < bytes.count {
                if bytes[index] == pattern[0], (1..<pattern.count).allSatisfy({ bytes[index + $0] == pattern[$0] }) {
                    var cursor = index + pattern.count
                    while cursor < bytes.count, bytes[cursor] == 0x20 || bytes[cursor] == 0x0A || bytes[cursor] == 0x0D || bytes[cursor] == 0x09 { cursor += 1 }
                    if cursor < bytes.count, bytes[cursor] == UInt8(ascii: ":") {
                        cursor += 1
                        while cursor < bytes.count, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 { cursor += 1 }
                        guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "\"") else { return nil }
                        let start = cursor + 1
                        var end = start
                        while end < bytes.count, bytes[end] != UInt8(ascii: "\""), end - start < 64 { end += 1 }
                        guard end < bytes.count, bytes[end] == UInt8(ascii: "\"") else { return nil }
                        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
                    }
                }
                index += 1
            }
            return nil
        }
    }
}
