/// A path into a source record: `payload.files[0].fileName`; a leading `$.` starts from the record's root instead of
/// the current list element.
struct SourcePath: Sendable, Hashable, CustomStringConvertible {
    enum Step: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    let text: String
    let fromRoot: Bool
    let steps: [Step]
    /// The key of a one-step path (`dossierNo`), looked up without walking `steps`.
    let singleKey: String?

    var description: String { text }

    /// Parses `a.b[0].c`; returns nil for malformed text (empty segment, bad index).
    init?(_ text: String) {
        self.text = text
        var body = Substring(text)
        let fromRoot = body.hasPrefix("$.")
        self.fromRoot = fromRoot
        if fromRoot { body = body.dropFirst(2) } else if body == "$" { return nil }
        var steps: [Step] = []
        for segment in body.split(separator: ".", omittingEmptySubsequences: false) {
            var rest = segment
            let name = rest.prefix { $0 != "[" }
            rest = rest.dropFirst(name.count)
            if name.isEmpty && (steps.isEmpty || rest.isEmpty) { return nil }
            if !name.isEmpty { steps.append(.key(String(name))) }
            while !rest.isEmpty {
                guard rest.first == "[", let close = rest.firstIndex(of: "]"),
                    let index = Int(rest[rest.index(after: rest.startIndex)..<close]), index >= 0
                else { return nil }
                steps.append(.index(index))
                rest = rest[rest.index(after: close)...]
            }
        }
        if steps.isEmpty { return nil }
        self.steps = steps
        if steps.count == 1, case .key(let key) = steps[0] { singleKey = key } else { singleKey = nil }
    }

    /// Member `key` of `object` when it is an object and the member is not null.
    @inline(__always)
    static func member(_ key: String, of object: JSONValue) -> JSONValue? {
        guard case .object(let members) = object, let value = members[key] else { return nil }
        if case .null = value { return nil }
        return value
    }

    /// The value at this path from `current` (or `root` for `$.` paths); nil when any step is missing or null.
    @inline(__always)
    func resolve(current: JSONValue, root: JSONValue) -> JSONValue? {
        if let singleKey { return fromRoot ? Self.member(singleKey, of: root) : Self.member(singleKey, of: current) }
        var value = fromRoot ? root : current
        for step in steps {
            switch step {
            case .key(let key):
                guard case .object(let members) = value, let next = members[key] else { return nil }
                value = next
            case .index(let index):
                guard case .array(let elements) = value, index < elements.count else { return nil }
                value = elements[index]
            }
        }
        if case .null = value { return nil }
        return value
    }
}
