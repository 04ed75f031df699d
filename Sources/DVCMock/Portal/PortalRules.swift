/// The portal's field rules for dossiers (`DongBoHoSoMC`), steps (`CapNhatTienDoHoSoMC`) and procedures
/// (`CapNhatThuTuc`), built from the configured limits.
struct PortalRules: Sendable {
    let dossier: RecordValidator
    let step: RecordValidator
    let procedure: RecordValidator

    init(limits: PortalFieldLimits) {
        func field(_ name: String, _ required: Bool, _ kind: FieldRule.Kind, _ max: Int = 14) -> FieldRule {
            FieldRule(name: name, isRequired: required, kind: kind, maxLength: max)
        }
        let req = true, opt = false
        dossier = RecordValidator(subject: "Hồ sơ", keyField: "MaHoSo", rules: [
            field("MaHoSo", req, .text, limits.code),
            field("MaTTHC", req, .procedure, limits.code),
            field("TenTTHC", req, .text, limits.summary),
            field("MaLinhVuc", req, .text, limits.code),
            field("TenLinhVuc", req, .text, limits.name),
            field("SoBienNhan", opt, .text, limits.code),
            field("ChuHoSo", opt, .text, limits.name),
            field("LoaiDoiTuong", req, .code(1...4), 2),
            field("MaDoiTuong", opt, .text, limits.code),
            field("ThongTinKhac", opt, .text, limits.text),
            field("Fax", opt, .text, limits.code),
            field("Email", opt, .text, limits.name),
            field("SoDienThoai", opt, .text, limits.code),
            field("TrichYeuHoSo", req, .text, limits.summary),
            // Empty while a dossier is submitted but not yet received (status 1); 766 then uses NgayNopHoSo.
            field("NgayTiepNhan", opt, .timestamp),
            field("NgayHenTra", opt, .timestamp),
            field("TrangThaiHoSo", req, .code(1...10), 2),
            field("NgayTra", opt, .timestamp),
            field("ThongTinTra", opt, .text, limits.text),
            field("HinhThuc", req, .code(0...1), 1),
            field("NgayKetThucXuLy", opt, .timestamp),
            field("DonViXuLy", req, .text, limits.name),
            field("GhiChu", opt, .text, limits.text),
            field("KenhThucHien", opt, .code(1...3), 1),
            field("SoGiayToChuHoSo", opt, .text, limits.code),
            field("NoiNopHoSo", opt, .code(1...2), 1),
            field("HoSoCoThanhPhanSoHoa", opt, .code(0...1), 1),
            field("TaiKhoanDuocXacThucVoiVNeID", opt, .code(0...1), 1),
            field("DuocThanhToanTrucTuyen", opt, .code(0...3), 1),
            field("NgayTuChoi", opt, .timestamp),
            field("NgayNopHoSo", opt, .timestamp),
            field("TaiLieuNop", opt, .list), field("DanhSachLePhi", opt, .list),
            field("DanhSachTepDinhKemKhac", opt, .list), field("DanhSachHoSoBoSung", opt, .list),
            field("DanhSachGiayToKetQua", opt, .list), field("DinhDanhCHS", opt, .list),
            field("DSKetNoiCSDL", opt, .list),
        ], nestedLimit: limits.nested)
        step = RecordValidator(subject: "Hồ sơ", keyField: "MaHoSo", rules: [
            field("MaHoSo", req, .text, limits.code),
            field("NguoiXuLy", req, .text, limits.officer),
            field("ChucDanh", opt, .text, limits.name),
            field("ThoiDiemXuLy", req, .timestamp),
            field("PhongBanXuLy", opt, .text, limits.name),
            field("NoiDungXuLy", req, .text, limits.text),
            field("TrangThai", req, .code(1...10), 2),
            field("NgayBatDau", opt, .timestamp),
            field("NgayKetThucTheoQuyDinh", opt, .timestamp),
        ], nestedLimit: limits.nested)
        procedure = RecordValidator(subject: "Thủ tục", keyField: "MATTHC", rules: [
            field("MATTHC", req, .text, limits.code),
            field("TENTTHC", req, .text, limits.summary),
            field("SOQUYETDINH", req, .text, limits.code),
            field("NGAYQUYETDINH", req, .day, 8),
            field("MACOQUANCONGBO", req, .agency, 13),
            field("LINHVUCTHUCHIEN", req, .list),
        ], nestedLimit: limits.nested)
    }

}
