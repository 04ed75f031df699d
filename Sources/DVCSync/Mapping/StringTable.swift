import Foundation

/// A read-only map from text keys to values for the mapping's code and reference tables, looked up once or more per
/// mapped record. Keys are compared as UTF-8 bytes (the mapping normalises both table keys and looked-up values to
/// NFC first, so byte equality is canonical equivalence) and hashed with a word-at-a-time multiply-xor mix instead of
/// `String`'s seeded SipHash, which was about a fifth of the mapping's time. Only queries come from source data and
/// they cannot add keys, so the probe length is fixed by the table itself, not by what a source sends.
struct StringTable<Value: Sendable>: Sendable {
    private let bytes: [UInt8]
    private let starts: [Int32]
    private let hashes: [UInt64]
    private let values: [Value]
    /// Open addressing: entry index + 1 per slot, 0 for empty; capacity is a power of two above twice the count.
    private let slots: [Int32]
    private let mask: Int
    /// Bits of the hash kept (all of them; tests keep none, so that every probe compares bytes).
    private let hashBits: UInt64

    /// The table of `entries`; a repeated key keeps its first value.
    init(_ entries: some Sequence<(String, Value)>, hashBits: UInt64 = .max) {
        var bytes: [UInt8] = []
        var starts: [Int32] = [0]
        var hashes: [UInt64] = []
        var values: [Value] = []
        let entries = Array(entries)
        var capacity = 8
        while capacity < entries.count * 2 + 2 { capacity *= 2 }
        var slots = [Int32](repeating: 0, count: capacity)
        let mask = capacity - 1
        for (key, value) in entries {
            var key = key
            let hash = key.withUTF8 { Self.hash($0) } & hashBits
            var slot = Int(truncatingIfNeeded: hash) & mask
            var duplicate = false
            while slots[slot] != 0 {
                let entry = Int(slots[slot]) - 1
                if hashes[entry] == hash,
                    key.withUTF8({ Self.equal($0, bytes, Int(starts[entry]), Int(starts[entry + 1])) })
                {
                    duplicate = true
                    break
                }
                slot = (slot + 1) & mask
            }
            if duplicate { continue }
            bytes.append(contentsOf: key.utf8)
            starts.append(Int32(bytes.count))
            hashes.append(hash)
            values.append(value)
            slots[slot] = Int32(values.count)
        }
        (self.bytes, self.starts, self.hashes, self.values, self.slots, self.mask, self.hashBits) =
            (bytes, starts, hashes, values, slots, mask, hashBits)
    }

    /// Number of keys.
    var count: Int { values.count }

    /// The value of `key`, or nil.
    @inline(__always)
    subscript(key: String) -> Value? {
        guard let entry = index(of: key) else { return nil }
        return values[entry]
    }

    /// The entry index of `key` (0..<count, in first-insertion order), or nil.
    @inline(__always)
    func index(of key: String) -> Int? {
        if let found = key.utf8.withContiguousStorageIfAvailable({ find($0) }) { return found }
        var copy = key
        return copy.withUTF8 { find($0) }
    }

    private func find(_ key: UnsafeBufferPointer<UInt8>) -> Int? {
        let hash = Self.hash(key) & hashBits
        var slot = Int(truncatingIfNeeded: hash) & mask
        return bytes.withUnsafeBufferPointer { stored in
            while true {
                let entry = Int(slots[slot]) - 1
                if entry < 0 { return nil }
                if hashes[entry] == hash, Self.equal(key, stored, Int(starts[entry]), Int(starts[entry + 1])) {
                    return entry
                }
                slot = (slot + 1) & mask
            }
        }
    }

    @inline(__always)
    private static func equal(_ key: UnsafeBufferPointer<UInt8>, _ stored: UnsafeBufferPointer<UInt8>, _ start: Int,
                              _ end: Int) -> Bool
    {
        guard end - start == key.count else { return false }
        if key.isEmpty { return true }
        return memcmp(key.baseAddress!, stored.baseAddress! + start, key.count) == 0
    }

    @inline(__always)
    private static func equal(_ key: UnsafeBufferPointer<UInt8>, _ stored: [UInt8], _ start: Int, _ end: Int) -> Bool {
        stored.withUnsafeBufferPointer { equal(key, $0, start, end) }
    }

    /// Eight bytes at a time, multiply-xor mixed; the length seeds the state so prefixes differ.
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var state = UInt64(truncatingIfNeeded: key.count) &* 0x9E37_79B9_7F4A_7C15
        guard let base = key.baseAddress else { return mix(state) }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        while offset + 8 <= key.count {
            state = (state ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            state ^= state >> 31
            offset += 8
        }
        if offset < key.count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while offset < key.count {
                tail |= UInt64(base[offset]) << shift
                shift += 8
                offset += 1
            }
            state = (state ^ tail) &* 0xBF58_476D_1CE4_E5B9
        }
        return mix(state)
    }

    @inline(__always)
    private static func mix(_ value: UInt64) -> UInt64 {
        var state = value ^ (value >> 29)
        state = state &* 0x94D0_49BB_1331_11EB
        return state ^ (state >> 32)
    }
}
