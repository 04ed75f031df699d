import DVCJSON

/// Writes a list field's canonical JSON array (`[…]`) into the buffer.
typealias ListWriter = @Sendable (JSONValue, EvalContext, inout ByteWriter) throws(MappingAbort) -> Void

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
/// Fields are evaluated in output order and written as they come; when that ends in a failure or a warning, the
/// object is evaluated again in mapping order (so the first failure and the warnings are the mapping's) into slots
/// held in output order, then written.
struct ObjectPlan: Sendable {
    /// Fields in mapping order.
    let fields: [CompiledField]
    /// Output slot of each field (fields with the same name share one; the last written value wins).
    let slotOfField: [Int]
    /// `"Name":` for each slot, in canonical (UTF-8 byte) order.
    let keys: [[UInt8]]
    /// The fields in output order, when no two fields share a name (else nil: always the slot path).
    let streamed: [StreamedField]?
    /// Owner of the key bytes `streamed` points into.
    let keyStore: KeyStore

    init(_ fields: [CompiledField]) {
        self.fields = fields
        let names = Array(Set(fields.map(\.name))).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let slotOfName = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        let slotOfField = fields.map { slotOfName[$0.name]! }
        self.slotOfField = slotOfField
        keys = names.map { name in
            var key: [UInt8] = []
            JSONWriter.writeString(name, into: &key)
            key.append(UInt8(ascii: ":"))
            return key
        }
        let store = KeyStore(keys)
        keyStore = store
        if names.count == fields.count {
            streamed = fields.indices.sorted { slotOfField[$0] < slotOfField[$1] }.map { index in
                let key = store.key(slotOfField[index])
                switch fields[index] {
                case .scalar(_, let fn, let omitEmpty): return .scalar(fn, omitEmpty: omitEmpty, key: key)
                case .number(_, let fn): return .number(fn, key: key)
                case .list(_, _, let write): return .list(write, key: key)
                }
            }
        } else {
            streamed = nil
        }
    }

    /// Evaluates the fields in output order, writing each as it comes; throws with part of the object written.
    @inline(__always)
    func stream(_ fields: [StreamedField], _ current: JSONValue, _ context: EvalContext, into out: inout ByteWriter)
        throws(MappingAbort)
    {
        out.append(UInt8(ascii: "{"))
        var first = true
        for index in fields.indices {
            switch fields[index] {
            case .scalar(let fn, let omitEmpty, let key):
                let value = try fn(current, context)
                if value == nil && omitEmpty { continue }
                if !first { out.append(UInt8(ascii: ",")) }
                out.append(key)
                out.appendString(value ?? "")
            case .number(let fn, let key):
                guard let value = try fn(current, context) else { continue }
                if !first { out.append(UInt8(ascii: ",")) }
                out.append(key)
                out.append(Array(value.utf8))
            case .list(let write, let key):
                if !first { out.append(UInt8(ascii: ",")) }
                out.append(key)
                try write(current, context, &out)
            }
            first = false
        }
        out.append(UInt8(ascii: "}"))
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
            case .number(_, let fn):
                if let value = try fn(current, context) { slots[slotOfField[index]] = .raw(Array(value.utf8)) }
            case .list(_, _, let write):
                var bytes = ByteWriter(capacity: 256)
                try write(current, context, &bytes)
                slots[slotOfField[index]] = .raw(bytes.bytes)
            }
        }
        return slots
    }

    /// Writes evaluated slots as one canonical JSON object.
    @inline(__always)
    func emit(_ slots: [OutputSlot], into out: inout ByteWriter) {
        out.append(UInt8(ascii: "{"))
        var first = true
        for index in slots.indices {
            switch slots[index] {
            case .absent: continue
            case .text(let text):
                if !first { out.append(UInt8(ascii: ",")) }
                out.append(keys[index])
                out.appendString(text)
            case .raw(let bytes):
                if !first { out.append(UInt8(ascii: ",")) }
                out.append(keys[index])
                out.append(bytes)
            }
            first = false
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Evaluates and writes the object at `current`; on a throw, what was appended to `out` is unspecified.
    @inline(__always)
    func write(_ current: JSONValue, _ context: EvalContext, into out: inout ByteWriter) throws(MappingAbort) {
        if let streamed {
            let start = out.count
            let warnings = context.warnings.count
            do throws(MappingAbort) {
                try stream(streamed, current, context, into: &out)
                if context.warnings.count == warnings { return }
            } catch {}
            // A failure or a warning: again in mapping order, which decides the error and the warnings' order.
            out.truncate(to: start)
            context.warnings.removeSubrange(warnings...)
        }
        emit(try evaluate(current, context), into: &out)
    }
}

extension CompiledField {
    /// The output field name.
    var name: String {
        switch self {
        case .scalar(let name, _, _), .number(let name, _), .list(let name, _, _): return name
        }
    }
}

/// One field of an object in output order; its key bytes live in the plan's `KeyStore`.
enum StreamedField: @unchecked Sendable {  // immutable; the pointers stay valid while the plan holds its store
    case scalar(ScalarFn, omitEmpty: Bool, key: UnsafeBufferPointer<UInt8>)
    case number(ScalarFn, key: UnsafeBufferPointer<UInt8>)
    case list(ListWriter, key: UnsafeBufferPointer<UInt8>)
}

/// The `"Name":` bytes of an object's fields in one allocation, freed with the last plan holding it (so writing a key
/// costs no reference counting).
final class KeyStore: @unchecked Sendable {  // immutable after init
    private let bytes: UnsafeMutableBufferPointer<UInt8>
    private let ranges: [Range<Int>]

    init(_ keys: [[UInt8]]) {
        bytes = .allocate(capacity: max(1, keys.reduce(0) { $0 + $1.count }))
        var ranges: [Range<Int>] = []
        var at = 0
        for key in keys {
            _ = UnsafeMutableBufferPointer(rebasing: bytes[at..<(at + key.count)]).initialize(from: key)
            ranges.append(at..<(at + key.count))
            at += key.count
        }
        self.ranges = ranges
    }

    deinit { bytes.deallocate() }

    /// The bytes of key `index`.
    func key(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[ranges[index]])
    }
}
