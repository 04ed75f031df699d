extension TransportError: DeliveryFailure {
    /// True when the request may have been applied by the server.
    public var mayHaveReachedServer: Bool { classification == .ambiguous }
}
