/// The mapped procedures of one catalogue pull, by national code (`MATTHC`): identical repeats count once; a code
/// the source lists with different content is a conflict, none of whose versions may be sent.
struct CatalogueVersions {
    private struct Entry {
        var change: RecordChange
        var sourceKeys: [String]
        var conflicting = false
    }

    private var order: [String] = []
    private var entries: [String: Entry] = [:]

    /// Adds the mapped version of the procedure with source code `sourceKey`, national code `key`.
    mutating func add(key: String, sourceKey: String, change: RecordChange) {
        guard var entry = entries[key] else {
            order.append(key)
            entries[key] = Entry(change: change, sourceKeys: [sourceKey])
            return
        }
        entry.sourceKeys.append(sourceKey)
        if entry.change.mappedHash != change.mappedHash { entry.conflicting = true }
        entries[key] = entry
    }

    /// One change per national code without a conflict, in the source's order.
    var changes: [RecordChange] {
        order.compactMap { entries[$0].flatMap { $0.conflicting ? nil : $0.change } }
    }

    /// National codes listed with different content, with the source codes of their versions.
    var conflicts: [(key: String, sourceKeys: [String])] {
        order.compactMap { key in entries[key].flatMap { $0.conflicting ? (key, $0.sourceKeys) : nil } }
    }

    /// Source and national codes of the procedures without a conflict: their quarantine entries can be cleared.
    var mappedSourceKeys: [String] {
        order.flatMap { key in entries[key].map { $0.conflicting ? [] : $0.sourceKeys + [key] } ?? [] }
    }

    /// The quarantine reason of a conflicting national code.
    static func message(key: String, count: Int) -> String {
        "the source lists procedure \(key) \(count) times with different content; keep one version in the "
            + "source's catalogue"
    }
}
