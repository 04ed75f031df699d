/// dvcsync core library: connectors, mappings, transport, ledger, sync engine and reconciliation.
public enum DVCSyncInfo {
    /// Product version.
    public static let version = "0.1.0"
}
