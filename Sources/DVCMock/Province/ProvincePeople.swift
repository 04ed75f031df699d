/// Deterministic personal details derived from a dossier's seed: Vietnamese names (NFC), ID numbers, phones.
struct ProvincePeople: Sendable {
    static let families = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Phan", "Trương", "Bùi", "Đặng",
                           "Đỗ", "Ngô", "Hồ", "Dương", "Đinh", "Lâm", "Lý", "Mai", "Tạ", "Châu", "Cao", "Đoàn", "Tô"]
    static let middles = ["Văn", "Thị", "Minh", "Ngọc", "Thanh", "Hoàng", "Hữu", "Kim", "Thị Kim", "Văn Hoàng",
                          "Quốc", "Đức", "Thị Thu", "Công", "Bảo", "Thị Mỹ", "Trọng", "Phước"]
    static let givens = ["An", "Bình", "Cường", "Dũng", "Đạt", "Hà", "Hạnh", "Hùng", "Hương", "Khoa", "Lan", "Linh",
                         "Lộc", "Mai", "Nam", "Nga", "Nhân", "Phúc", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Thắng",
                         "Trang", "Trí", "Tuấn", "Tuyết", "Vy", "Yến", "Ánh", "Út", "Hiếu", "Nhung", "Khánh", "Duyên"]
    static let businessKinds = ["Công ty TNHH", "Công ty TNHH MTV", "Công ty Cổ phần", "Doanh nghiệp tư nhân", "Hợp tác xã"]
    static let businessWords = ["Sen Hồng", "Mekong Xanh", "Tháp Mười", "Sa Đéc Hoa", "Cao Lãnh Phát", "Đồng Sen",
                                "Thương mại Phú Thịnh", "Nông sản Hòa An", "Xây dựng Tân Phú", "Vận tải Hồng Ngự"]
    static let officerTitles = ["Chuyên viên", "Công chức một cửa", "Trưởng phòng", "Phó Chủ tịch", "Công chức Tư pháp - Hộ tịch"]

    /// The same lists upper-cased once (the source upper-cases applicant and officer names; word by word is the same
    /// as the whole name for these words).
    static let familiesUpper = families.map { $0.uppercased() }
    static let middlesUpper = middles.map { $0.uppercased() }
    static let givensUpper = givens.map { $0.uppercased() }
    static let businessKindsUpper = businessKinds.map { $0.uppercased() }
    static let businessWordsUpper = businessWords.map { $0.uppercased() }

    let seed: UInt32
    let business: Bool

    private func part(_ salt: UInt64) -> UInt64 { SplitMix64.mix(UInt64(seed) &* 0x9E37_79B9 ^ salt) }

    /// Applicant name as typed (mixed case, NFC).
    var name: String {
        if business {
            return "\(Self.businessKinds[Int(part(1) % 5)]) \(Self.businessWords[Int(part(2) % 10)])"
        }
        return "\(Self.families[Int(part(3) % 24)]) \(Self.middles[Int(part(4) % 18)]) \(Self.givens[Int(part(5) % 36)])"
    }

    /// `name.uppercased()`, from the upper-cased lists.
    var upperName: String {
        if business {
            return "\(Self.businessKindsUpper[Int(part(1) % 5)]) \(Self.businessWordsUpper[Int(part(2) % 10)])"
        }
        return "\(Self.familiesUpper[Int(part(3) % 24)]) \(Self.middlesUpper[Int(part(4) % 18)]) "
            + Self.givensUpper[Int(part(5) % 36)]
    }

    /// Citizen ID (12 digits, Đồng Tháp prefix 087, leading zero so it stays a string) or business tax code (a number).
    var idNo: String {
        business ? "14\(String(part(6) % 100_000_000).leftPadded(8))"
            : "087\(part(7) % 2 == 0 ? "0" : "1")\(String(part(8) % 100_000_000).leftPadded(8))"
    }

    /// Phone number; about a third typed without the leading zero (then the source emits a JSON number).
    var phone: String {
        let body = "9\(String(part(9) % 100_000_000).leftPadded(8))"
        return part(10) % 3 == 0 ? body : "0" + body
    }

    /// The lookup code `dossierIdCTN`: 8 hexadecimal characters, sometimes only digits.
    var lookupCode: String {
        if part(11) % 12 == 0 { return String(10_000_000 + part(12) % 89_999_999) }
        let hex = Array("0123456789ABCDEF")
        var v = part(13)
        var s = ""
        for _ in 0..<8 { s.append(hex[Int(v & 15)]); v >>= 4 }
        return s
    }

    /// Email of the applicant, or nil when none was given.
    var email: String? { part(16) % 3 == 0 ? "hoso\(seed % 100_000)@gmail.com" : nil }

    /// An officer's full name, upper-cased as the source's log `author` is, for an agency and a step.
    static func officer(agency: Int, step: Int) -> String {
        let h = SplitMix64.mix(UInt64(agency) &* 31 &+ UInt64(step))
        return "\(familiesUpper[Int(h % 24)]) \(middlesUpper[Int(h / 24 % 18)]) \(givensUpper[Int(h / 432 % 36)])"
    }
}

extension String {
    func leftPadded(_ width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
