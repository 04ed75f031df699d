/// Field-level differences between two JSON records.
public enum RecordDiff {
    /// Differences between `expected` (source side) and `actual` (portal side), in path order; nested paths read
    /// like `TaiLieuNop[0].TenTepDinhKem`. A member or element present on one side only is reported with nil on the
    /// other; numbers are compared by their literal text, and a string never equals a number.
    public static func diff(expected: JSONValue, actual: JSONValue) -> [FieldDifference] {
        var out: [FieldDifference] = []
        walk(expected, actual, path: "", into: &out)
        return out
    }

    private static func walk(_ lhs: JSONValue?, _ rhs: JSONValue?, path: String, into out: inout [FieldDifference]) {
        if lhs == rhs { return }
        switch (lhs, rhs) {
        case (.object(let a)?, .object(let b)?):
            for key in Set(a.keys).union(b.keys).sorted() {
                walk(a[key], b[key], path: path.isEmpty ? key : "\(path).\(key)", into: &out)
            }
        case (.array(let a)?, .array(let b)?):
            for index in 0..<max(a.count, b.count) {
                let left: JSONValue? = index < a.count ? .some(a[index]) : .none
                let right: JSONValue? = index < b.count ? .some(b[index]) : .none
                walk(left, right, path: "\(path)[\(index)]", into: &out)
            }
        default:
            out.append(FieldDifference(field: path.isEmpty ? "$" : path, sourceValue: render(lhs), portalValue: render(rhs)))
        }
    }

    /// Scalars as their text, `null` as "null", containers as canonical JSON; nil when absent.
    static func render(_ value: JSONValue?) -> String? {
        guard let value else { return nil }
        if case .null = value { return "null" }
        return value.scalarText ?? JSONWriter.string(value)
    }
}
