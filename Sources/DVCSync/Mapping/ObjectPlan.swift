/// Writes a list field's canonical JSON array (`[…]`) into the buffer.
typealias ListWriter = @Sendable (JSONValue, EvalContext, inout [UInt8]) throws(MappingAbort) -> Void

/// The value one output field holds while its object is evaluated.
enum OutputSlot {
    /// Not written (an empty `omitEmpty` field).
    case absent
    /// A string, written as a JSON string literal.
    case text(String)
    /// Canonical JSON already written (a list).
    case raw([UInt8])
}

/// A compiled object whose output field names are known and sorted at compile time, so a record is written straight
/// to canonical JSON bytes (the same bytes `JSONWriter` gives for the object `MappingCompiler.build` returns).
/// Fields are evaluated in mapping order (so the first failure and the warnings are the same) into slots held in
/// output order, then written.
struct ObjectPlan: Sendable {
    /// Fields in mapping order.
    let fields: [CompiledField]
    /// Output slot of each field (fields with the same name share one; the last written value wins).
    let slotOfField: [Int]
    /// `"Name":` for each slot, in canonical (UTF-8 byte) order.
    let keys: [[UInt8]]

    init(_ fields: [CompiledField]) {
        self.fields = fields
        let names = Array(Set(fields.map(\.name))).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let slotOfName = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        slotOfField = fields.map { slotOfName[$0.name]! }
        keys = names.map { name in
            var key: [UInt8] = []
            JSONWriter.writeString(name, into: &key)
            key.append(UInt8(ascii: ":"))
            return key
        }
    }

    /// Evaluates every field of the object at `current`; throws before anything is written.
    @inline(__always)
    func evaluate(_ current: JSONValue, _ context: EvalContext) throws(MappingAbort) -> [OutputSlot] {
        var slots = [OutputSlot](repeating: .absent, count: keys.count)
        for index in fields.indices {
            switch fields[index] {
            case .scalar(_, let fn, let omitEmpty):
                if let value = try fn(current, context) {
                    slots[slotOfField[index]] = .text(value)
                } else if !omitEmpty {
                    slots[slotOfField[index]] = .text("")
                }
            case .list(_, _, let write):
                var bytes: [UInt8] = []
                bytes.reserveCapacity(256)
                try write(current, context, &bytes)
                slots[slotOfField[index]] = .raw(bytes)
            }
        }
        return slots
    }

    /// Writes evaluated slots as one canonical JSON object.
    @inline(__always)
    func emit(_ slots: [OutputSlot], into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        var first = true
        for index in slots.indices {
            switch slots[index] {
            case .absent: continue
            case .text(let text):
                if !first { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: keys[index])
                JSONWriter.writeString(text, into: &out)
            case .raw(let bytes):
                if !first { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: keys[index])
                out.append(contentsOf: bytes)
            }
            first = false
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Evaluates and writes the object at `current`.
    @inline(__always)
    func write(_ current: JSONValue, _ context: EvalContext, into out: inout [UInt8]) throws(MappingAbort) {
        emit(try evaluate(current, context), into: &out)
    }
}

extension CompiledField {
    /// The output field name.
    var name: String {
        switch self {
        case .scalar(let name, _, _), .list(let name, _, _): return name
        }
    }
}
