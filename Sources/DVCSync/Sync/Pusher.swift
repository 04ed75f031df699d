import Foundation

/// Drains the outbox to the portal: batches, several requests in flight, create vs update from the ledger, resend as
/// update on "đã tồn tại", lookup before resending after an ambiguous failure, split to isolate a refused record.
public final class Pusher: Sendable {
    /// Pusher settings.
    public struct Configuration: Sendable {
        /// Records per request. Key `push.batchSize`; default 100.
        public var batchSize = 100
        /// Requests in flight. Key `push.concurrency`; default 4.
        public var concurrency = 4
        /// How long a batch is expected to be in flight, shown by `ledger status` and used by the daemon's wake-up
        /// estimate; a batch is never taken from a live worker, however long it takes. Key `push.leaseSeconds`;
        /// default 300.
        public var leaseSeconds: Int64 = 300
        /// Back-off of records put back in the outbox.
        public var planner = PushPlanner.Configuration()
        public init() {}
    }

    let configuration: Configuration
    let ledger: Ledger
    let portal: PortalClient
    let planner: PushPlanner
    let random: any RandomSource
    let clock: any SyncClock
    let tally = PushTallyBox()
    /// Told of each leased batch once every item of it is decided (see `observeSettled`).
    let settledObserver = Locked<(@Sendable ([OutboxItem]) -> Void)?>(nil)

    public init(configuration: Configuration, ledger: Ledger, portal: PortalClient,
                clock: any SyncClock, random: any RandomSource) {
        self.configuration = configuration
        self.ledger = ledger
        self.portal = portal
        self.planner = PushPlanner(configuration: configuration.planner)
        self.random = random
        self.clock = clock
    }

    /// Counters since the last `resetCounts()`.
    public var counts: PushTally { tally.snapshot }

    /// Starts counting from zero (at the start of a run).
    public func resetCounts() { tally.reset() }

    /// Sends every due record of `stream` until none is due; returns when the outbox holds only records waiting for
    /// a later attempt (or for their parent). Stops early when the task is cancelled.
    public func drain(_ stream: SyncStream) async throws {
        let workers = max(1, configuration.concurrency)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<workers {
                group.addTask { [self] in
                    while !Task.isCancelled {
                        let items = try await lease(stream)
                        if items.isEmpty { return }
                        try await processLeased(items, stream: stream)
                        settled(items)
                    }
                }
            }
            try await group.waitForAll()
        }
        // Workers stop quietly when cancelled; the run must not then look complete.
        try Task.checkCancellation()
    }

    /// Leases the next due batch of `stream` (on the ledger's queue).
    func lease(_ stream: SyncStream) async throws -> [OutboxItem] {
        let limit = configuration.batchSize, milliseconds = configuration.leaseSeconds * 1000
        return try await ledger.perform {
            try $0.lease(stream: stream.rawValue, limit: limit, leaseMilliseconds: milliseconds,
                         parentStream: stream.parent?.rawValue)
        }
    }

    /// `process`, giving back the batch's unsettled rows when it fails or is interrupted (leases never expire
    /// while the process lives, so a worker that stops must hand its rows back itself).
    func processLeased(_ items: [OutboxItem], stream: SyncStream) async throws {
        do {
            try await process(items, stream: stream)
        } catch {
            _ = try? await ledger.perform { try $0.releaseLeases(items) }
            throw error
        }
    }

    func process(_ items: [OutboxItem], stream: SyncStream) async throws {
        var creates: [OutboxItem] = []
        var updates: [OutboxItem] = []
        for item in items {
            var item = item
            if item.mayHaveLanded {
                guard let verified = try await verify(item, stream: stream) else { continue }
                item = verified
            }
            if item.remoteHash == nil || !stream.hasUpdateFlag { creates.append(item) } else { updates.append(item) }
        }
        if !creates.isEmpty { try await send(creates, stream: stream, isCreate: true, verified: false) }
        if !updates.isEmpty { try await send(updates, stream: stream, isCreate: false, verified: false) }
    }

    /// Asks the portal what it holds for an item that may have landed. Returns the item ready to send (with
    /// `remoteHash` telling create from update), or nil when it is settled (delivered or rescheduled).
    func verify(_ item: OutboxItem, stream: SyncStream) async throws -> OutboxItem? {
        let held: PortalHolding
        do {
            held = try await PortalLookup(portal: portal).holding(for: item, stream: stream)
        } catch {
            let (code, message) = Self.describe(Self.outcome(of: error))
            let delay = planner.delay(attempts: item.attempts, retryAfter: nil, unit: random.nextUnit())
            try ledger.reschedule([item], notBefore: due(delay), errorCode: code,
                                  message: "lookup failed: \(message)", mayHaveLanded: true)
            tally.add(rescheduled: 1)
            return nil
        }
        var ready = item
        ready.mayHaveLanded = false
        switch held {
        case .same:
            try ledger.markDelivered([item])
            tally.add(delivered: 1, verified: 1)
            return nil
        case .different:
            ready.remoteHash = ready.remoteHash ?? "present"
        case .absent:
            ready.remoteHash = nil
        }
        return ready
    }

    /// Sends `items` as one request and acts on the answer. `verified`: the portal was asked what it holds after an
    /// ambiguous failure of this batch; `switched`: this attempt already followed a switch between create and update.
    func send(_ items: [OutboxItem], stream: SyncStream, isCreate: Bool, verified: Bool,
              switched: Bool = false) async throws {
        let outcome = await attempt(items, stream: stream, isCreate: isCreate)
        if Task.isCancelled && outcome != .accepted {
            // Interrupted with the request possibly on the wire: the portal may have applied it, so the next attempt
            // looks it up first instead of creating it again.
            try ledger.reschedule(items, notBefore: due(0), errorCode: "push.cancelled",
                                  message: "interrupted before the answer", mayHaveLanded: true, countAttempt: false)
            throw CancellationError()
        }
        let attempts = items.map(\.attempts).max() ?? 0
        let step = planner.decide(outcome, batchSize: items.count, isCreate: isCreate, attempts: attempts,
                                  unit: random.nextUnit(), hasUpdateFlag: stream.hasUpdateFlag, switched: switched)
        tally.add(requests: 1)
        switch step {
        case .delivered:
            try await ledger.perform { try $0.markDelivered(items) }
            tally.add(delivered: items.count)
        case .resendAsUpdate:
            try await send(items, stream: stream, isCreate: false, verified: verified, switched: true)
        case .resendAsCreate:
            try await send(items, stream: stream, isCreate: true, verified: verified, switched: true)
        case .split:
            let middle = items.count / 2
            try await send(Array(items[..<middle]), stream: stream, isCreate: isCreate, verified: verified,
                           switched: switched)
            try await send(Array(items[middle...]), stream: stream, isCreate: isCreate, verified: verified,
                           switched: switched)
        case .deadLetter(let code, let reason):
            for item in items { try ledger.deadLetter(item, errorCode: code, reason: reason) }
            tally.add(deadLettered: items.count)
        case .verifyThenResend:
            guard case .ambiguous = outcome, !verified else {
                try putBack(items, outcome: outcome, mayHaveLanded: true)
                return
            }
            tally.add(ambiguous: items.count)
            var again: [OutboxItem] = []
            for item in items {
                var marked = item
                marked.mayHaveLanded = true
                if let ready = try await verify(marked, stream: stream) { again.append(ready) }
            }
            let creates = again.filter { $0.remoteHash == nil || !stream.hasUpdateFlag }
            let updates = again.filter { $0.remoteHash != nil && stream.hasUpdateFlag }
            if !creates.isEmpty { try await send(creates, stream: stream, isCreate: true, verified: true) }
            if !updates.isEmpty { try await send(updates, stream: stream, isCreate: false, verified: true) }
        case .reschedule(let seconds, let code, let message):
            try ledger.reschedule(items, notBefore: due(seconds), errorCode: code, message: message,
                                  mayHaveLanded: false)
            tally.add(rescheduled: items.count, reason: code)
        }
    }

    func putBack(_ items: [OutboxItem], outcome: PushOutcome, mayHaveLanded: Bool) throws {
        let (code, message) = Self.describe(outcome)
        let delay = planner.delay(attempts: items.map(\.attempts).max() ?? 0, retryAfter: nil, unit: random.nextUnit())
        try ledger.reschedule(items, notBefore: due(delay), errorCode: code, message: message,
                              mayHaveLanded: mayHaveLanded)
        tally.add(rescheduled: items.count, reason: code)
    }

    func due(_ seconds: Double) -> Int64 { clock.now.epochMilliseconds + Int64(seconds * 1000) }

    func attempt(_ items: [OutboxItem], stream: SyncStream, isCreate: Bool) async -> PushOutcome {
        var fields: [String: JSONValue] = [:]
        if stream.hasUpdateFlag { fields["isUpdating"] = .string(isCreate ? "False" : "True") }
        do {
            // Payloads are the canonical JSON written when the record was mapped; they go out as stored.
            _ = try await portal.call(service: stream.service, fields: fields, records: items.map(\.payload))
            return .accepted
        } catch {
            return Self.outcome(of: error)
        }
    }
}
