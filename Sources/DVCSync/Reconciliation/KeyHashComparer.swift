import Foundation

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
///
/// Keys are ordered by their UTF-8 bytes, the order SQLite's default `BINARY` collation gives, so a ledger read with
/// `ORDER BY key` arrives already sorted.
public enum KeyHashComparer {
    /// Compares two lists by a sorted merge; lists not already in byte order of their keys are sorted first.
    /// Duplicate keys on one side: the first one wins, the others are ignored.
    public static func compare(source: [KeyHash], ledger: [KeyHash]) -> KeyHashDifference {
        let lhs = isSorted(source) ? source : source.sorted { order($0.key, $1.key) < 0 }
        let rhs = isSorted(ledger) ? ledger : ledger.sorted { order($0.key, $1.key) < 0 }
        var result = KeyHashDifference()
        lhs.withUnsafeBufferPointer { a in
            rhs.withUnsafeBufferPointer { b in merge(a, b, into: &result) }
        }
        return result
    }

    /// Compares two maps key → hash.
    public static func compare(source: [String: String], ledger: [String: String]) -> KeyHashDifference {
        var result = KeyHashDifference()
        for (key, hash) in source {
            switch ledger[key] {
            case nil: result.missing.append(key)
            case hash?: result.matched += 1
            default: result.changed.append(key)
            }
        }
        for key in ledger.keys where source[key] == nil { result.extra.append(key) }
        result.missing.sort { order($0, $1) < 0 }
        result.extra.sort { order($0, $1) < 0 }
        result.changed.sort { order($0, $1) < 0 }
        return result
    }

    /// Byte-wise comparison of the UTF-8 forms: negative, zero or positive.
    @inline(__always)
    public static func order(_ a: String, _ b: String) -> Int {
        let fast = a.utf8.withContiguousStorageIfAvailable { pa in
            b.utf8.withContiguousStorageIfAvailable { pb -> Int in
                let common = min(pa.count, pb.count)
                if common > 0 {
                    let c = memcmp(pa.baseAddress!, pb.baseAddress!, common)
                    if c != 0 { return Int(c) }
                }
                return pa.count - pb.count
            }
        }
        if let fast, let value = fast { return value }
        var ia = a.utf8.makeIterator(), ib = b.utf8.makeIterator()
        while true {
            switch (ia.next(), ib.next()) {
            case (nil, nil): return 0
            case (nil, _): return -1
            case (_, nil): return 1
            case (let x?, let y?): if x != y { return x < y ? -1 : 1 }
            }
        }
    }

    private static func merge(
        _ lhs: UnsafeBufferPointer<KeyHash>, _ rhs: UnsafeBufferPointer<KeyHash>, into result: inout KeyHashDifference
    ) {
        var i = 0, j = 0
        let n = lhs.count, m = rhs.count
        while i < n && j < m {
            let c = order(lhs[i].key, rhs[j].key)
            if c == 0 {
                if order(lhs[i].hash, rhs[j].hash) == 0 { result.matched += 1 } else { result.changed.append(lhs[i].key) }
                i = skip(lhs, from: i)
                j = skip(rhs, from: j)
            } else if c < 0 {
                result.missing.append(lhs[i].key)
                i = skip(lhs, from: i)
            } else {
                result.extra.append(rhs[j].key)
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
    }

    private static func isSorted(_ list: [KeyHash]) -> Bool {
        list.withUnsafeBufferPointer { buffer in
            var index = 1
            while index < buffer.count {
                if order(buffer[index].key, buffer[index - 1].key) < 0 { return false }
                index += 1
            }
            return true
        }
    }

    /// Index of the next element whose key differs from the one at `index`.
    @inline(__always)
    private static func skip(_ list: UnsafeBufferPointer<KeyHash>, from index: Int) -> Int {
        var next = index + 1
        while next < list.count && order(list[next].key, list[index].key) == 0 { next += 1 }
        return next
    }
}
