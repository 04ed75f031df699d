/// An error of the mock (bad scenario, unreadable catalogue, server start failure), with a stable dotted code.
public struct MockError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable machine-readable code, e.g. `mock.scenario.invalid`.
    public var code: String
    /// Explanation, safe to log.
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
