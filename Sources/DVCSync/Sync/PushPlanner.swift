/// How one push attempt ended, as the pusher sees it.
public enum PushOutcome: Sendable, Equatable {
    /// The portal answered success.
    case accepted
    /// The portal says the record exists already ("đã tồn tại").
    case exists(message: String)
    /// The portal validated and refused the batch (permanent for the bad record).
    case refused(message: String)
    /// A failure that did not reach the portal, or that the portal reported as temporary.
    case transient(code: String, message: String, retryAfterSeconds: Double?)
    /// The request may have been applied: connection lost after sending, timeout, unreadable answer.
    case ambiguous(code: String, message: String)
}

/// What the pusher does next.
public enum PushStep: Sendable, Equatable {
    /// Record the batch as delivered.
    case delivered
    /// Send the same record again as an update (`isUpdating=True`).
    case resendAsUpdate
    /// Send the same record again as a create: the portal does not hold what the ledger thought it held.
    case resendAsCreate
    /// Split the batch in two to isolate the refused record.
    case split
    /// Give up on this record: it goes to the dead letters with the portal's reason.
    case deadLetter(code: String, reason: String)
    /// Ask the portal (`TraCuuHoSo`) what it holds before sending again.
    case verifyThenResend
    /// Put the batch back in the outbox for a later attempt.
    case reschedule(afterSeconds: Double, code: String, message: String)
}

/// The pusher's decisions as a pure function: no I/O, so every path is unit-tested.
public struct PushPlanner: Sendable {
    /// Back-off settings for records put back in the outbox.
    public struct Configuration: Sendable {
        /// First delay. Key `push.backoffBase`; default 2 s.
        public var baseSeconds = 2.0
        /// Longest delay between two attempts of a record. Key `push.backoffCap`; default 300 s (records keep
        /// waiting through a long outage and go out after recovery, without a restart).
        public var capSeconds = 300.0
        /// Longest `Retry-After` honoured. Key `push.maxRetryAfter`; default 900 s.
        public var maxRetryAfterSeconds = 900.0
        public init() {}
    }

    public var configuration: Configuration
    public init(configuration: Configuration = .init()) { self.configuration = configuration }

    /// Decides the next step for a batch of `batchSize` records after `outcome`.
    /// `attempts` counts earlier attempts of the batch's records; `unit` is a random number in [0, 1) for jitter.
    /// `hasUpdateFlag` is false for a service without create and update (steps); `switched` is true when this
    /// attempt already followed a switch between create and update: a second switch means the portal contradicts
    /// itself ("exists" to a create, "does not exist" to the update), and the record goes to the dead letters with
    /// both answers' reason instead of going back and forth.
    public func decide(_ outcome: PushOutcome, batchSize: Int, isCreate: Bool, attempts: Int, unit: Double,
                       hasUpdateFlag: Bool = true, switched: Bool = false) -> PushStep
    {
        switch outcome {
        case .accepted:
            return .delivered
        case .exists(let message):
            if batchSize > 1 { return .split }
            // A service without updates (steps): the portal holds this record already, there is nothing to resend.
            if !hasUpdateFlag { return .delivered }
            if isCreate && !switched { return .resendAsUpdate }
            return .deadLetter(code: switched ? "portal.inconsistent" : "portal.exists", reason: message)
        case .refused(let message):
            if !isCreate && batchSize == 1 && Self.saysUnknown(message) {
                return switched ? .deadLetter(code: "portal.inconsistent", reason: message) : .resendAsCreate
            }
            return batchSize > 1 ? .split : .deadLetter(code: "portal.refused", reason: message)
        case .ambiguous:
            return .verifyThenResend
        case .transient(let code, let message, let retryAfter):
            return .reschedule(afterSeconds: delay(attempts: attempts, retryAfter: retryAfter, unit: unit),
                               code: code, message: message)
        }
    }

    /// Full-jitter exponential back-off, `Retry-After` winning when larger (clamped).
    public func delay(attempts: Int, retryAfter: Double?, unit: Double) -> Double {
        let exponent = min(max(attempts, 0), 30)
        let ceiling = min(configuration.capSeconds, configuration.baseSeconds * pow2(exponent))
        let jittered = ceiling * min(max(unit, 0), 1)
        guard let retryAfter else { return jittered }
        return max(jittered, min(retryAfter, configuration.maxRetryAfterSeconds))
    }

    /// True when a refusal says the dossier does not exist on the portal.
    public static func saysUnknown(_ message: String) -> Bool {
        let lowered = message.lowercased()
        return ["không tồn tại", "chưa tồn tại", "không tìm thấy", "not found"].contains { lowered.contains($0) }
    }

    private func pow2(_ n: Int) -> Double { Double(1 << n) }
}
