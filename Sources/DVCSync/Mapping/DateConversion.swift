import Foundation

/// How the portal wants a converted date written.
enum DateOutput: String, Sendable {
    case dateTime = "yyyyMMddHHmmss"
    case date = "yyyyMMdd"
}

/// A source date format: a pattern of fields and literals, epoch numbers, or ISO 8601 with offset.
enum DateFormat: Sendable {
    enum Token: Sendable, Equatable {
        case day, month, year, hour24, hour12, minute, second, millis
        case literal(UInt8)
    }
    case pattern([Token], text: String)
    case epochMillis
    case epochSeconds
    case iso8601

    /// Parses a format name: `epoch-ms`, `epoch-s`, `iso8601`, or a pattern using `dd MM yyyy HH hh mm ss SSS`.
    init?(name: String) {
        switch name {
        case "epoch-ms": self = .epochMillis
        case "epoch-s": self = .epochSeconds
        case "iso8601": self = .iso8601
        default:
            var tokens: [Token] = []
            let bytes = Array(name.utf8)
            var i = 0
            let fields: [(String, Token)] = [
                ("yyyy", .year), ("dd", .day), ("MM", .month), ("HH", .hour24), ("hh", .hour12), ("mm", .minute),
                ("ss", .second), ("SSS", .millis),
            ]
            outer: while i < bytes.count {
                for (text, token) in fields where bytes[i...].starts(with: text.utf8) {
                    tokens.append(token)
                    i += text.utf8.count
                    continue outer
                }
                let byte = bytes[i]
                if (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122) { return nil }
                tokens.append(.literal(byte))
                i += 1
            }
            guard tokens.contains(.year), tokens.contains(.month), tokens.contains(.day) else { return nil }
            self = .pattern(tokens, text: name)
        }
    }
}

/// Offsets of a named time zone, resolved once: a fixed offset when the zone has no transition after 1976,
/// otherwise Foundation's rules per call.
struct ZoneOffsets: Sendable {
    let zone: TimeZone
    let fixedOffset: Int?

    init?(identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.zone = zone
        let start = Date(timeIntervalSince1970: 200_000_000)  // 1976-05-03
        let end = Date(timeIntervalSince1970: 4_102_444_800)  // 2100-01-01
        if let next = zone.nextDaylightSavingTimeTransition(after: start), next < end {
            fixedOffset = nil
        } else {
            fixedOffset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: 1_000_000_000))
        }
    }

    /// Offset from UTC in seconds at the UTC instant `epoch`.
    @inline(__always)
    func offset(atUTC epoch: Int64) -> Int {
        if let fixedOffset, epoch >= 200_000_000 { return fixedOffset }
        return zone.secondsFromGMT(for: Date(timeIntervalSince1970: TimeInterval(epoch)))
    }

    /// Offset for a local wall-clock time (seconds since 1970 as if it were UTC).
    @inline(__always)
    func offset(forLocal local: Int64) -> Int {
        if let fixedOffset, local >= 200_000_000 { return fixedOffset }
        let guess = offset(atUTC: local)
        return offset(atUTC: local - Int64(guess))
    }
}

/// Converts source date text to the portal's `yyyyMMddHHmmss` in Asia/Ho_Chi_Minh, by hand (no DateFormatter).
struct DateConverter: Sendable {
    let format: DateFormat
    let source: ZoneOffsets
    let target: ZoneOffsets
    let output: DateOutput

    /// The portal's text, or nil when `text` does not match the format.
    func convert(_ text: String) -> String? {
        let utf8 = text.utf8
        return utf8.withContiguousStorageIfAvailable { convert(bytes: $0) } ?? convert(bytes: Array(utf8)[...])
    }

    private func convert<C: Collection<UInt8>>(bytes: C) -> String? where C.Index == Int {
        guard let epoch = parseEpoch(bytes) else { return nil }
        let local = epoch + Int64(target.offset(atUTC: epoch))
        return Self.format(local: local, output: output)
    }

    private func parseEpoch<C: Collection<UInt8>>(_ bytes: C) -> Int64? where C.Index == Int {
        switch format {
        case .epochMillis, .epochSeconds:
            guard let value = Self.parseInteger(bytes) else { return nil }
            if case .epochMillis = format { return value >= 0 ? value / 1000 : (value - 999) / 1000 }
            return value
        case .iso8601:
            return Self.parseISO(bytes)
        case .pattern(let tokens, _):
            var fields = (year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0)
            var i = bytes.startIndex
            for token in tokens {
                if case .literal(let byte) = token {
                    guard i < bytes.endIndex, bytes[i] == byte else { return nil }
                    i += 1
                    continue
                }
                let width = token == .year ? 4 : token == .millis ? 3 : 2
                guard i + width <= bytes.endIndex, let value = Self.digits(bytes, i, width) else { return nil }
                i += width
                switch token {
                case .year: fields.year = value
                case .month: fields.month = value
                case .day: fields.day = value
                case .hour24: fields.hour = value
                case .hour12: fields.hour = value == 12 ? 0 : value
                case .minute: fields.minute = value
                case .second: fields.second = value
                default: break
                }
            }
            guard i == bytes.endIndex,
                let local = Self.localSeconds(
                    fields.year, fields.month, fields.day, fields.hour, fields.minute, fields.second)
            else { return nil }
            return local - Int64(source.offset(forLocal: local))
        }
    }

    static func digits<C: Collection<UInt8>>(_ bytes: C, _ at: Int, _ width: Int) -> Int? where C.Index == Int {
        var value = 0
        for k in at..<(at + width) {
            let d = Int(bytes[k]) - 48
            guard d >= 0 && d <= 9 else { return nil }
            value = value * 10 + d
        }
        return value
    }

    static func parseInteger<C: Collection<UInt8>>(_ bytes: C) -> Int64? where C.Index == Int {
        var i = bytes.startIndex
        var negative = false
        if i < bytes.endIndex && bytes[i] == 45 { negative = true; i += 1 }
        guard i < bytes.endIndex, bytes.endIndex - i <= 17 else { return nil }
        var value: Int64 = 0
        while i < bytes.endIndex {
            let d = Int64(bytes[i]) - 48
            guard d >= 0 && d <= 9 else { return nil }
            value = value * 10 + d
            i += 1
        }
        return negative ? -value : value
    }

    /// `yyyy-MM-ddTHH:mm:ss[.fff…](Z|±hh:mm|±hhmm)`
    static func parseISO<C: Collection<UInt8>>(_ b: C) -> Int64? where C.Index == Int {
        let s = b.startIndex
        guard b.count >= 20, b[s + 4] == 45, b[s + 7] == 45, b[s + 10] == 84 || b[s + 10] == 32,
            b[s + 13] == 58, b[s + 16] == 58,
            let y = digits(b, s, 4), let mo = digits(b, s + 5, 2), let d = digits(b, s + 8, 2),
            let h = digits(b, s + 11, 2), let mi = digits(b, s + 14, 2), let se = digits(b, s + 17, 2),
            let local = localSeconds(y, mo, d, h, mi, se)
        else { return nil }
        var i = s + 19
        if i < b.endIndex && b[i] == 46 {
            i += 1
            while i < b.endIndex, b[i] >= 48, b[i] <= 57 { i += 1 }
        }
        guard i < b.endIndex else { return nil }
        if b[i] == 90 { return i + 1 == b.endIndex ? local : nil }
        guard b[i] == 43 || b[i] == 45, let oh = digits(b, i + 1, 2), i + 3 <= b.endIndex else { return nil }
        var j = i + 3
        if j < b.endIndex && b[j] == 58 { j += 1 }
        guard j + 2 == b.endIndex, let om = digits(b, j, 2) else { return nil }
        let offset = Int64(oh * 3600 + om * 60)
        return b[i] == 43 ? local - offset : local + offset
    }

    /// Seconds since 1970 of a validated civil date-time read as UTC.
    static func localSeconds(_ y: Int, _ m: Int, _ d: Int, _ h: Int, _ mi: Int, _ s: Int) -> Int64? {
        guard y >= 1, m >= 1, m <= 12, d >= 1, h <= 23, mi <= 59, s <= 60 else { return nil }
        let monthDays: Int
        switch m {
        case 2: monthDays = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: monthDays = 30
        default: monthDays = 31
        }
        guard d <= monthDays else { return nil }
        return daysFromCivil(y, m, d) * 86_400 + Int64(h * 3600 + mi * 60 + min(s, 59))
    }

    /// Days since 1970-01-01 (H. Hinnant's algorithm).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = Int64(month > 2 ? month - 3 : month + 9)
        let doy = (153 * mp + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Writes local seconds as `yyyyMMddHHmmss` (or `yyyyMMdd`).
    static func format(local: Int64, output: DateOutput) -> String {
        let days = local >= 0 ? local / 86_400 : (local - 86_399) / 86_400
        let secs = Int(local - days * 86_400)
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = Int(doy - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        let year = Int(yoe + era * 400) + (month <= 2 ? 1 : 0)
        let count = output == .dateTime ? 14 : 8
        return String(unsafeUninitializedCapacity: count) { buffer in
            func put(_ value: Int, _ at: Int, _ width: Int) {
                var v = value
                for k in stride(from: at + width - 1, through: at, by: -1) {
                    buffer[k] = UInt8(48 + v % 10)
                    v /= 10
                }
            }
            put(year, 0, 4)
            put(month, 4, 2)
            put(day, 6, 2)
            if output == .dateTime {
                put(secs / 3600, 8, 2)
                put(secs / 60 % 60, 10, 2)
                put(secs % 60, 12, 2)
            }
            return count
        }
    }
}
