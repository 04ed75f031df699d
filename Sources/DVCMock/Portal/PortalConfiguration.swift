import Foundation
import Synchronization

/// Wall-clock time for the portal's sessions, injected so expiry is testable without waiting.
public protocol PortalClock: Sendable {
    /// Current time.
    var now: Date { get }
}

/// The real clock.
public struct SystemPortalClock: PortalClock {
    public init() {}
    public var now: Date { Date() }
}

/// A clock that moves only when told to.
public final class ManualPortalClock: PortalClock {
    private let current: Mutex<Date>

    public init(_ start: Date = Date(timeIntervalSince1970: 1_700_000_000)) { current = Mutex(start) }

    public var now: Date { current.withLock { $0 } }

    /// Moves the clock forward.
    public func advance(by duration: Duration) {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }
}

/// An agency served by `LayDanhMucCoQuan`.
public struct PortalAgency: Sendable, Hashable {
    /// Identifier code, e.g. `000.00.00.H20`.
    public var code: String
    /// Name.
    public var name: String
    /// Level (1 = province/ministry, 2 = department/district, 3 = commune).
    public var level: Int

    public init(code: String, name: String, level: Int) {
        self.code = code
        self.name = name
        self.level = level
    }
}

extension MockPortal {
    /// Settings of the mock portal; every default is what docs/mock.md lists.
    public struct Configuration: Sendable {
        /// Login account; default `000.00.00.H20`.
        public var username = "000.00.00.H20"
        /// Login password; default `mock-secret`.
        public var password = "mock-secret"
        /// Session lifetime; default 10 minutes.
        public var sessionLifetime = Duration.seconds(600)
        /// Required `dstcode` (header or query); default `VN:GOV:000.00.00.G22:vpcpdvcprovider`.
        public var dstcode = "VN:GOV:000.00.00.G22:vpcpdvcprovider"
        /// Whether a missing or different `dstcode` is refused; default true.
        public var requiresDstcode = true
        /// Login path; default `/mapi/login`. Every other POST path dispatches on the body's `service`.
        public var loginPath = "/mapi/login"
        /// Field length limits.
        public var limits = PortalFieldLimits()
        /// Agencies answered by `LayDanhMucCoQuan`; default a few Đồng Tháp agencies (2023 codes).
        public var agencies = PortalAgency.defaultAgencies
        /// Clock for session expiry.
        public var clock: any PortalClock = SystemPortalClock()
        /// Seed of the session tokens.
        public var seed: UInt64 = 1
        /// Text every session token starts with, so tests can search outputs for any issued token; default empty.
        public var sessionPrefix = ""

        public init() {}
    }
}

/// Maximum lengths (in characters) the portal accepts; the real limits are not public, these are documented choices.
public struct PortalFieldLimits: Sendable, Hashable {
    /// `TrichYeuHoSo`, `TenTTHC`; default 1000.
    public var summary = 1000
    /// `NguoiXuLy`; default 50.
    public var officer = 50
    /// Codes and numbers (`MaHoSo`, `MaTTHC`, `MaLinhVuc`, `SoBienNhan`, …); default 100.
    public var code = 100
    /// Names (`ChuHoSo`, `DonViXuLy`, `TenLinhVuc`, `ChucDanh`, `PhongBanXuLy`, …); default 500.
    public var name = 500
    /// Free text (`GhiChu`, `ThongTinKhac`, `ThongTinTra`, `NoiDungXuLy`); default 2000.
    public var text = 2000
    /// Any string inside nested lists (file names, URLs); default 4000.
    public var nested = 4000

    public init() {}
}

extension PortalAgency {
    /// Default agencies (Đồng Tháp, 2023 layout).
    public static let defaultAgencies: [PortalAgency] = [
        PortalAgency(code: "000.00.00.H20", name: "UBND tỉnh Đồng Tháp", level: 1),
        PortalAgency(code: "000.00.01.H20", name: "Văn phòng UBND tỉnh Đồng Tháp", level: 2),
        PortalAgency(code: "000.00.14.H20", name: "Sở Thông tin và Truyền thông tỉnh Đồng Tháp", level: 2),
        PortalAgency(code: "000.00.00.G22", name: "Văn phòng Chính phủ", level: 1),
    ]
}
