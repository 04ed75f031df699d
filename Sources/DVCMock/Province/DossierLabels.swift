import Foundation

/// Vietnamese labels of statuses and steps, and the place (district/ward) of an applicant.
struct DossierLabels: Sendable {
    struct Place: Sendable { var districtCode: String, districtName: String, wardCode: String, wardName: String }
    private let places: [Place?]
    private let districtPlaces: [Place]

    /// Administrative (GSO-style) district codes of Đồng Tháp, in `agencies.json` district order.
    static let districtCodes = ["866", "867", "868", "869", "870", "871", "874", "872", "873", "875", "876", "877"]

    init(catalog: ProvinceCatalog) {
        var places = [Place?](repeating: nil, count: catalog.agencies.count)
        var districtOrdinal: [String: Int] = [:]
        for (n, i) in catalog.districtIndexes.enumerated() { districtOrdinal[catalog.agencies[i].code] = n }
        var communeCount: [String: Int] = [:]
        for i in catalog.communeIndexes {
            let a = catalog.agencies[i]
            guard let n = districtOrdinal[a.parent], let parent = catalog.parentIndex(of: i) else { continue }
            communeCount[a.parent, default: 0] += 1
            let ward = a.name.replacingOccurrences(of: "UBND ", with: "").split(separator: ",").first.map(String.init) ?? a.name
            let code = DossierLabels.districtCodes[n % DossierLabels.districtCodes.count]
            places[i] = Place(districtCode: code,
                              districtName: catalog.agencies[parent].name.replacingOccurrences(of: "UBND ", with: ""),
                              wardCode: "\(28 + n)\(String(communeCount[a.parent]!).leftPadded(3))", wardName: ward)
        }
        var first: [Place] = []
        var seen = Set<String>()
        for case let p? in places where !seen.contains(p.districtCode) { seen.insert(p.districtCode); first.append(p) }
        self.places = places
        districtPlaces = first
    }

    /// The place of a dossier: its commune when processed by one, else a place chosen from the seed.
    func place(of agency: Int, seed: UInt32) -> Place {
        places[agency] ?? districtPlaces[Int(seed % UInt32(districtPlaces.count))]
    }

    static func statusText(_ s: DossierState) -> String {
        switch s {
        case .receiving: "Chờ tiếp nhận"
        case .processing, .processingApproval: "Đang xử lý"
        case .waiting: "Chờ bổ sung"
        case .paying: "Chờ thanh toán"
        case .releasing: "Chờ trả kết quả"
        case .done: "Hoàn thành"
        case .cancelled: "Đã hủy hồ sơ"
        case .denied: "Đã từ chối"
        }
    }

    static func subStatusText(_ s: DossierState) -> String {
        switch s {
        case .receiving: "Chờ tiếp nhận"
        case .processing: "Chờ xử lý"
        case .processingApproval: "Chờ phê duyệt"
        case .waiting: "Yêu cầu bổ sung giấy tờ"
        case .paying: "Chờ thanh toán"
        case .releasing: "Chờ trả kết quả tại một cửa"
        case .done: "Đã trả kết quả"
        case .cancelled: "Đã hủy hồ sơ"
        case .denied: "Từ chối xử lý"
        }
    }

    /// A processing step: numeric code (as the source's `stepCode`), action name and note.
    struct Step: Sendable { var code: Int, name: String, note: String }

    static let receiveStep = Step(code: 100, name: "Tiếp nhận hồ sơ", note: "Tiếp nhận hồ sơ hợp lệ")
    static let supplementStep = Step(code: 105, name: "Yêu cầu bổ sung hồ sơ", note: "Đề nghị bổ sung giấy tờ còn thiếu")
    static let supplementDoneStep = Step(code: 106, name: "Tiếp nhận hồ sơ bổ sung", note: "Công dân đã bổ sung hồ sơ")
    static let processStep = Step(code: 200, name: "Thẩm định hồ sơ", note: "Chuyển chuyên viên thẩm định")
    static let payStep = Step(code: 610, name: "Yêu cầu thanh toán phí, lệ phí", note: "Chờ công dân thanh toán")
    static let paidStep = Step(code: 620, name: "Xác nhận thanh toán", note: "Đã thanh toán")
    static let approveStep = Step(code: 300, name: "Ký duyệt", note: "Phê duyệt kết quả giải quyết")
    static let denyStep = Step(code: 800, name: "Từ chối giải quyết", note: "Hồ sơ không đủ điều kiện giải quyết")
    static let cancelStep = Step(code: 700, name: "Hủy hồ sơ", note: "Công dân yêu cầu rút hồ sơ")
    static let finishStep = Step(code: 400, name: "Trả kết quả", note: "Đã trả kết quả cho công dân")

    /// The step a dossier waits in for a state (the list's `stepCode`/`stepName`).
    static func step(for s: DossierState) -> Step {
        switch s {
        case .receiving: Step(code: 10, name: "Chờ tiếp nhận", note: "")
        case .processing: Step(code: 20, name: "Chờ xử lý", note: "")
        case .processingApproval: Step(code: 30, name: "Chờ phê duyệt", note: "")
        case .waiting: Step(code: 50, name: "Chờ bổ sung", note: "")
        case .paying: Step(code: 61, name: "Chờ thanh toán", note: "")
        case .releasing: Step(code: 90, name: "Chờ trả kết quả", note: "")
        case .done: Step(code: 100, name: "Hoàn thành", note: "")
        case .cancelled: Step(code: 70, name: "Đã hủy", note: "")
        case .denied: Step(code: 80, name: "Từ chối", note: "")
        }
    }
}

/// The processing history of a dossier at an instant (`/dossierlogs/{id}/logs`).
enum DossierLogs {
    struct Event: Sendable { var at: ProvinceDossier.Instant, step: DossierLabels.Step, state: DossierState }

    /// Events that happened at or before `now`, in order.
    static func events(_ d: ProvinceDossier, now: ProvinceDossier.Instant) -> [Event] {
        var out: [Event] = []
        out.reserveCapacity(6)
        func add(_ t: ProvinceDossier.Instant, _ step: DossierLabels.Step, _ state: DossierState) {
            if t != 0 && t <= now { out.append(Event(at: t, step: step, state: state)) }
        }
        add(d.receive, DossierLabels.receiveStep, .processing)
        add(d.supplementRequest, DossierLabels.supplementStep, .waiting)
        add(d.supplementReturn, DossierLabels.supplementDoneStep, .processing)
        add(d.processStart, DossierLabels.processStep, .processingApproval)
        add(d.payRequest, DossierLabels.payStep, .paying)
        add(d.payDone, DossierLabels.paidStep, .processingApproval)
        switch d.outcome {
        case .done: add(d.release, DossierLabels.approveStep, .releasing)
        case .denied: add(d.release, DossierLabels.denyStep, .denied)
        case .cancelled: add(d.release, DossierLabels.cancelStep, .cancelled)
        }
        add(d.finish, DossierLabels.finishStep, .done)
        return out
    }

    /// Writes `{"total","data":[...]}` of the dossier's logs.
    static func write(_ d: ProvinceDossier, now: ProvinceDossier.Instant, into w: inout JSONBytes) {
        let events = events(d, now: now)
        w.beginObject()
        w.key("total"); w.int(events.count)
        w.key("data"); w.beginArray()
        for (k, e) in events.enumerated() {
            let actionId = Int64(d.dossierId) * 16 + Int64(k + 1)
            w.beginObject()
            w.key("dossierLogId"); w.int(actionId * 3)
            w.key("author"); w.string(ProvincePeople.officer(agency: Int(d.agency), step: e.step.code))
            w.key("content"); w.string(e.step.note)
            w.key("createDate"); w.int(ProvinceDossier.epoch(e.at) * 1000)
            w.key("notificationType"); w.string("PROCESS_TYPE")
            w.key("payload"); w.beginObject()
            w.key("dossierActionId"); w.int(actionId)
            w.key("jobPosName"); w.string(ProvincePeople.officerTitles[e.step.code % ProvincePeople.officerTitles.count])
            w.key("stepName"); w.string(e.step.name)
            w.key("stepCode"); w.int(e.step.code)
            w.key("stepInstruction"); w.string("")
            w.key("files"); w.beginArray(); w.endArray()
            w.key("dossierStatusText"); w.string(DossierLabels.statusText(e.state))
            w.endObject()
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }
}
