/// Renders dossiers as the OpenCPS v2 API does: list items (`DossierDataModel`) and details (`DossierDetailModel`),
/// with the source's value-type quirks (numbers for digit strings, booleans, omitted null keys).
struct DossierRenderer: Sendable {
    let catalog: ProvinceCatalog
    let groupId: Int
    let labels: DossierLabels

    init(catalog: ProvinceCatalog, groupId: Int) {
        self.catalog = catalog
        self.groupId = groupId
        labels = DossierLabels(catalog: catalog)
    }

    /// Dossier number `<agencyCode>-YYMMDD-XXXX`.
    func dossierNo(_ d: ProvinceDossier) -> String {
        let c = ProvinceTime.civil(ProvinceDossier.epoch(d.submit))
        var w = JSONBytes(capacity: 32)
        w.two(c.year % 100); w.two(c.month); w.two(c.day)
        let seq = String(d.sequence).leftPadded(4)
        return "\(catalog.agencies[Int(d.agency)].code)-\(String(decoding: w.bytes, as: UTF8.self))-\(seq)"
    }

    /// Reference UUID; its last group encodes the dossierId so lookups need no index.
    func referenceUid(_ d: ProvinceDossier) -> String {
        let a = SplitMix64.mix(UInt64(d.seed) &* 0x9E37_79B9 ^ 14)
        var b: [UInt8] = []
        b.reserveCapacity(36)
        func hex(_ v: UInt64, _ digits: Int) {
            for k in stride(from: digits - 1, through: 0, by: -1) { b.append(DossierRenderer.hexDigits[Int(v >> UInt64(4 * k) & 15)]) }
        }
        hex(a >> 32, 8); b.append(0x2D); hex(a >> 16 & 0xFFFF, 4); b.append(0x2D)
        b.append(0x34); hex(a >> 4 & 0xFFF, 3); b.append(0x2D); b.append(0x61); hex(a & 0xFFF ^ a >> 52, 3); b.append(0x2D)
        hex(UInt64(UInt32(bitPattern: d.dossierId)), 12)
        return String(decoding: b, as: UTF8.self)
    }

    static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Writes one dossier object. `detail` selects the detail model; `listModified` fills the list's `modifiedDate`.
    func write(_ d: ProvinceDossier, now: ProvinceDossier.Instant, detail: Bool, listModified: Bool,
               quirks: ProvinceQuirks = ProvinceQuirks(), into w: inout JSONBytes) {
        let proc = catalog.procedures[Int(d.procedure)]
        let agency = catalog.agencies[Int(d.agency)]
        let people = ProvincePeople(seed: d.seed, business: d.applicantKind == 1)
        let state = d.state(at: now)
        let online = d.channel == 2
        let place = labels.place(of: Int(d.agency), seed: d.seed)
        var applicantName = people.upperName
        var dossierName = proc.name
        switch d.defect {
        case .overlongText:
            dossierName = String(repeating: proc.name + "; ", count: 5000 / max(proc.name.count, 1) + 2)
            applicantName = String(repeating: applicantName + " ", count: 40)
        case .controlCharacters:
            applicantName = applicantName.replacingFirstSpace(with: " \u{07}\u{1B}")
            dossierName = "\u{0C}" + dossierName + "\u{01}"
        default: break
        }
        w.beginObject()
        w.key("dossierId"); w.identifier(Int(d.dossierId), quirks)
        w.key("groupId"); w.identifier(groupId, quirks)
        w.key("referenceUid"); w.string(referenceUid(d))
        w.key("dossierNo"); w.string(dossierNo(d))
        w.key("dossierIdCTN"); w.coercedDigits(people.lookupCode)
        if d.defect != .missingFields {
            w.key("serviceCode")
            w.string(d.defect == .unknownProcedure ? "9.\(String(900_000 + d.seed % 99_999)).000.00.00.H20" : proc.serviceCode)
            w.key("serviceName"); w.string(proc.name)
            w.key("govAgencyCode"); w.string(agency.code)
        }
        w.key("dossierName"); w.string(dossierName)
        if d.revision > 0 && d.edited <= now {
            w.key("dossierNote"); w.string("Cập nhật thông tin hồ sơ (lần \(d.revision))")
        } else if quirks.explicitNulls {
            w.key("dossierNote"); w.null()
        }
        w.key("dossierTemplateNo"); w.string("TP-" + proc.serviceCode)
        w.key("govAgencyName"); w.string(agency.name)
        w.key("domainCode"); w.string(proc.fieldCode)
        w.key("domainName"); w.string(proc.fieldName)
        w.key("applicantName"); w.string(applicantName)
        w.key("applicantIdType"); w.string(d.applicantKind == 1 ? "business" : "citizen")
        w.key("applicantIdNo"); w.coercedDigits(people.idNo)
        w.key("address"); w.string("Số \(d.seed % 300 + 1), \(place.wardName), \(place.districtName), Tỉnh Đồng Tháp")
        w.key("cityCode"); w.coercedDigits("87"); w.key("cityName"); w.string("Tỉnh Đồng Tháp")
        w.key("districtCode"); w.coercedDigits(place.districtCode); w.key("districtName"); w.string(place.districtName)
        w.key("wardCode"); w.coercedDigits(place.wardCode); w.key("wardName"); w.string(place.wardName)
        w.key("contactName"); w.string(applicantName)
        w.key("contactTelNo"); w.coercedDigits(people.phone)
        if let email = people.email { w.key("contactEmail"); w.string(email) } else if quirks.explicitNulls {
            w.key("contactEmail"); w.null()
        }
        writeDates(d, now: now, detail: detail, listModified: listModified, quirks: quirks, into: &w)
        w.key("dossierStatus"); w.string(state.status)
        w.key("dossierStatusText"); w.string(DossierLabels.statusText(state))
        w.key("dossierSubStatus"); w.string(state.subStatus)
        w.key("dossierSubStatusText"); w.string(DossierLabels.subStatusText(state))
        if detail { w.key("online"); w.string(online ? "true" : "false") } else { w.key("online"); w.bool(online) }
        w.key("originality"); w.int(online ? 1 : 3)
        let viaPostal = d.resultByPost ? (state == .done ? 4 : (state == .releasing ? 3 : 2)) : 1
        if detail { w.key("viaPostal"); w.string(String(viaPostal)) } else { w.key("viaPostal"); w.int(viaPostal) }
        if d.channel == 3 {
            w.key("fromViaPostal"); w.int(1)
            w.key("postalCodeSend"); w.string("EL\(String(d.seed % 1_000_000_000).leftPadded(9))VN")
        }
        if d.resultByPost {
            w.key("postalAddress"); w.string("Số \(d.seed % 300 + 1), \(place.wardName), \(place.districtName)")
            w.key("postalCityCode"); w.coercedDigits("87"); w.key("postalCityName"); w.string("Tỉnh Đồng Tháp")
            w.key("postalDistrictCode"); w.coercedDigits(place.districtCode)
            w.key("postalDistrictName"); w.string(place.districtName)
            w.key("postalTelNo"); w.coercedDigits(people.phone)
            if d.release <= now {
                w.key("postalCodeReceived"); w.string("EM\(String(d.seed / 3 % 1_000_000_000).leftPadded(9))VN")
            }
            if detail {
                w.key("postalWardCode"); w.coercedDigits(place.wardCode); w.key("postalWardName"); w.string(place.wardName)
                w.key("postalServiceCode"); w.string("VNPOST")
            }
        }
        if !d.resultByPost && quirks.explicitNulls { w.key("postalAddress"); w.null() }
        writeAction(d, now: now, state: state, into: &w)
        w.key("durationCount"); w.int(proc.durationDays)
        w.key("durationUnit"); w.int(0)
        w.key("serverNo"); w.string("SERVER_DVC")
        w.key("submitting"); if detail { w.string("false") } else { w.bool(false) }
        w.key("pending"); w.bool(false)
        w.key("lockState"); w.string("")
        if proc.feeVND > 0 {
            w.key("feeAmount"); w.int(proc.feeVND)
            w.key("totalAmount"); w.int(proc.feeVND)
            w.key("paymentStatus"); w.int(d.payDone != 0 && d.payDone <= now ? 2 : 0)
        } else if quirks.explicitNulls {
            w.key("feeAmount"); w.null()
        }
        if detail {
            w.key("dossierActionId"); w.int(Int64(d.dossierId) * 16 + Int64(DossierLogs.events(d, now: now).count))
            w.key("specialNo"); w.string("")
            w.key("dossierMarks"); w.string("[]")
            w.key("dossierTemplateName"); w.string("Mẫu hồ sơ " + proc.name)
            w.key("processBlock"); w.string("")
            w.key("processUnit"); w.string(agency.name)
            if proc.feeVND > 0 {
                w.key("paymentFee"); w.int(proc.feeVND)
                w.key("paymentNote"); w.string("Phí, lệ phí theo quy định")
            }
        }
        w.endObject()
    }

    private func writeDates(_ d: ProvinceDossier, now: ProvinceDossier.Instant, detail: Bool, listModified: Bool,
                            quirks: ProvinceQuirks, into w: inout JSONBytes) {
        let receive = d.at(d.receive, now)
        w.key("createDate"); w.date(ProvinceDossier.epoch(d.submit))
        w.key("submitDate"); w.date(ProvinceDossier.epoch(d.submit))
        w.key("receiveDate")
        if d.defect == .impossibleDate, receive != nil {
            let c = ProvinceTime.civil(ProvinceDossier.epoch(d.receive))
            w.string("31/02/\(c.year) \(String(c.hour).leftPadded(2)):\(String(c.minute).leftPadded(2)):00")
        } else {
            w.date(receive)
        }
        w.key("dueDate"); w.date(receive == nil ? nil : ProvinceDossier.epoch(d.due))
        w.key("releaseDate"); w.date(d.at(d.release, now))
        w.key("finishDate"); w.date(d.at(d.finish, now))
        if d.outcome == .cancelled, let t = d.at(d.release, now) {
            w.key("cancellingDate"); w.date(t)
        } else if quirks.explicitNulls {
            w.key("cancellingDate"); w.null()
        }
        if let t = d.at(d.supplementRequest, now) {
            w.key("correctingDate"); w.date(t)
        } else if quirks.explicitNulls {
            w.key("correctingDate"); w.null()
        }
        w.key("modifiedDate")
        w.date(detail || listModified ? ProvinceDossier.epoch(d.modified(at: now)) : nil)
    }

    private func writeAction(_ d: ProvinceDossier, now: ProvinceDossier.Instant, state: DossierState, into w: inout JSONBytes) {
        let events = DossierLogs.events(d, now: now)
        if let last = events.last {
            w.key("lastActionDate"); w.date(ProvinceDossier.epoch(last.at))
            w.key("lastActionCode"); w.int(last.step.code * 10)
            w.key("lastActionName"); w.string(last.step.name)
            w.key("lastActionUser"); w.string(ProvincePeople.officer(agency: Int(d.agency), step: last.step.code))
            w.key("lastActionNote"); w.string(last.step.note)
        }
        let step = DossierLabels.step(for: state)
        w.key("stepCode"); w.int(step.code)
        w.key("stepName"); w.string(step.name)
    }
}

extension JSONBytes {
    /// An integer identifier, as a string when the quirk asks for it.
    mutating func identifier(_ value: Int, _ quirks: ProvinceQuirks) {
        if quirks.stringIdentifiers { string(String(value)) } else { int(value) }
    }
}

extension String {
    func replacingFirstSpace(with text: String) -> String {
        guard let i = firstIndex(of: " ") else { return self + text }
        return String(self[..<i]) + text + String(self[index(after: i)...])
    }
}
