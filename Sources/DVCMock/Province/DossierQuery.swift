/// The parameters of `GET /dossiers` (OpenCPS `DossierSearchModel` subset) and their evaluation over the store.
struct DossierQuery: Sendable {
    enum SortKey: Sendable { case createDate, modifiedDate, submitDate, receiveDate, dueDate, releaseDate, finishDate }
    enum DateField: Sendable { case submit, receive, due, release, finish }

    var start = 0, end = 10
    var sort = SortKey.createDate
    var descending = false
    var statuses: Set<String>?
    var subStatuses: Set<String>?
    var agencies: Set<UInt16>?
    var procedures: Set<UInt16>?
    var domains: Set<String>?
    var dossierNo: String?
    var applicantIdNo: String?
    var online: Bool?
    var ranges: [(field: DateField, from: Int64?, to: Int64?)] = []
    var fromModified: ProvinceDossier.Instant?
    /// Which `DossierState`s pass the status and sub-status filters (nil = no filter).
    var allowedStates: [Bool]?

    /// Parses the query string; malformed dates and unknown values are ignored, as the source does.
    init(_ q: [String: String], catalog: ProvinceCatalog, extended: Bool) {
        start = max(Int(q["start"] ?? "") ?? 0, 0)
        let e = Int(q["end"] ?? "") ?? 0
        if e <= 0 { start = 0; end = 10 } else { end = e }
        descending = q["order"]?.lowercased() == "true"
        switch q["sort"] ?? "" {
        case "modifiedDate": sort = extended ? .modifiedDate : .createDate
        case "submitDate": sort = .submitDate
        case "receiveDate": sort = .receiveDate
        case "dueDate": sort = .dueDate
        case "releaseDate": sort = .releaseDate
        case "finishDate": sort = .finishDate
        default: sort = .createDate
        }
        statuses = DossierQuery.list(q["status"])
        subStatuses = DossierQuery.list(q["substatus"])
        if let codes = DossierQuery.list(q["agency"]), !codes.contains("all") {
            agencies = Set(codes.map { UInt16(catalog.agencyIndexByCode[$0] ?? Int(UInt16.max)) })
        }
        if let codes = DossierQuery.list(q["service"]) {
            procedures = Set(codes.map { UInt16(catalog.procedureIndexByCode[$0] ?? Int(UInt16.max)) })
        }
        domains = DossierQuery.list(q["domain"])
        dossierNo = q["dossierNo"].flatMap { $0.isEmpty ? nil : $0 }
        applicantIdNo = q["applicantIdNo"].flatMap { $0.isEmpty ? nil : $0 }
        if let o = q["online"] { online = o == "true" ? true : (o == "false" ? false : nil) }
        for (name, field) in [("Receive", DateField.receive), ("Submit", .submit), ("Due", .due),
                              ("Release", .release), ("Finish", .finish)] {
            let from = q["from\(name)Date"].flatMap(ProvinceTime.parseDate)
            let to = q["to\(name)Date"].flatMap(ProvinceTime.parseDate)
            if from != nil || to != nil { ranges.append((field, from, to)) }
        }
        if statuses != nil || subStatuses != nil {
            allowedStates = DossierState.allCases.map { state in
                (statuses?.contains(state.status) ?? true) && (subStatuses?.contains(state.subStatus) ?? true)
            }
        }
        if extended, let text = q["fromModifiedDate"], let t = ProvinceTime.parseDateTime(text) {
            fromModified = ProvinceDossier.instant(t)
        }
    }

    private static func list(_ value: String?) -> Set<String>? {
        guard let value, !value.isEmpty else { return nil }
        let items = value.split(separator: ",").map { $0.trimmingCharacters() }.filter { !$0.isEmpty }
        return items.isEmpty ? nil : Set(items)
    }

    func matches(_ d: ProvinceDossier, now: ProvinceDossier.Instant, catalog: ProvinceCatalog,
                 renderer: DossierRenderer) -> Bool {
        if let agencies, !agencies.contains(d.agency) { return false }
        if let procedures, !procedures.contains(d.procedure) { return false }
        if let domains, !domains.contains(catalog.procedures[Int(d.procedure)].fieldCode) { return false }
        if let online, online != (d.channel == 2) { return false }
        if let fromModified, d.modified(at: now) < fromModified { return false }
        if let allowedStates, !allowedStates[d.state(at: now).rawValue] { return false }
        for r in ranges {
            guard let t = DossierQuery.instant(of: r.field, d, now) else { return false }
            let day = ProvinceTime.dayNumber(ProvinceDossier.epoch(t))
            if let from = r.from, day < from { return false }
            if let to = r.to, day > to { return false }
        }
        if let dossierNo, renderer.dossierNo(d) != dossierNo { return false }
        if let applicantIdNo, ProvincePeople(seed: d.seed, business: d.applicantKind == 1).idNo != applicantIdNo {
            return false
        }
        return true
    }

    static func instant(of field: DateField, _ d: ProvinceDossier, _ now: ProvinceDossier.Instant) -> ProvinceDossier.Instant? {
        let received = d.receive <= now
        let t: ProvinceDossier.Instant
        switch field {
        case .submit: t = d.submit
        case .receive: t = d.receive
        case .due: t = received ? d.due : 0
        case .release: t = d.release
        case .finish: t = d.finish
        }
        return (t != 0 && (field == .due || t <= now)) ? t : nil
    }

    private func key(_ d: ProvinceDossier, _ now: ProvinceDossier.Instant) -> ProvinceDossier.Instant {
        switch sort {
        case .createDate, .submitDate: d.submit
        case .modifiedDate: d.modified(at: now)
        case .receiveDate: DossierQuery.instant(of: .receive, d, now) ?? 0
        case .dueDate: DossierQuery.instant(of: .due, d, now) ?? 0
        case .releaseDate: DossierQuery.instant(of: .release, d, now) ?? 0
        case .finishDate: DossierQuery.instant(of: .finish, d, now) ?? 0
        }
    }

    /// Total matches and the store indexes of the page [start, end).
    func run(_ store: ProvinceStore, catalog: ProvinceCatalog, renderer: DossierRenderer) -> (total: Int, page: [Int]) {
        let now = store.nowInstant
        let all = store.dossiers
        var page: [Int] = []
        let unfiltered = allowedStates == nil && agencies == nil && procedures == nil && domains == nil && online == nil
            && fromModified == nil && ranges.isEmpty && dossierNo == nil && applicantIdNo == nil
        if unfiltered && (sort == .createDate || sort == .submitDate) {
            let n = all.count
            if start < min(end, n) { page = (start..<min(end, n)).map { descending ? n - 1 - $0 : $0 } }
            return (n, page)
        }
        if sort == .createDate || sort == .submitDate {
            var total = 0
            let n = all.count
            for k in 0..<n {
                let i = descending ? n - 1 - k : k
                guard matches(all[i], now: now, catalog: catalog, renderer: renderer) else { continue }
                if total >= start && total < end { page.append(i) }
                total += 1
            }
            return (total, page)
        }
        var keyed: [(key: ProvinceDossier.Instant, index: Int32)] = []
        for i in all.indices where matches(all[i], now: now, catalog: catalog, renderer: renderer) {
            keyed.append((key(all[i], now), Int32(i)))
        }
        keyed.sort { $0.key != $1.key ? $0.key < $1.key : $0.index < $1.index }
        if descending { keyed.reverse() }
        if start < min(end, keyed.count) { page = keyed[start..<min(end, keyed.count)].map { Int($0.index) } }
        return (keyed.count, page)
    }
}

extension Substring {
    func trimmingCharacters() -> String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
