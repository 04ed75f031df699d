/// A record key with the content hash one side holds for it.
public struct KeyHash: Sendable, Hashable {
    /// Record key (MaHoSo).
    public var key: String
    /// Content hash (e.g. the ledger's hex SHA-256 of the canonical record).
    public var hash: String

    /// A pair from its parts.
    public init(key: String, hash: String) {
        self.key = key
        self.hash = hash
    }
}

/// Keys found on one side only or with different hashes, each list sorted.
public struct KeyHashDifference: Sendable, Hashable {
    /// In the source, not in the ledger.
    public var missing: [String]
    /// In the ledger, not in the source.
    public var extra: [String]
    /// On both sides with different hashes.
    public var changed: [String]
    /// Keys present on both sides with the same hash.
    public var matched: Int

    /// A difference from its parts.
    public init(missing: [String] = [], extra: [String] = [], changed: [String] = [], matched: Int = 0) {
        self.missing = missing
        self.extra = extra
        self.changed = changed
        self.matched = matched
    }
}

/// Key-level comparison of two sides (source ↔ ledger, ledger ↔ portal) by content hash.
public enum KeyHashComparer {
    /// Compares two lists by a sorted merge; lists not already sorted by key are sorted first. Duplicate keys on one
    /// side: the first one wins, the others are ignored.
    public static func compare(source: [KeyHash], ledger: [KeyHash]) -> KeyHashDifference {
        let lhs = isSorted(source) ? source : source.sorted { $0.key < $1.key }
        let rhs = isSorted(ledger) ? ledger : ledger.sorted { $0.key < $1.key }
        var result = KeyHashDifference(missing: [], extra: [], changed: [], matched: 0)
        var i = 0, j = 0
        let n = lhs.count, m = rhs.count
        while i < n && j < m {
            let a = lhs[i], b = rhs[j]
            if a.key == b.key {
                if a.hash == b.hash { result.matched += 1 } else { result.changed.append(a.key) }
                i = skip(lhs, from: i)
                j = skip(rhs, from: j)
            } else if a.key < b.key {
                result.missing.append(a.key)
                i = skip(lhs, from: i)
            } else {
                result.extra.append(b.key)
                j = skip(rhs, from: j)
            }
        }
        while i < n {
            result.missing.append(lhs[i].key)
            i = skip(lhs, from: i)
        }
        while j < m {
            result.extra.append(rhs[j].key)
            j = skip(rhs, from: j)
        }
        return result
    }

    /// Compares two maps key → hash.
    public static func compare(source: [String: String], ledger: [String: String]) -> KeyHashDifference {
        var result = KeyHashDifference(missing: [], extra: [], changed: [], matched: 0)
        for (key, hash) in source {
            switch ledger[key] {
            case nil: result.missing.append(key)
            case hash?: result.matched += 1
            default: result.changed.append(key)
            }
        }
        for key in ledger.keys where source[key] == nil { result.extra.append(key) }
        result.missing.sort()
        result.extra.sort()
        result.changed.sort()
        return result
    }

    private static func isSorted(_ list: [KeyHash]) -> Bool {
        var index = 1
        while index < list.count {
            if list[index].key < list[index - 1].key { return false }
            index += 1
        }
        return true
    }

    /// Index of the next element whose key differs from the one at `index`.
    private static func skip(_ list: [KeyHash], from index: Int) -> Int {
        var next = index + 1
        while next < list.count && list[next].key == list[index].key { next += 1 }
        return next
    }
}
