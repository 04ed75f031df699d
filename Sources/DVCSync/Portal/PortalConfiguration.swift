/// How dvcsync reaches the national portal (portal-api.md §1). The three endpoints are separate because the real
/// integration path is not public; the mock accepts any path and dispatches on the body's `service`.
public struct PortalConfiguration: Sendable {
    /// Login URL, `{adapter}/mapi/login`. Key `portal.authEndpoint`.
    public var authEndpoint: String
    /// URL for push services and lookups (DongBoHoSoMC, CapNhatTienDoHoSoMC, TraCuuHoSo, LayThuTuc, CapNhatThuTuc).
    /// Key `portal.integrationEndpoint`.
    public var integrationEndpoint: String
    /// URL for catalogue sharing services (LayDanhSachTTHC, LayDanhMucCoQuan, LayDanhMucLinhVuc).
    /// Key `portal.shareEndpoint`.
    public var shareEndpoint: String
    /// Account name. Key `portal.username`.
    public var username: String
    /// Account password; a secret, never logged. Key `portal.password` (from the environment or a file).
    public var password: Secret
    /// Destination code of the portal's provider. Key `portal.dstcode`; default VPCP's provider code.
    public var dstcode = "VN:GOV:000.00.00.G22:vpcpdvcprovider"
    /// Where `dstcode` travels: header (OpenCPS) or query parameter. Key `portal.dstcodeIn`; default header.
    public var dstcodeInQuery = false
    /// The province's agency identifier sent as `madonvi`. Key `portal.madonvi`; default UBND tỉnh Đồng Tháp.
    public var madonvi = "000.00.00.H20"
    /// A session is renewed after this long even if the portal has not refused it. Key `portal.sessionLifetime`;
    /// default 9 minutes (the portal's lifetime is undocumented; OpenCPS caches 10 minutes).
    public var sessionLifetime: Duration = .seconds(540)

    public init(authEndpoint: String, integrationEndpoint: String, shareEndpoint: String, username: String,
                password: Secret) {
        self.authEndpoint = authEndpoint
        self.integrationEndpoint = integrationEndpoint
        self.shareEndpoint = shareEndpoint
        self.username = username
        self.password = password
    }

    /// All three endpoints under one adapter base URL (`{base}/mapi/login`, `{base}/mapi/g`).
    public init(adapterBase: String, username: String, password: Secret) {
        let base = adapterBase.hasSuffix("/") ? String(adapterBase.dropLast()) : adapterBase
        self.init(authEndpoint: base + "/mapi/login", integrationEndpoint: base + "/mapi/g",
                  shareEndpoint: base + "/mapi/g", username: username, password: password)
    }
}

/// A secret value (password, token). Its description is always redacted.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The secret itself; read it only to put it on the wire.
    public let value: String
    public init(_ value: String) { self.value = value }
    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
}
