/// The portal's record shapes (portal-api.md §2, §3, §5.2, §10), as data: field names, list or scalar, required.
public struct PortalSchema: Sendable {
    /// One field of a portal record.
    public struct Field: Sendable {
        /// Field is required by the portal.
        public var required: Bool
        /// Item shape when the field is a list; nil for scalars.
        public var items: PortalSchema?
    }

    /// Fields by name.
    public var fields: [String: Field]

    /// Schema of a record kind: `DongBoHoSoMC`, `CapNhatTienDoHoSoMC` or `ThuTuc`.
    public static func forTarget(_ target: String) -> PortalSchema? {
        switch target {
        case "DongBoHoSoMC": return dossier
        case "CapNhatTienDoHoSoMC": return step
        case "ThuTuc": return procedure
        default: return nil
        }
    }

    static func scalars(required: [String], optional: [String], lists: [String: PortalSchema] = [:]) -> PortalSchema {
        var fields: [String: Field] = [:]
        for name in required { fields[name] = Field(required: true, items: nil) }
        for name in optional { fields[name] = Field(required: false, items: nil) }
        for (name, items) in lists { fields[name] = Field(required: false, items: items) }
        return PortalSchema(fields: fields)
    }

    static let file = scalars(
        required: [], optional: ["TepDinhKemId", "TenTepDinhKem", "IsDeleted", "MaThanhPhanHoSo", "DuongDanTaiTepTin",
            "DuocSoHoa", "DuocTaiSuDung", "DuocLayTuKhoDMQG", "MaKetQuaThayThe"])
    static let fee = scalars(required: [], optional: ["TenPhiLePhi", "MaPhiLePhi", "HinhThucThu", "Gia", "LoaiPhiLePhi"])

    /// `DongBoHoSoMC` item (portal-api §2, including the newer 766 fields).
    public static let dossier = scalars(
        required: ["MaHoSo", "MaTTHC", "TenTTHC", "MaLinhVuc", "TenLinhVuc", "LoaiDoiTuong", "TrichYeuHoSo",
            "NgayTiepNhan", "NgayHenTra", "TrangThaiHoSo", "HinhThuc", "DonViXuLy"],
        optional: ["SoBienNhan", "ChuHoSo", "MaDoiTuong", "ThongTinKhac", "Fax", "Email", "SoDienThoai", "NgayTra",
            "ThongTinTra", "NgayKetThucXuLy", "GhiChu", "KenhThucHien", "SoGiayToChuHoSo", "NoiNopHoSo",
            "HoSoCoThanhPhanSoHoa", "TaiKhoanDuocXacThucVoiVNeID", "DuocThanhToanTrucTuyen", "NgayTuChoi",
            "NgayNopHoSo"],
        lists: [
            "TaiLieuNop": file,
            "DanhSachLePhi": fee,
            "DanhSachTepDinhKemKhac": scalars(required: [], optional: ["TenGiayTo", "SoLuong", "LoaiGiayTo"]),
            "DanhSachHoSoBoSung": scalars(
                required: [], optional: ["HoSoBoSungId", "NguoiYeuCauBoSung", "NoiDungBoSung", "NgayBoSung",
                    "NguoiTiepNhanBoSung", "ThongTinTiepNhan", "NgayTiepNhanBoSung", "TrangThaiBoSung",
                    "NgayHenTraTruoc", "NgayHenTraMoi"],
                lists: ["DanhSachGiayToBoSung": file, "DanhSachLePhiBoSung": fee]),
            "DanhSachGiayToKetQua": scalars(
                required: [], optional: ["TenGiayTo", "MaThanhPhanHoSo", "GiayToId", "DuongDanTepTinKetQua",
                    "MaGiayToKetQua"]),
            "DinhDanhCHS": scalars(required: [], optional: ["LoaiDinhDanh", "SoDinhDanh"]),
            "DSKetNoiCSDL": scalars(required: [], optional: ["MaCSDL"]),
        ])

    /// `CapNhatTienDoHoSoMC` item (portal-api §3).
    public static let step = scalars(
        required: ["MaHoSo", "NguoiXuLy", "ThoiDiemXuLy", "NoiDungXuLy", "TrangThai"],
        optional: ["ChucDanh", "PhongBanXuLy", "NgayBatDau", "NgayKetThucTheoQuyDinh"])

    static let unit = scalars(required: [], optional: ["MADONVI", "TENDONVI"])

    /// Catalogue packet in the `LayThuTuc` shape plus the publication fields of `CapNhatThuTuc` (§5.2, §10).
    public static let procedure = scalars(
        required: ["MATTHC", "TENTTHC"],
        optional: ["ID", "LOAITTHC", "TRANGTHAI", "MACOQUANCONGBO", "IDQUYETDINHCONGBO", "MOTA", "TUKHOA", "YEUCAU",
            "MOTADOITUONGTHUCHIEN", "DIACHITIEPNHAN", "SOQUYETDINH", "NGAYQUYETDINH"],
        lists: [
            "CAPTHUCHIEN": scalars(required: [], optional: ["CAPTHUCHIEN", "TENCAP", "MOTACOQUANTHUCHIEN",
                "DIACHITIEPNHAN"]),
            "LINHVUCTHUCHIEN": scalars(required: ["MALINHVUC", "TENLINHVUC"], optional: []),
            "DOITUONGTHUCHIEN": scalars(required: [], optional: ["MADOITUONG", "TENDOITUONG"]),
            "COQUANTHUCHIEN": unit, "COQUANCOTHAMQUYEN": unit, "COQUANDUOCUYQUYEN": unit, "COQUANPHOIHOP": unit,
            "TRINHTUTHUCHIEN": scalars(required: [], optional: ["TRUONGHOP"],
                lists: ["TRINHTU": scalars(required: [], optional: ["TENTRINHTU"])]),
            "CACHTHUCTHUCHIEN": scalars(required: [], optional: ["KENH"], lists: [
                "THOIGIAN": scalars(required: [], optional: ["THOIGIANGIAIQUYET", "DONVITINH", "MOTA"], lists: [
                    "PHILEPHI": scalars(required: [], optional: ["MAPHILEPHI", "SOTIEN", "DONVI", "MOTA", "URL"])
                ])
            ]),
            "THANHPHANHOSO": scalars(required: [], optional: ["TRUONGHOP"], lists: [
                "GIAYTO": scalars(required: [], optional: ["MAGIAYTO", "TENGIAYTO", "SOBANCHINH", "SOBANSAO",
                    "TENMAUDON", "URL"])
            ]),
            "KETQUATHUCHIEN": scalars(required: [], optional: ["MAKETQUA", "TENKETQUA"]),
            "CANCUPHAPLY": scalars(required: [], optional: ["SOVANBAN", "TENVANBAN"]),
        ])
}
