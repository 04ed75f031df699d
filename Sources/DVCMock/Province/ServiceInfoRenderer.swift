/// Renders the procedure catalogue (`/serviceinfos`) and the status dictionary (`/dictcollections/DOSSIER_STATUS`).
struct ServiceInfoRenderer: Sendable {
    let catalog: ProvinceCatalog
    let groupId: Int

    /// Creation and modification instants of a procedure's record (deterministic, 2021–2023).
    func dates(_ i: Int) -> (created: Int64, modified: Int64) {
        let created = ProvinceTime.epoch(year: 2021, month: 3 + i % 9, day: 1 + i % 27, hour: 8 + i % 9, minute: i % 60)
        let modified = ProvinceTime.epoch(year: 2023, month: 1 + i % 11, day: 1 + i * 7 % 27, hour: 13 + i % 4,
                                          minute: i * 13 % 60, second: i % 60)
        return (created, modified)
    }

    /// `yyyyMMddHHmmss`, as the list's raw index strings are.
    static func compact(_ t: Int64) -> String {
        let c = ProvinceTime.civil(t)
        var w = JSONBytes(capacity: 16)
        w.four(c.year); w.two(c.month); w.two(c.day); w.two(c.hour); w.two(c.minute); w.two(c.second)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    /// `dd-MM-yyyy hh:mm:ss` with a 12-hour clock and no AM/PM, as the source's detail model is.
    static func twelveHour(_ t: Int64) -> String {
        let c = ProvinceTime.civil(t)
        var w = JSONBytes(capacity: 20)
        let h = c.hour % 12 == 0 ? 12 : c.hour % 12
        w.two(c.day); w.appendByte(0x2D); w.two(c.month); w.appendByte(0x2D); w.four(c.year); w.appendByte(0x20)
        w.two(h); w.appendByte(0x3A); w.two(c.minute); w.appendByte(0x3A); w.two(c.second)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    static func administration(_ p: ProvinceProcedure) -> (code: String, name: String) {
        switch p.level {
        case "tinh": ("CAP_TINH", "Cấp Tỉnh")
        case "huyen": ("CAP_HUYEN", "Cấp Huyện")
        default: ("CAP_XA", "Cấp Xã")
        }
    }

    func agencies(of p: ProvinceProcedure) -> [ProvinceAgency] {
        switch p.agencyKind {
        case "department": catalog.agencyIndexByCode[p.agencyCode].map { [catalog.agencies[$0]] } ?? []
        case "district": catalog.districtIndexes.map { catalog.agencies[$0] }
        default: catalog.communeIndexes.map { catalog.agencies[$0] }
        }
    }

    /// Writes one serviceinfo; `detail` selects the detail model.
    func write(_ i: Int, detail: Bool, into w: inout JSONBytes) {
        let p = catalog.procedures[i]
        let (created, modified) = dates(i)
        let admin = ServiceInfoRenderer.administration(p)
        w.beginObject()
        w.key("serviceInfoId"); w.int(50_000 + i)
        if detail {
            w.key("createDate"); w.string(ServiceInfoRenderer.twelveHour(created))
            w.key("modifiedDate"); w.string(ServiceInfoRenderer.twelveHour(modified))
        } else { // the source's indexer swaps the two
            w.key("createDate"); w.string(ServiceInfoRenderer.compact(modified))
            w.key("modifiedDate"); w.string(ServiceInfoRenderer.compact(created))
        }
        w.key("serviceCode"); w.string(p.serviceCode)
        w.key("serviceName"); w.string(p.name)
        w.key("serviceCodeDVCQG"); w.string(p.nationalCode)
        w.key("serviceNameDVCQG"); w.string(p.name)
        let packet = catalog.packets[i]
        w.key("processText"); w.string(packet.TRINHTUTHUCHIEN.flatMap(\.TRINHTU).map(\.TENTRINHTU).joined(separator: "; "))
        w.key("methodText"); w.string("Trực tiếp tại Bộ phận Một cửa; trực tuyến; qua dịch vụ bưu chính công ích")
        w.key("dossierText"); w.string(packet.THANHPHANHOSO.flatMap(\.GIAYTO).map(\.TENGIAYTO).joined(separator: "; "))
        w.key("durationText")
        w.string(p.durationDays == 0 ? "Trong ngày làm việc" : "\(p.durationDays) ngày làm việc")
        w.key("feeText"); w.string(p.feeVND == 0 ? "Không" : "\(p.feeVND) đồng")
        w.key("administrationCode"); w.string(admin.code)
        w.key("administrationName"); w.string(admin.name)
        w.key("domainCode"); w.string(p.fieldCode)
        w.key("domainName"); w.string(p.fieldName)
        w.key("maxLevel"); w.int(p.maxLevel)
        w.key("active"); w.string("true")
        w.key("synced"); w.int(1)
        w.key("serviceConfigs"); w.beginArray()
        for (k, a) in agencies(of: p).enumerated() {
            w.beginObject()
            w.key("serviceConfigId"); w.int(i * 1000 + k)
            w.key("govAgencyCode"); w.string(a.code)
            w.key("govAgencyName"); w.string(a.name)
            w.key("serviceInstruction"); w.string("")
            w.key("serviceLevel"); w.int(p.maxLevel)
            w.key("serviceUrl"); w.string("")
            w.endObject()
        }
        w.endArray()
        if detail {
            w.key("govAgencyText"); w.string(agencies(of: p).first?.name ?? "")
            w.key("isNotarization"); w.bool(p.fieldCode == "G12-CT01")
            w.key("fileTemplates"); w.beginArray()
            for paper in packet.THANHPHANHOSO.flatMap(\.GIAYTO) where !paper.TENMAUDON.isEmpty {
                w.beginObject()
                w.key("serviceinfoId"); w.int(50_000 + i)
                w.key("fileTemplateNo"); w.string(paper.MAGIAYTO)
                w.key("templateName"); w.string(paper.TENGIAYTO)
                w.key("fileType"); w.string("docx")
                w.key("fileSize"); w.int(24_576)
                w.key("eForm"); w.bool(false)
                w.endObject()
            }
            w.endArray()
        }
        w.endObject()
    }

    /// Writes the `DOSSIER_STATUS` dictionary items under `parent` ("0" = statuses, a status = its sub-statuses,
    /// nil = all).
    func writeStatusItems(parent: String?, into w: inout JSONBytes) {
        var items: [(code: String, name: String, parent: String)] = []
        var seen = Set<String>()
        for s in DossierState.allCases where seen.insert(s.status).inserted {
            items.append((s.status, DossierLabels.statusText(s), ""))
        }
        for s in DossierState.allCases { items.append((s.subStatus, DossierLabels.subStatusText(s), s.status)) }
        let chosen = items.filter { parent == nil || (parent == "0" ? $0.parent.isEmpty : $0.parent == parent) }
        w.beginObject()
        w.key("total"); w.int(chosen.count)
        w.key("data"); w.beginArray()
        for (k, item) in chosen.enumerated() {
            w.beginObject()
            w.key("dictItemId"); w.int(9000 + (items.firstIndex { $0.code == item.code } ?? k))
            w.key("itemCode"); w.string(item.code)
            w.key("itemName"); w.string(item.name)
            w.key("itemNameEN"); w.string(item.code)
            w.key("itemDescription"); w.string("")
            w.key("level"); w.int(item.parent.isEmpty ? 0 : 1)
            w.key("sibling"); w.string(String(k + 1))
            w.key("treeIndex"); w.string(item.parent.isEmpty ? "\(k + 1)" : "\(item.parent).\(k + 1)")
            if !item.parent.isEmpty {
                w.key("parentItem"); w.beginObject()
                w.key("itemCode"); w.string(item.parent)
                w.endObject()
            }
            w.key("groups"); w.string(String(groupId))
            w.key("createDate"); w.string("01/01/2021 08:00:00")
            w.key("modifiedDate"); w.string("01/01/2021 08:00:00")
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }
}
