/// The list requests of a stock window scan that run ahead of the page being handed over. The scan itself decides
/// every request exactly as a one-page-at-a-time scan does (`take`); this only starts the requests it predicts will
/// follow — the rest of the current window while its total says more pages exist, then the next window's first
/// page — so the source renders them meanwhile. A wrong prediction (the source's totals moved) costs an unused
/// request, never a different page: a page is only ever taken by the exact (window, start) the scan asks for.
struct ListPagesAhead {
    struct Key: Hashable {
        let window: Int
        let start: Int
    }

    typealias Answer = (total: Int, items: [ListItem])

    private let connector: OpenCPSConnector
    private let windows: [[(String, String)]]
    private let pageSize: Int
    private let step: Int
    private let depth: Int
    /// The newest total each window's list reported.
    private var totals: [Int: Int] = [:]
    private var running: [Key: Task<Answer, any Error>] = [:]

    /// `depth` requests at most in flight, counting the one the scan awaits next; 1 is a plain one-ahead scan.
    init(connector: OpenCPSConnector, windows: [[(String, String)]], pageSize: Int, step: Int, depth: Int) {
        self.connector = connector
        self.windows = windows
        self.pageSize = pageSize
        self.step = max(1, step)
        self.depth = max(1, depth)
    }

    /// The request for `key`: the one already running, or a new one.
    mutating func take(_ key: Key) -> Task<Answer, any Error> {
        running.removeValue(forKey: key) ?? start(key)
    }

    /// Records the total a page of `window` reported, for predicting that window's remaining pages.
    mutating func learn(window: Int, total: Int) {
        totals[window] = total
    }

    /// Keeps `next` and the requests predicted after it (up to `depth` in all) running; cancels the others.
    mutating func prefetch(from next: Key) {
        let wanted = predicted(from: next)
        for (key, task) in running where !wanted.contains(key) {
            task.cancel()
            running[key] = nil
        }
        for key in wanted where running[key] == nil { running[key] = start(key) }
    }

    /// `next`, then the pages a one-page-at-a-time scan would ask for if every page came back full and the totals
    /// stayed as last seen. A window whose total is not known yet contributes only its first page.
    func predicted(from next: Key) -> [Key] {
        var keys = [next]
        var key = next
        while keys.count < depth {
            guard let total = totals[key.window] else { break }
            if key.start + pageSize < total {
                key = Key(window: key.window, start: key.start + step)
            } else {
                key = Key(window: key.window + 1, start: 0)
                guard key.window < windows.count else { break }
            }
            keys.append(key)
        }
        return keys
    }

    /// Cancels every request still running (the scan ended or failed).
    mutating func cancelAll() {
        for task in running.values { task.cancel() }
        running = [:]
    }

    private func start(_ key: Key) -> Task<Answer, any Error> {
        let (connector, filters, end) = (connector, windows[key.window], key.start + pageSize)
        return Task { try await connector.list(filters, start: key.start, end: end) }
    }
}
