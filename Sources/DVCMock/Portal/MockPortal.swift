import DVCJSON
import Foundation
import Synchronization

/// The mock national portal (DVCQG): login, the push and lookup services of docs/mock.md, validation, storage and
/// `/_mock/` inspection. Host it with `MockHTTPServer`.
public final class MockPortal: MockService {
    /// The settings.
    public let configuration: Configuration
    let rules: PortalRules
    let initialCatalogue: [CatalogueEntry]
    let state: Mutex<PortalState>

    /// A portal with `catalogue` as its national procedure list (default: the built-in sample).
    public init(configuration: Configuration = Configuration(), catalogue: [CatalogueEntry] = CatalogueEntry.builtIn) {
        self.configuration = configuration
        rules = PortalRules(limits: configuration.limits)
        initialCatalogue = catalogue
        state = Mutex(PortalState(catalogue: catalogue))
    }

    public func handle(_ request: MockHTTPRequest) async -> MockHTTPResponse {
        if request.path.hasPrefix("/_mock/") { return inspect(request) }
        guard request.method == "POST" else {
            return answer(request.bodyServiceName ?? "unknown", code: "2", message: "Chỉ chấp nhận phương thức POST", status: 405)
        }
        if configuration.requiresDstcode {
            let given = request.header("dstcode") ?? request.query["dstcode"]
            guard given == configuration.dstcode else {
                return answer(request.bodyServiceName ?? "unknown", code: "-1", message: "Thiếu hoặc sai dstcode",
                              status: 403)
            }
        }
        guard let members = try? JSONParser.parse(request.body).objectValue else {
            return answer(request.bodyServiceName ?? "unknown", code: "2",
                          message: "Nội dung yêu cầu không phải JSON hợp lệ", status: 400)
        }
        if request.path == configuration.loginPath { return login(members) }
        guard let service = members["service"]?.scalarText, !service.isEmpty else {
            return answer("unknown", code: "2", message: "Thiếu tham số service")
        }
        guard hasValidSession(members["session"]?.scalarText, expireAll: request.directives.expireSessions) else {
            return answer(service, code: "-1", message: "Phiên làm việc không hợp lệ hoặc đã hết hạn")
        }
        switch service {
        case "DongBoHoSoMC": return syncDossiers(members, request.directives)
        case "CapNhatTienDoHoSoMC": return syncSteps(members)
        case "CapNhatThuTuc": return publishProcedures(members)
        case "TraCuuHoSo": return lookUpDossier(members)
        case "LayDanhSachTTHC": return listProcedures()
        case "LayThuTuc": return procedure(members)
        case "LayDanhMucCoQuan": return listAgencies()
        case "LayDanhMucLinhVuc": return listFields()
        default: return answer(service, code: "2", message: "Dịch vụ \(service) không được hỗ trợ")
        }
    }

    public func reset() async {
        state.withLock { $0 = PortalState(catalogue: initialCatalogue) }
    }

    /// The `MaHoSo` of every item in the body's `data` (pushes), or the body's `mahoso` (lookups).
    public func journalKeys(of request: MockHTTPRequest) -> [String] {
        guard let members = try? JSONParser.parse(request.body).objectValue else { return [] }
        if let items = members["data"]?.arrayValue { return items.compactMap { $0["MaHoSo"]?.scalarText } }
        return (members["mahoso"] ?? members["MaHoSo"])?.scalarText.map { [$0] } ?? []
    }

    // MARK: - Sessions

    private func login(_ members: [String: JSONValue]) -> MockHTTPResponse {
        guard members["username"]?.scalarText == configuration.username,
            members["password"]?.scalarText == configuration.password
        else {
            return answer("login", code: "-1", message: "Tên đăng nhập hoặc mật khẩu không đúng")
        }
        let expiry = configuration.clock.now.addingTimeInterval(Self.seconds(configuration.sessionLifetime))
        let token = state.withLock { state -> String in
            state.sessionSerial += 1
            let serial = state.sessionSerial
            let high = SplitMix64.mix(configuration.seed ^ serial)
            let low = SplitMix64.mix(high ^ serial)
            let token = configuration.sessionPrefix + String(high, radix: 16) + String(low, radix: 16)
            state.sessions[token] = expiry
            return token
        }
        return answer("login", code: "0", message: "Đăng nhập thành công", extra: ["session": .string(token)])
    }

    private func hasValidSession(_ token: String?, expireAll: Bool) -> Bool {
        let now = configuration.clock.now
        return state.withLock { state in
            if expireAll { state.sessions.removeAll() }
            guard let token, let expiry = state.sessions[token] else { return false }
            if expiry <= now {
                state.sessions[token] = nil
                return false
            }
            return true
        }
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    // MARK: - Answers

    /// Counts the answer and renders the envelope `{"error_code", "message", …}`.
    func answer(_ service: String, code: String, message: String, keys: [String] = [], result: [JSONValue]? = nil,
                extra: [String: JSONValue] = [:], duplicate: Bool = false, status: Int = 200) -> MockHTTPResponse {
        state.withLock { $0.count(service, code: code, duplicate: duplicate) }
        var members = extra
        members["error_code"] = .string(code)
        members["message"] = .string(message)
        if let result { members["result"] = .array(result) }
        let note = MockJournalNote(operation: service, keys: keys, outcome: code,
                                   detail: code == "0" ? nil : String(message.prefix(200)))
        return .json(JSONWriter.bytes(.object(members)), status: status, note: note)
    }

    /// `isUpdating` as a string (`"True"`, `"false"`, `"1"`, `""`) or a JSON boolean; nil when unreadable.
    static func flag(_ value: JSONValue?) -> Bool? {
        switch value {
        case nil, .null?: return false
        case .bool(let flag)?: return flag
        case .string(let text)?:
            switch text.lowercased() {
            case "true", "1": return true
            case "false", "0", "": return false
            default: return nil
            }
        case .number(let text)?: return text == "1" ? true : text == "0" ? false : nil
        default: return nil
        }
    }
}
