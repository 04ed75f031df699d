/// Stops a scan whose source ignores paging: a list page holding exactly the dossiers of the page before it would
/// otherwise be followed by the same request for the next page, again and again (a run that never ends).
struct PageRepeatGuard {
    private var previous: [String] = []
    private var previousRequest = ""

    /// Throws `source.page_repeated` when `items` (answered for `request`) are the previous page's dossiers again.
    mutating func check(_ items: [ListItem], request: String) throws {
        let keys = items.map(\.identity)
        defer {
            previous = keys
            previousRequest = request
        }
        guard !keys.isEmpty, keys == previous else { return }
        throw SourceError(code: "source.page_repeated",
                          message: "/dossiers answered \(request) with the same \(keys.count) dossiers as "
                              + "\(previousRequest): the source ignores paging, so the scan stops; the pages "
                              + "before were saved")
    }
}
