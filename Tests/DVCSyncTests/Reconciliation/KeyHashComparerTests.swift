import DVCSync
import Testing

@Suite struct KeyHashComparerTests {
    @Test func bucketsMissingExtraChanged() {
        let source = [KeyHash(key: "c", hash: "3"), KeyHash(key: "a", hash: "1"), KeyHash(key: "b", hash: "2"),
                      KeyHash(key: "e", hash: "5")]
        let ledger = [KeyHash(key: "a", hash: "1"), KeyHash(key: "b", hash: "X"), KeyHash(key: "d", hash: "4"),
                      KeyHash(key: "e", hash: "5"), KeyHash(key: "e", hash: "5"), KeyHash(key: "f", hash: "6")]
        let result = KeyHashComparer.compare(source: source, ledger: ledger)
        #expect(result.missing == ["c"])
        #expect(result.extra == ["d", "f"])
        #expect(result.changed == ["b"])
        #expect(result.matched == 2)
        let maps = KeyHashComparer.compare(
            source: Dictionary(uniqueKeysWithValues: source.map { ($0.key, $0.hash) }),
            ledger: Dictionary(ledger.map { ($0.key, $0.hash) }) { first, _ in first })
        #expect(maps == result)
    }

    @Test func keysAreOrderedByUTF8Bytes() {
        // "Z" (0x5A) < "a" (0x61) < "é" (0xC3 0xA9): byte order, as SQLite's BINARY collation sorts.
        #expect(KeyHashComparer.order("Z", "a") < 0 && KeyHashComparer.order("a", "é") < 0)
        #expect(KeyHashComparer.order("ab", "a") > 0 && KeyHashComparer.order("", "") == 0)
        let source = [KeyHash(key: "é", hash: "1"), KeyHash(key: "Z", hash: "1"), KeyHash(key: "a", hash: "1")]
        let ledger = [KeyHash(key: "Z", hash: "1"), KeyHash(key: "a", hash: "2"), KeyHash(key: "é", hash: "1")]
        let result = KeyHashComparer.compare(source: source, ledger: ledger)
        #expect(result.changed == ["a"] && result.matched == 2 && result.missing.isEmpty && result.extra.isEmpty)
    }

    @Test func emptySides() {
        let one = [KeyHash(key: "a", hash: "1")]
        #expect(KeyHashComparer.compare(source: one, ledger: []).missing == ["a"])
        #expect(KeyHashComparer.compare(source: [], ledger: one).extra == ["a"])
    }
}
