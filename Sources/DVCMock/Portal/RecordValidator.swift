import DVCJSON

/// How one field of a pushed record is checked.
struct FieldRule: Sendable {
    enum Kind: Sendable {
        /// Free text up to the rule's length.
        case text
        /// `yyyyMMddHHmmss`, a real calendar date and time.
        case timestamp
        /// `yyyyMMdd`, a real calendar date.
        case day
        /// An integer code in the range, as a string (or a JSON number).
        case code(ClosedRange<Int>)
        /// A national procedure code known to the catalogue.
        case procedure
        /// An agency identifier `ddd.dd.dd.Xnn`.
        case agency
        /// An optional list of objects; their strings are checked against the nested limit.
        case list
    }

    let name: String
    let isRequired: Bool
    let kind: Kind
    let maxLength: Int
}

/// Checks records (dossiers, steps, procedures) against a rule table; the first problem becomes the refusal message.
struct RecordValidator: Sendable {
    /// Vietnamese subject of messages, e.g. `Hồ sơ`.
    let subject: String
    /// The record's key field, e.g. `MaHoSo`.
    let keyField: String
    let rules: [FieldRule]
    let nestedLimit: Int
    private let ruleIndex: [String: Int]
    private let requiredCount: Int

    init(subject: String, keyField: String, rules: [FieldRule], nestedLimit: Int) {
        self.subject = subject
        self.keyField = keyField
        self.rules = rules
        self.nestedLimit = nestedLimit
        ruleIndex = Dictionary(rules.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        requiredCount = rules.filter(\.isRequired).count
    }

    /// The refusal message for `record` (the `index`-th of the batch), or nil when it is valid. A fast unordered
    /// pass accepts valid records; only a refused record is checked again in rule order, so the message is stable.
    func problem(in record: JSONValue, index: Int, knowsProcedure: (String) -> Bool) -> String? {
        guard let members = record.objectValue else { return "\(subject) thứ \(index + 1): không phải đối tượng JSON" }
        if isValid(members, knowsProcedure: knowsProcedure) { return nil }
        func refuse(_ field: String, _ why: String) -> String {
            let key = members[keyField]?.scalarText ?? ""
            let label = key.isEmpty || !Self.isClean(key) ? "\(subject) thứ \(index + 1)" : "\(subject) \(key)"
            return "\(label): trường \(field) \(why)"
        }
        for name in members.keys.sorted() {
            if case .string(let text)? = members[name], !Self.isClean(text) { return refuse(name, "chứa ký tự điều khiển") }
        }
        for rule in rules {
            if let why = fieldProblem(rule, members[rule.name], knowsProcedure: knowsProcedure) {
                return refuse(rule.name, why)
            }
        }
        return nil
    }

    private func isValid(_ members: [String: JSONValue], knowsProcedure: (String) -> Bool) -> Bool {
        var requiredSeen = 0
        for (name, value) in members {
            if case .string(let text) = value, !Self.isClean(text) { return false }
            guard let position = ruleIndex[name] else { continue }
            let rule = rules[position]
            if fieldProblem(rule, value, knowsProcedure: knowsProcedure) != nil { return false }
            if rule.isRequired { requiredSeen += 1 }
        }
        return requiredSeen == requiredCount
    }

    /// Why `value` breaks `rule`, or nil.
    private func fieldProblem(_ rule: FieldRule, _ value: JSONValue?, knowsProcedure: (String) -> Bool) -> String? {
        if case .list = rule.kind {
            guard let value, !value.isNull else { return rule.isRequired ? "là bắt buộc" : nil }
            guard let items = value.arrayValue else { return "phải là danh sách" }
            if rule.isRequired, items.isEmpty { return "là bắt buộc" }
            for item in items {
                guard let fields = item.objectValue else { return "chứa phần tử không phải đối tượng" }
                if let why = Self.nestedProblem(fields, limit: nestedLimit) { return why }
            }
            return nil
        }
        guard let value, !value.isNull else { return rule.isRequired ? "là bắt buộc" : nil }
        guard let text = value.scalarText else { return "phải là chuỗi" }
        if text.isEmpty { return rule.isRequired ? "là bắt buộc" : nil }
        if text.utf8.count > rule.maxLength, text.count > rule.maxLength { return "dài quá \(rule.maxLength) ký tự" }
        switch rule.kind {
        case .text, .list: return nil
        case .timestamp:
            return CalendarText.isTimestamp(text) ? nil : "không phải thời điểm hợp lệ (yyyyMMddHHmmss)"
        case .day:
            return CalendarText.isDay(text) ? nil : "không phải ngày hợp lệ (yyyyMMdd)"
        case .code(let range):
            guard let number = Int(text), range.contains(number) else {
                return "có giá trị không hợp lệ (cho phép \(range.lowerBound)–\(range.upperBound))"
            }
            return nil
        case .procedure:
            return knowsProcedure(text) ? nil : "không có trong danh mục thủ tục hành chính"
        case .agency:
            return Self.isAgencyCode(text) ? nil : "không phải mã định danh cơ quan (ddd.dd.dd.Xnn)"
        }
    }

    /// False when `text` holds a control character: C0 other than tab, line feed or carriage return, DEL, or C1
    /// (U+0080–U+009F, encoded C2 80…C2 9F).
    static func isClean(_ text: String) -> Bool {
        if let answer = text.utf8.withContiguousStorageIfAvailable(isClean(bytes:)) { return answer }
        return Array(text.utf8).withUnsafeBufferPointer(isClean(bytes:))
    }

    static func isClean(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var previous: UInt8 = 0
        for byte in bytes {
            if byte < 0x20 {
                if byte != 0x09, byte != 0x0A, byte != 0x0D { return false }
            } else if byte == 0x7F || (previous == 0xC2 && byte >= 0x80 && byte <= 0x9F) {
                return false
            }
            previous = byte
        }
        return true
    }

    static func nestedProblem(_ fields: [String: JSONValue], limit: Int) -> String? {
        for (name, value) in fields {
            switch value {
            case .string(let text):
                if !isClean(text) { return "(\(name)) chứa ký tự điều khiển" }
                if text.utf8.count > limit, text.count > limit { return "(\(name)) dài quá \(limit) ký tự" }
            case .object(let inner):
                if let why = nestedProblem(inner, limit: limit) { return why }
            case .array(let items):
                for case .object(let inner) in items {
                    if let why = nestedProblem(inner, limit: limit) { return why }
                }
            default: continue
            }
        }
        return nil
    }

    static func isAgencyCode(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 13 else { return false }
        for (offset, byte) in bytes.enumerated() {
            switch offset {
            case 3, 6, 9: if byte != UInt8(ascii: ".") { return false }
            case 10: if !(UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) { return false }
            default: if !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) { return false }
            }
        }
        return true
    }
}

/// Calendar checks on the portal's digit-only date formats (no allocation: they run for every pushed record).
enum CalendarText {
    /// `yyyyMMddHHmmss` naming a real date and time.
    static func isTimestamp(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { digits in
            guard digits.count == 14, digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
            return isDate(digits) && number(digits, 8, 2) <= 23 && number(digits, 10, 2) <= 59
                && number(digits, 12, 2) <= 59
        }
    }

    /// `yyyyMMdd` naming a real date.
    static func isDay(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { digits in
            digits.count == 8 && digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) && isDate(digits)
        }
    }

    private static func isDate(_ digits: UnsafeBufferPointer<UInt8>) -> Bool {
        let year = number(digits, 0, 4), month = number(digits, 4, 2), day = number(digits, 6, 2)
        guard year >= 1900, (1...12).contains(month), day >= 1 else { return false }
        let isLeap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        switch month {
        case 2: return day <= (isLeap ? 29 : 28)
        case 4, 6, 9, 11: return day <= 30
        default: return day <= 31
        }
    }

    private static func number(_ digits: UnsafeBufferPointer<UInt8>, _ start: Int, _ width: Int) -> Int {
        var value = 0
        for index in start..<(start + width) { value = value * 10 + Int(digits[index] - 0x30) }
        return value
    }
}
