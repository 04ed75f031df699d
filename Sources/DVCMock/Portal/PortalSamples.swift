import DVCJSON

/// Valid sample records for tests, benchmarks and demos.
public enum PortalSamples {
    /// A valid `DongBoHoSoMC` record for `maHoSo` using the built-in procedure `1.001193`.
    public static func dossier(_ maHoSo: String) -> [String: JSONValue] {
        [
            "MaHoSo": .string(maHoSo), "MaTTHC": "1.001193", "TenTTHC": "Thủ tục đăng ký khai sinh",
            "MaLinhVuc": "LV-HOTICH", "TenLinhVuc": "Hộ tịch", "ChuHoSo": "Nguyễn Văn A", "LoaiDoiTuong": "1",
            "MaDoiTuong": "", "Email": "", "SoDienThoai": "0912345678", "TrichYeuHoSo": "Đăng ký khai sinh cho con",
            "NgayTiepNhan": "20231204081500", "NgayHenTra": "20231205170000", "TrangThaiHoSo": "2", "NgayTra": "",
            "HinhThuc": "0", "NgayKetThucXuLy": "", "DonViXuLy": "UBND xã Mỹ Trà", "KenhThucHien": "2",
            "TaiLieuNop": [
                [
                    "TepDinhKemId": "981", "TenTepDinhKem": "to_khai.pdf", "IsDeleted": "False",
                    "MaThanhPhanHoSo": "GT-01", "DuongDanTaiTepTin": "https://motcua.example.vn/download?f=981",
                    "DuocSoHoa": "1", "DuocTaiSuDung": "0", "DuocLayTuKhoDMQG": "0",
                ]
            ],
            "DanhSachLePhi": [], "DanhSachGiayToKetQua": [],
        ]
    }

    /// A valid `CapNhatTienDoHoSoMC` step.
    public static func step(_ maHoSo: String, at time: String = "20231204081500", status: String = "2",
                            action: String = "Tiếp nhận hồ sơ") -> [String: JSONValue] {
        [
            "MaHoSo": .string(maHoSo), "NguoiXuLy": "Chuyên viên", "ChucDanh": "Chuyên viên một cửa",
            "ThoiDiemXuLy": .string(time), "PhongBanXuLy": "Bộ phận một cửa", "NoiDungXuLy": .string(action),
            "TrangThai": .string(status), "NgayBatDau": "", "NgayKetThucTheoQuyDinh": "",
        ]
    }

    /// A valid `CapNhatThuTuc` packet.
    public static func procedure(_ code: String, name: String = "Thủ tục thử nghiệm") -> [String: JSONValue] {
        [
            "MATTHC": .string(code), "TENTTHC": .string(name), "TRANGTHAI": "1",
            "LINHVUCTHUCHIEN": [["MALINHVUC": "LV-HOTICH", "TENLINHVUC": "Hộ tịch"]],
            "SOQUYETDINH": "123/QĐ-UBND", "NGAYQUYETDINH": "20230615", "MACOQUANCONGBO": "000.00.00.H20",
        ]
    }

    /// A `DongBoHoSoMC` envelope for `records`.
    public static func syncEnvelope(session: String, records: [[String: JSONValue]], updating: Bool = false)
        -> JSONValue
    {
        .object([
            "session": .string(session), "madonvi": "000.00.00.H20", "service": "DongBoHoSoMC",
            "isUpdating": updating ? "True" : "False", "data": .array(records.map { .object($0) }),
        ])
    }
}
