import DVCSync

/// Canonical JSON written by hand: `{`, then `"key":value` pairs in the order given (the caller writes them sorted).
struct HandJSONWriter {
    var bytes: [UInt8] = []
    /// Bit `depth` is set while the container at that depth has no element yet.
    private var empty: UInt64 = 0
    private var depth = 0

    init() { bytes.reserveCapacity(2048) }

    mutating func open(_ bracket: UInt8 = UInt8(ascii: "{")) {
        bytes.append(bracket)
        depth += 1
        empty |= 1 << depth
    }

    mutating func close(_ bracket: UInt8 = UInt8(ascii: "}")) {
        bytes.append(bracket)
        depth -= 1
    }

    /// Starts an element of the enclosing array or a member of the enclosing object.
    mutating func next() {
        if empty & (1 << depth) != 0 { empty &= ~(1 << depth) } else { bytes.append(UInt8(ascii: ",")) }
    }

    /// Writes `"key":` (keys are plain ASCII).
    mutating func key(_ key: StaticString) {
        next()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func field(_ key: StaticString, _ value: String) {
        self.key(key)
        JSONWriter.writeString(value, into: &bytes)
    }
}

extension HandDossierMapping {
    /// The shipped dossier mapping written by hand straight to canonical JSON bytes (keys in sorted order).
    func mapBytes(_ d: JSONValue) throws -> [UInt8] {
        let no = text(d["dossierNo"])
        guard !no.isEmpty else { throw Failure(field: "MaHoSo") }
        guard let procedure = procedures[text(d["serviceCode"])] else { throw Failure(field: "MaTTHC") }
        let applicant = cut(text(d["applicantName"]), 250)
        let applicantType = self.applicantType[text(d["applicantIdType"])] ?? "1"
        let email = text(d["contactEmail"])
        var tel = text(d["contactTelNo"])
        if tel.isEmpty { tel = text(d["delegateTelNo"]) }
        var brief = text(d["briefNote"])
        if brief.isEmpty { brief = text(d["dossierName"]) }
        if brief.isEmpty { brief = text(d["serviceName"]) }
        guard !brief.isEmpty else { throw Failure(field: "TrichYeuHoSo") }
        brief = cut(brief, 1000)
        let received = try date(d["receiveDate"])
        let due = try date(d["dueDate"])
        guard let state = status[text(d["dossierSubStatus"])] ?? status[text(d["dossierStatus"])] else {
            throw Failure(field: "TrangThaiHoSo")
        }
        let finished = try date(d["finishDate"])
        let postal = viaPostal[text(d["viaPostal"])] ?? "0"
        let released = try date(d["releaseDate"])
        guard let agency = agencies[text(d["govAgencyCode"])] else { throw Failure(field: "DonViXuLy") }
        let note = cut(text(d["dossierNote"]), 2000)
        let channelCode: String
        if text(d["online"]) == "true" {
            channelCode = "2"
        } else if !text(d["fromViaPostal"]).isEmpty || !text(d["postalCodeSend"]).isEmpty {
            channelCode = "3"
        } else {
            channelCode = channel[text(d["originality"])] ?? "1"
        }
        let idNo = text(d["applicantIdNo"])
        let files = d["dossierFiles"]?.arrayValue ?? []
        let vneid = flag(d["vneidVerified"], "1", "0", "0")
        let online = paymentMethods[text(d["payment"]?["paymentMethod"])] ?? "0"
        let denied = text(d["dossierStatus"]) == "denied" ? released : ""
        let submitted = try date(d["submitDate"])

        var w = HandJSONWriter()
        w.open()
        w.field("ChuHoSo", applicant)
        w.key("DanhSachGiayToKetQua")
        try writeFiles(files, d, results: true, into: &w)
        w.key("DanhSachHoSoBoSung")
        try writeSupplements(d["supplements"]?.arrayValue ?? [], into: &w)
        w.key("DanhSachLePhi")
        writeFees(d, into: &w)
        w.key("DinhDanhCHS")
        w.open(UInt8(ascii: "["))
        let idLength = idNo.unicodeScalars.count
        if idLength == 12 || idLength == 9 {
            w.next()
            w.open()
            w.field("LoaiDinhDanh", idLength == 12 ? "1" : "2")
            w.field("SoDinhDanh", idNo)
            w.close()
        }
        w.close(UInt8(ascii: "]"))
        w.field("DonViXuLy", agency)
        w.field("DuocThanhToanTrucTuyen", online)
        w.field("Email", email)
        w.field("GhiChu", note)
        w.field("HinhThuc", postal)
        w.field("HoSoCoThanhPhanSoHoa", files.isEmpty ? "0" : "1")
        w.field("KenhThucHien", channelCode)
        w.field("LoaiDoiTuong", applicantType)
        w.field("MaHoSo", no)
        w.field("MaLinhVuc", procedure[2])
        w.field("MaTTHC", procedure[0])
        w.field("NgayHenTra", due)
        w.field("NgayKetThucXuLy", released)
        w.field("NgayNopHoSo", submitted)
        w.field("NgayTiepNhan", received)
        w.field("NgayTra", finished)
        w.field("NgayTuChoi", denied)
        w.field("NoiNopHoSo", "2")
        w.field("SoDienThoai", tel)
        w.field("SoGiayToChuHoSo", idNo)
        w.field("TaiKhoanDuocXacThucVoiVNeID", vneid)
        w.key("TaiLieuNop")
        try writeFiles(files, d, results: false, into: &w)
        w.field("TenLinhVuc", procedure[3])
        w.field("TenTTHC", procedure[1])
        w.field("TrangThaiHoSo", state)
        w.field("TrichYeuHoSo", brief)
        w.close()
        return w.bytes
    }

    func writeFiles(_ files: [JSONValue], _ d: JSONValue, results: Bool, into w: inout HandJSONWriter) throws {
        w.open(UInt8(ascii: "["))
        for f in files where (text(f["dossierPartType"]) == "2") == results {
            let id = text(f["dossierFileId"])
            guard !id.isEmpty else { throw Failure(field: "file id") }
            var name = text(f["displayName"])
            if name.isEmpty { name = text(f["fileName"]) }
            let url = "https://dichvucong.dongthap.gov.vn/o/rest/v2/dossiers/\(text(d["dossierId"]))/files/"
                + text(f["referenceUid"])
            w.next()
            w.open()
            if results {
                w.field("DuongDanTepTinKetQua", url)
                w.field("GiayToId", id)
                w.field("MaGiayToKetQua", text(f["resultCode"]))
                w.field("MaThanhPhanHoSo", text(f["fileTemplateNo"]))
                w.field("TenGiayTo", cut(name, 2000))
            } else {
                w.field("DuocLayTuKhoDMQG", flag(f["fromNationalStore"], "1", "0", "0"))
                w.field("DuocSoHoa", "1")
                w.field("DuocTaiSuDung", flag(f["reused"], "1", "0", "0"))
                w.field("DuongDanTaiTepTin", url)
                w.field("IsDeleted", flag(f["removed"], "True", "False", "False"))
                w.field("MaThanhPhanHoSo", text(f["fileTemplateNo"]))
                w.field("TenTepDinhKem", cut(name, 4000))
                w.field("TepDinhKemId", id)
            }
            w.close()
        }
        w.close(UInt8(ascii: "]"))
    }

    func writeFees(_ d: JSONValue, into w: inout HandJSONWriter) {
        func fee(_ name: String, _ code: String, _ price: String) {
            w.next()
            w.open()
            w.field("Gia", price)
            w.field("HinhThucThu", "1")
            w.field("LoaiPhiLePhi", "1")
            w.field("MaPhiLePhi", code)
            w.field("TenPhiLePhi", name)
            w.close()
        }
        let amounts = feeAmounts(d)
        w.open(UInt8(ascii: "["))
        if let charge = amounts.charge { fee("Lệ phí", "2", charge) }
        if let service = amounts.service { fee("Phí", "1", service) }
        w.close(UInt8(ascii: "]"))
    }

    func writeSupplements(_ list: [JSONValue], into w: inout HandJSONWriter) throws {
        w.open(UInt8(ascii: "["))
        for s in list {
            let id = text(s["supplementId"])
            guard !id.isEmpty else { throw Failure(field: "HoSoBoSungId") }
            let requested = try date(s["requestDate"])
            let received = try date(s["receiveDate"])
            let before = try date(s["dueDateBefore"])
            let after = try date(s["dueDateAfter"])
            w.next()
            w.open()
            w.field("HoSoBoSungId", id)
            w.field("NgayBoSung", requested)
            w.field("NgayHenTraMoi", after)
            w.field("NgayHenTraTruoc", before)
            w.field("NgayTiepNhanBoSung", received)
            w.field("NguoiTiepNhanBoSung", text(s["receiveUser"]))
            w.field("NguoiYeuCauBoSung", text(s["requestUser"]))
            w.field("NoiDungBoSung", cut(text(s["requestNote"]), 2000))
            w.field("ThongTinTiepNhan", text(s["receiveNote"]))
            w.field("TrangThaiBoSung", flag(s["received"], "1", "0", "0"))
            w.close()
        }
        w.close(UInt8(ascii: "]"))
    }
}
