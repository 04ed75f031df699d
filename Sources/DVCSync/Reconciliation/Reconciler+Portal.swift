import Foundation

extension Reconciler {
    /// Looks each key up on the portal (`TraCuuHoSo`) with at most `lookupConcurrency` requests in flight and at most
    /// `lookupsPerSecond` started per second; nil value = the portal has no such dossier.
    func lookUp(_ keys: [String]) async throws -> [String: JSONValue?] {
        let lookup = PortalLookup(portal: portal)
        let limit = max(1, configuration.lookupConcurrency)
        let interval = configuration.lookupsPerSecond.map { $0 > 0 ? 1 / $0 : 0 } ?? 0
        var results: [String: JSONValue?] = [:]
        results.reserveCapacity(keys.count)
        try await withThrowingTaskGroup(of: (String, JSONValue?).self) { group in
            var next = keys.makeIterator()
            var inFlight = 0
            var lastStart: Date?
            while true {
                while inFlight < limit, let key = next.next() {
                    if interval > 0, let last = lastStart {
                        let wait = interval - clock.now.timeIntervalSince(last)
                        if wait > 0 { try await clock.sleep(for: .milliseconds(Int64((wait * 1000).rounded(.up)))) }
                    }
                    lastStart = clock.now
                    group.addTask { (key, try await lookup.dossier(key)) }
                    inFlight += 1
                }
                guard let (key, holding) = try await group.next() else { break }
                inFlight -= 1
                results[key] = .some(holding)
            }
        }
        return results
    }
}
