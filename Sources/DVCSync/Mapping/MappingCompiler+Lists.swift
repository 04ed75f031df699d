extension MappingCompiler {
    /// A compiled list field: the `JSONValue` builder and the canonical-bytes writer, sharing the compiled items.
    struct CompiledList {
        let build: ListFn
        let write: ListWriter
    }

    mutating func compileList(_ target: String, _ spec: ListSpec) -> CompiledList {
        guard let path = spec.path else {
            let items = spec.items.map { item in
                let fields = compileObject(item.fields)
                return (condition: item.condition.map { Self.compileCondition($0) }, fields: fields,
                        plan: ObjectPlan(fields))
            }
            let build: ListFn = { current, context throws(MappingAbort) in
                var out: [JSONValue] = []
                for (index, item) in items.enumerated() where item.condition?(current, context) ?? true {
                    context.listStack.append((target, index))
                    defer { context.listStack.removeLast() }
                    out.append(try Self.build(item.fields, current, context))
                }
                return out
            }
            let write: ListWriter = { current, context, out throws(MappingAbort) in
                out.append(UInt8(ascii: "["))
                var first = true
                for index in items.indices where items[index].condition?(current, context) ?? true {
                    context.listStack.append((target, index))
                    defer { context.listStack.removeLast() }
                    if !first { out.append(UInt8(ascii: ",")) }
                    try items[index].plan.write(current, context, into: &out)
                    first = false
                }
                out.append(UInt8(ascii: "]"))
            }
            return CompiledList(build: build, write: write)
        }
        listDepth += 1
        let fields = compileObject(spec.fields)
        listDepth -= 1
        let plan = ObjectPlan(fields)
        let filter = spec.whereCondition.map { Self.compileCondition($0) }
        let build: ListFn = { current, context throws(MappingAbort) in
            guard let value = path.resolve(current: current, root: context.root) else { return [] }
            guard case .array(let elements) = value else {
                throw context.fail("mapping.type", target, path.text, "expected an array")
            }
            var out: [JSONValue] = []
            out.reserveCapacity(elements.count)
            for (index, element) in elements.enumerated() {
                if let filter, !filter(element, context) { continue }
                context.listStack.append((target, index))
                defer { context.listStack.removeLast() }
                do throws(MappingAbort) {
                    out.append(try Self.build(fields, element, context))
                } catch {
                    if case .skip = error { continue }
                    throw error
                }
            }
            return out
        }
        let write: ListWriter = { current, context, out throws(MappingAbort) in
            guard let value = path.resolve(current: current, root: context.root) else {
                out.append(UInt8(ascii: "["))
                out.append(UInt8(ascii: "]"))
                return
            }
            guard case .array(let elements) = value else {
                throw context.fail("mapping.type", target, path.text, "expected an array")
            }
            out.append(UInt8(ascii: "["))
            var first = true
            for index in elements.indices {
                let element = elements[index]
                if let filter, !filter(element, context) { continue }
                context.listStack.append((target, index))
                defer { context.listStack.removeLast() }
                let mark = out.count
                if !first { out.append(UInt8(ascii: ",")) }
                do throws(MappingAbort) {
                    try plan.write(element, context, into: &out)
                } catch {
                    guard case .skip = error else { throw error }
                    out.truncate(to: mark)
                    continue
                }
                first = false
            }
            out.append(UInt8(ascii: "]"))
        }
        return CompiledList(build: build, write: write)
    }
}
