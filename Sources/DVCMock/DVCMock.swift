/// Mock national portal (DVCQG) and mock provincial one-stop system (OpenCPS v2), served over real HTTP on loopback.
public enum DVCMockInfo {
    /// Mock version.
    public static let version = "0.1.0"
}
