import Foundation
import Synchronization

extension MockProvince {
    func serviceList(_ q: [String: String]) -> MockHTTPResponse {
        let start = max(Int(q["start"] ?? "") ?? 0, 0)
        let endParam = Int(q["end"] ?? "") ?? 0
        let keyword = q["keyword"].flatMap { $0.isEmpty ? nil : $0.lowercased() }
        let administration = q["administration"].flatMap { $0.isEmpty ? nil : $0 }
        let domain = q["domain"].flatMap { $0.isEmpty ? nil : $0 }
        let level = Int(q["level"] ?? "") ?? 0
        let agency = q["agency"].flatMap { $0.isEmpty ? nil : $0 }
        let matching = catalog.procedures.indices.filter { i in
            let p = catalog.procedures[i]
            if let keyword, !p.name.lowercased().contains(keyword), !p.serviceCode.lowercased().contains(keyword) { return false }
            if let administration, ServiceInfoRenderer.administration(p).code != administration { return false }
            if let domain, p.fieldCode != domain { return false }
            if level > 0, p.maxLevel != level { return false }
            if let agency, !services.agencies(of: p).contains(where: { $0.code == agency }) { return false }
            return true
        }
        let end = endParam == 0 ? matching.count : min(endParam, matching.count)
        var w = JSONBytes(capacity: 64 * 1024)
        w.beginObject()
        w.key("total"); w.int(matching.count)
        w.key("data"); w.beginArray()
        if start < end { for i in matching[start..<end] { services.write(i, detail: false, into: &w) } }
        w.endArray()
        w.endObject()
        return json(w.bytes)
    }

    func serviceDetail(_ id: String) -> MockHTTPResponse {
        let index = catalog.procedureIndexByCode[id]
            ?? Int(id).flatMap { n in (n - 50_000 >= 0 && n - 50_000 < catalog.procedures.count) ? n - 50_000 : nil }
        guard let index else { return noContent("ServiceInfo \(id) not found") }
        var w = JSONBytes(capacity: 16 * 1024)
        services.write(index, detail: true, into: &w)
        return json(w.bytes)
    }

    /// `/_mock/advance` (POST; `minutes=`/`hours=`/`seconds=` in the query or a JSON body), `/_mock/mode`
    /// (POST `value=stock|extended`), `/_mock/edit` and `/_mock/quirks` (POST, see `editControl`, `quirksControl`),
    /// `/_mock/bad-records` and `/_mock/clock` (GET).
    func control(_ request: MockHTTPRequest, path: String) -> MockHTTPResponse {
        switch (request.method, path) {
        case ("POST", "/_mock/advance"):
            var params = request.query
            if let body = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any] {
                for (k, v) in body { params[k] = "\(v)" }
            }
            func value(_ key: String) -> Double { Double(params[key] ?? "") ?? 0 }
            let minutes: Double = value("minutes") * 60
            let hours: Double = value("hours") * 3600
            let days: Double = value("days") * 86_400
            let seconds: Double = value("seconds") + minutes + hours + days
            guard seconds > 0 else { return error(400, message: "Bad Request", description: "give minutes, hours or seconds > 0") }
            let r = advance(bySeconds: Int64(seconds))
            var w = JSONBytes()
            w.beginObject()
            w.key("from"); w.date(r.from); w.key("to"); w.date(r.to)
            w.key("arrived"); w.int(r.arrived); w.key("changed"); w.int(r.changed)
            w.endObject()
            return json(w.bytes)
        case ("POST", "/_mock/mode"):
            guard let mode = ProvinceSourceMode(rawValue: request.query["value"] ?? "") else {
                return error(400, message: "Bad Request", description: "value must be stock or extended")
            }
            setMode(mode)
            return json(Array("{\"mode\":\"\(mode.rawValue)\"}".utf8))
        case ("POST", "/_mock/edit"): return editControl(request.query)
        case ("POST", "/_mock/quirks"): return quirksControl(request.query)
        case ("GET", "/_mock/clock"):
            var w = JSONBytes()
            w.beginObject(); w.key("now"); w.date(now); w.key("mode"); w.string(mode.rawValue); w.endObject()
            return json(w.bytes)
        case ("GET", "/_mock/bad-records"):
            var w = JSONBytes()
            let bad = badRecords()
            w.beginObject()
            w.key("total"); w.int(bad.count)
            w.key("data"); w.beginArray()
            for b in bad {
                w.beginObject()
                w.key("dossierId"); w.int(b.dossierId); w.key("dossierNo"); w.string(b.dossierNo)
                w.key("defect"); w.string(b.defect.name)
                w.endObject()
            }
            w.endArray(); w.endObject()
            return json(w.bytes)
        default:
            return error(404, message: "Not Found", description: "no such control endpoint")
        }
    }

    func json(_ bytes: [UInt8], status: Int = 200) -> MockHTTPResponse {
        MockHTTPResponse(status: status, headers: [("Content-Type", "application/json; charset=utf-8")], body: bytes)
    }

    func error(_ code: Int, message: String, description: String) -> MockHTTPResponse {
        var w = JSONBytes()
        w.beginObject()
        w.key("code"); w.int(code); w.key("message"); w.string(message); w.key("description"); w.string(description)
        w.endObject()
        return json(w.bytes, status: code)
    }

    /// HTTP 203 as the source answers when not signed in.
    func notSignedIn() -> MockHTTPResponse {
        error(203, message: "Non-Authoritative Information.", description: "User not signed in")
    }

    /// HTTP 403 "No Content." as the source answers for not-found and other errors.
    func noContent(_ description: String) -> MockHTTPResponse { error(403, message: "No Content.", description: description) }

    func emptyList() -> MockHTTPResponse { json(Array("{\"total\":0,\"data\":[]}".utf8)) }
}

extension MockProvince {
    /// `POST /_mock/edit?ids=100001,100002[&at=dd/MM/yyyy HH:mm:ss]`: edits those dossiers now, or at `at` (a late
    /// write). Answers `{"edited": n}`.
    func editControl(_ q: [String: String]) -> MockHTTPResponse {
        let ids = (q["ids"] ?? "").split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !ids.isEmpty else { return error(400, message: "Bad Request", description: "give ids=<dossierId,...>") }
        var at: Int64?
        if let text = q["at"], !text.isEmpty {
            guard let t = ProvinceTime.parseDateTime(text) else {
                return error(400, message: "Bad Request", description: "at must be dd/MM/yyyy HH:mm:ss")
            }
            at = t
        }
        return json(Array("{\"edited\":\(edit(dossierIds: ids, at: at))}".utf8))
    }

    /// `POST /_mock/quirks?explicitNulls=true|false&stringIdentifiers=true|false`: switches the extra quirks (an
    /// omitted parameter keeps its value). Answers the quirks in force.
    func quirksControl(_ q: [String: String]) -> MockHTTPResponse {
        var quirks = self.quirks
        if let v = q["explicitNulls"] { quirks.explicitNulls = v == "true" }
        if let v = q["stringIdentifiers"] { quirks.stringIdentifiers = v == "true" }
        setQuirks(quirks)
        return json(Array("{\"explicitNulls\":\(quirks.explicitNulls),\"stringIdentifiers\":\(quirks.stringIdentifiers)}".utf8))
    }
}
