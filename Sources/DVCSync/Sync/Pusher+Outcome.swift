import Foundation

/// A failure below the portal's envelope (the transport's errors conform): whether the request may have reached
/// the server decides between a plain retry and a lookup first.
public protocol DeliveryFailure: CodedError {
    /// True when the request may have been applied (connection lost after sending, timeout after sending).
    var mayHaveReachedServer: Bool { get }
    /// Seconds the server asked us to wait, if it said so.
    var retryAfterSeconds: Double? { get }
}

extension Pusher {
    /// Classifies any error of a push attempt.
    static func outcome(of error: any Error) -> PushOutcome {
        if error is CancellationError {
            // Cancelled while in flight (shutdown): the portal may have applied it.
            return .ambiguous(code: "push.cancelled", message: "the request was cancelled in flight")
        }
        if let portal = error as? PortalError {
            switch portal.kind {
            case .exists: return .exists(message: portal.portalMessage)
            case .refused: return .refused(message: portal.portalMessage)
            case .badResponse: return .ambiguous(code: portal.code, message: portal.message)
            case .session, .login, .internalError:
                return .transient(code: portal.code, message: portal.message, retryAfterSeconds: nil)
            case .http:
                let status = portal.httpStatus ?? 0
                let retryAfter = portal.retryAfter.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
                if [400, 413, 422].contains(status) {
                    return .refused(message: "HTTP \(status)")
                }
                if status >= 500 && status != 503 && status != 501 {
                    // 500/502/504 can come after the adapter forwarded the request.
                    return .ambiguous(code: "http.status", message: "HTTP \(status)")
                }
                return .transient(code: "http.status", message: "HTTP \(status)", retryAfterSeconds: retryAfter)
            }
        }
        if let transport = error as? TransportError, let cause = transport.cause {
            // The breaker or the retry budget stopped the call: the reason to count and record is the failure
            // behind it (the message still says the breaker is open or the budget spent).
            return .transient(code: cause.rawValue, message: transport.message,
                              retryAfterSeconds: transport.retryAfterSeconds)
        }
        if let failure = error as? any DeliveryFailure {
            return failure.mayHaveReachedServer
                ? .ambiguous(code: failure.code, message: failure.message)
                : .transient(code: failure.code, message: failure.message,
                             retryAfterSeconds: failure.retryAfterSeconds)
        }
        if let coded = error as? any CodedError {
            return .transient(code: coded.code, message: coded.message, retryAfterSeconds: nil)
        }
        return .transient(code: "push.unknown", message: String(describing: type(of: error)), retryAfterSeconds: nil)
    }

    static func describe(_ outcome: PushOutcome) -> (String, String) {
        switch outcome {
        case .accepted: return ("ok", "accepted")
        case .exists(let message): return ("portal.exists", message)
        case .refused(let message): return ("portal.refused", message)
        case .transient(let code, let message, _), .ambiguous(let code, let message): return (code, message)
        }
    }
}
