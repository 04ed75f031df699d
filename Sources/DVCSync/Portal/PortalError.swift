import Foundation

/// An answer from the portal that is not a success, or a failure to get one.
public struct PortalError: CodedError {
    /// What kind of failure, which decides what the pusher does next.
    public enum Kind: String, Sendable {
        /// `error_code` 2: the portal validated and refused the batch; the message names the record and field.
        case refused
        /// `error_code` 3 / "đã tồn tại": the dossier exists already; resend as an update.
        case exists
        /// `error_code` -1: session invalid or expired.
        case session
        /// Login refused.
        case login
        /// `error_code` -3 or another non-zero code: the portal failed; try later.
        case internalError = "internal"
        /// The body was not the documented envelope (truncated, not JSON): the request may have been applied.
        case badResponse = "bad_response"
        /// A non-2xx HTTP status that the transport did not (or no longer) retry.
        case http
    }

    public var kind: Kind
    /// The portal's `error_code`, when it answered one.
    public var errorCode: String?
    /// The portal's message (never contains our credentials).
    public var portalMessage: String
    public var code: String { "portal.\(kind.rawValue)" }
    public var message: String {
        errorCode.map { "error_code \($0): \(portalMessage)" } ?? portalMessage
    }

    /// The `Retry-After` header of an HTTP failure, as sent.
    public var retryAfter: String?

    public init(kind: Kind, errorCode: String? = nil, portalMessage: String, retryAfter: String? = nil) {
        self.kind = kind
        self.errorCode = errorCode
        self.portalMessage = portalMessage
        self.retryAfter = retryAfter
    }

    /// The error with each of `secrets` (our password, the session token) blanked out of the portal's message, in
    /// case the portal echoes a request back.
    func redacting(_ secrets: [String]) -> PortalError {
        var copy = self
        for secret in secrets where !secret.isEmpty {
            copy.portalMessage = copy.portalMessage.replacingOccurrences(of: secret, with: "<redacted>")
        }
        return copy
    }

    /// HTTP status of an `.http` failure.
    public var httpStatus: Int? { kind == .http ? errorCode.flatMap { Int($0) } : nil }
}
