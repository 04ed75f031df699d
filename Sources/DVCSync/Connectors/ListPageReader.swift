import DVCJSON
import Foundation

/// One `/dossiers` list item as the scans use it: its identity, its dates and a hash that changes when it does.
struct ListItem: Sendable, Equatable {
    /// `dossierNo` (nil when absent or not a scalar).
    var key: String?
    /// `dossierId`.
    var id: String?
    /// `modifiedDate` as the source writes it.
    var modified: String?
    /// Newest of the activity dates (`OpenCPSConnector.activityDates`), epoch seconds; 0 when none parses.
    var latest: Int64
    /// Hex SHA-256 of the item (`OpenCPSConfiguration.ListHash`).
    var hash: String

    /// Dossier number and id together: what tells two list items apart.
    var identity: String { (key ?? "") + "#" + (id ?? "") }
}

/// Reads a `/dossiers` list answer (`{"total": n, "data": [...]}`) without building a tree of every item: the
/// document is checked as JSON, only the fields the scans need are decoded, and each item is hashed.
enum ListPageReader {
    /// What one answer holds.
    struct Page {
        /// `total`, when the answer gives one as a number or numeric text.
        var total: Int?
        /// `data`'s items in order; nil when the answer has no `data` array.
        var items: [ListItem]?
    }

    static let wanted: [[UInt8]] = (["dossierNo", "dossierId", "modifiedDate"] + OpenCPSConnector.activityDates)
        .map { Array($0.utf8) }
    private static let data = Array("data".utf8)
    private static let total = Array("total".utf8)

    /// Reads `body`; throws when it is not JSON or not an object.
    static func read(_ body: [UInt8], hash: OpenCPSConfiguration.ListHash) throws(JSONScanError) -> Page {
        try body.withUnsafeBufferPointer { (buffer) throws(JSONScanError) -> Page in
            var scanner = JSONScanner(bytes: buffer)
            var page = Page()
            scanner.skipWhitespace()
            try scanner.members { (key, scanner) throws(JSONScanError) in
                if key.is(data), scanner.peek == UInt8(ascii: "[") {
                    var items: [ListItem] = []
                    var fields = [UnsafeBufferPointer<UInt8>?](repeating: nil, count: wanted.count)
                    try scanner.elements { (scanner) throws(JSONScanError) in
                        items.append(try item(&scanner, hash: hash, fields: &fields))
                    }
                    page.items = items
                } else if key.is(total) {
                    page.total = JSONScanner.scalarText(try scanner.value()).flatMap { Int($0) }
                } else {
                    try scanner.skipValue(depth: 1)
                }
            }
            scanner.skipWhitespace()
            if scanner.index != buffer.count { throw scanner.fail("trailing characters") }
            return page
        }
    }

    /// One element of `data`: its wanted fields decoded, the whole element hashed. `fields` is scratch space of
    /// `wanted.count` slots, reused from item to item.
    private static func item(
        _ scanner: inout JSONScanner, hash: OpenCPSConfiguration.ListHash, fields: inout [UnsafeBufferPointer<UInt8>?]
    ) throws(JSONScanError) -> ListItem {
        let start = scanner.index
        let wanted = Self.wanted
        for slot in fields.indices { fields[slot] = nil }
        if scanner.peek == UInt8(ascii: "{") {
            try scanner.members(depth: 2) { (key, scanner) throws(JSONScanError) in
                if let slot = wanted.firstIndex(where: { key.is($0) }) {
                    fields[slot] = try scanner.value(depth: 3)
                } else {
                    try scanner.skipValue(depth: 3)
                }
            }
        } else {
            try scanner.skipValue(depth: 2)
        }
        let span = UnsafeBufferPointer(rebasing: scanner.bytes[start..<scanner.index])
        var latest: Int64 = 0
        for slot in 3..<wanted.count {
            if let field = fields[slot], let date = date(field) {
                latest = max(latest, Int64(date.timeIntervalSince1970))
            }
        }
        let digest: String
        switch hash {
        case .bytes: digest = ContentHash.sha256Hex(UnsafeRawBufferPointer(span))
        case .canonical: digest = ContentHash.of(JSONScanner.decode(span) ?? .null)
        }
        return ListItem(key: fields[0].flatMap(JSONScanner.scalarText), id: fields[1].flatMap(JSONScanner.scalarText),
                        modified: fields[2].flatMap(JSONScanner.scalarText), latest: latest, hash: digest)
    }

    /// The activity date a field's value gives, as `VietnamTime.parseDateTime` of its scalar text; a string
    /// without escapes is read from its bytes.
    private static func date(_ value: UnsafeBufferPointer<UInt8>) -> Date? {
        if value.count >= 2, value[0] == UInt8(ascii: "\""), !value.contains(UInt8(ascii: "\\")) {
            return VietnamTime.parseDateTime(utf8: UnsafeBufferPointer(rebasing: value[1..<value.count - 1]))
        }
        return JSONScanner.scalarText(value).flatMap(VietnamTime.parseDateTime)
    }
}
