/// Every dvcsync error carries a stable, dotted code (`transport.timeout`, `ledger.busy`, `mapping.lookup`) that the
/// ledger, the CLI and metrics use. Its message never contains secrets, tokens or payloads.
public protocol CodedError: Error, Sendable, CustomStringConvertible {
    /// Stable machine-readable code.
    var code: String { get }
    /// Human-readable explanation, safe to log.
    var message: String { get }
}

extension CodedError {
    public var description: String { "\(code): \(message)" }
}
