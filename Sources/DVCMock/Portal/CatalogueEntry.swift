import DVCJSON
import Foundation

/// One national procedure (TTHC) the portal knows: its code, name and main field, plus the full `LayThuTuc` packet.
public struct CatalogueEntry: Sendable, Hashable {
    /// National code, e.g. `1.001193`.
    public var code: String
    /// Name (`TENTTHC`).
    public var name: String
    /// Main field code (`MALINHVUC`).
    public var fieldCode: String
    /// Main field name (`TENLINHVUC`).
    public var fieldName: String
    /// The procedure packet in the `LayThuTuc` shape (§5.2).
    public var packet: JSONValue

    /// An entry whose packet is built from the four values.
    public init(code: String, name: String, fieldCode: String, fieldName: String) {
        self.code = code
        self.name = name
        self.fieldCode = fieldCode
        self.fieldName = fieldName
        packet = .object([
            "MATTHC": .string(code), "TENTTHC": .string(name), "TRANGTHAI": "1",
            "LINHVUCTHUCHIEN": [.object(["MALINHVUC": .string(fieldCode), "TENLINHVUC": .string(fieldName)])],
        ])
    }

    /// An entry read from a packet (`LINHVUCTHUCHIEN[0]`) or a flat list item (`MALINHVUC`, `TENLINHVUC`).
    public init?(packet: JSONValue) {
        guard let code = packet["MATTHC"]?.scalarText, !code.isEmpty,
            let name = packet["TENTTHC"]?.scalarText
        else { return nil }
        let field = packet["LINHVUCTHUCHIEN"]?.arrayValue?.first
        let fieldCode = field?["MALINHVUC"]?.scalarText ?? packet["MALINHVUC"]?.scalarText ?? ""
        let fieldName = field?["TENLINHVUC"]?.scalarText ?? packet["TENLINHVUC"]?.scalarText ?? ""
        self.code = code
        self.name = name
        self.fieldCode = fieldCode
        self.fieldName = fieldName
        var members = packet.objectValue ?? [:]
        if members["LINHVUCTHUCHIEN"] == nil {
            members["LINHVUCTHUCHIEN"] = [.object(["MALINHVUC": .string(fieldCode), "TENLINHVUC": .string(fieldName)])]
        }
        self.packet = .object(members)
    }

    /// The `LayDanhSachTTHC` list item.
    public var listItem: JSONValue {
        .object([
            "MATTHC": .string(code), "TENTTHC": .string(name), "MALINHVUC": .string(fieldCode),
            "TENLINHVUC": .string(fieldName),
        ])
    }

    /// Reads a catalogue file: a JSON array of packets, flat items or province entries holding a `packet`, or an object holding it under `procedures`,
    /// `result` or `data`.
    public static func load(from url: URL) throws(MockError) -> [CatalogueEntry] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw MockError(code: "mock.catalogue.unreadable", message: "cannot read \(url.lastPathComponent)")
        }
        let document: JSONValue
        do {
            document = try JSONParser.parse(Array(data))
        } catch {
            throw MockError(code: "mock.catalogue.syntax", message: "\(url.lastPathComponent): \(error)")
        }
        let items = document.arrayValue ?? document["procedures"]?.arrayValue ?? document["result"]?.arrayValue
            ?? document["data"]?.arrayValue
        guard let items else {
            throw MockError(code: "mock.catalogue.shape", message: "\(url.lastPathComponent) holds no procedure list")
        }
        var entries: [CatalogueEntry] = []
        entries.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            guard let entry = CatalogueEntry(packet: item["packet"] ?? item) else {
                throw MockError(code: "mock.catalogue.shape",
                                message: "\(url.lastPathComponent): item \(index + 1) lacks MATTHC or TENTTHC")
            }
            entries.append(entry)
        }
        return entries
    }

    /// Built-in catalogue: the real national codes of §8 of the portal reference; field codes other than
    /// `G03-GD10` are illustrative.
    public static let builtIn: [CatalogueEntry] = [
        ("1.001193", "Thủ tục đăng ký khai sinh", "LV-HOTICH", "Hộ tịch"),
        ("1.000656", "Thủ tục đăng ký khai tử", "LV-HOTICH", "Hộ tịch"),
        ("1.004873", "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân", "LV-HOTICH", "Hộ tịch"),
        ("2.000635", "Thủ tục cấp bản sao trích lục hộ tịch", "LV-HOTICH", "Hộ tịch"),
        ("2.000815", "Chứng thực bản sao từ bản chính giấy tờ, văn bản", "LV-CHUNGTHUC", "Chứng thực"),
        ("2.000884", "Chứng thực chữ ký trong giấy tờ, văn bản", "LV-CHUNGTHUC", "Chứng thực"),
        ("1.001612", "Đăng ký thành lập hộ kinh doanh", "LV-HKD", "Thành lập và hoạt động của hộ kinh doanh"),
        ("1.004222", "Đăng ký thường trú", "LV-CUTRU", "Đăng ký, quản lý cư trú"),
        ("1.004194", "Đăng ký tạm trú", "LV-CUTRU", "Đăng ký, quản lý cư trú"),
        ("1.001699", "Xác định mức độ khuyết tật và cấp Giấy xác nhận khuyết tật", "LV-BTXH", "Bảo trợ xã hội"),
        ("3.000182", "Tuyển sinh trung học cơ sở", "G03-GD10", "Giáo dục Trung học"),
        ("3.000181", "Tuyển sinh trung học phổ thông", "G03-GD10", "Giáo dục Trung học"),
        ("2.000488", "Cấp Phiếu lý lịch tư pháp", "LV-LLTP", "Lý lịch tư pháp"),
    ].map { CatalogueEntry(code: $0.0, name: $0.1, fieldCode: $0.2, fieldName: $0.3) }
}
