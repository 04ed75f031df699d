import DVCJSON
import Synchronization

extension MockPortal {
    /// `DongBoHoSoMC`: create (`isUpdating` false) or update a batch of dossiers, all or nothing.
    func syncDossiers(_ members: [String: JSONValue], _ directives: MockDirectives) -> MockHTTPResponse {
        let service = "DongBoHoSoMC"
        guard let updating = Self.flag(members["isUpdating"]) else {
            return answer(service, code: "2", message: "Tham số isUpdating không hợp lệ")
        }
        guard let items = members["data"]?.arrayValue, !items.isEmpty else {
            return answer(service, code: "2", message: "Thiếu dữ liệu data")
        }
        let keys = items.map { $0["MaHoSo"]?.scalarText ?? "" }
        let catalogue = state.withLock { $0.catalogue }
        for (index, item) in items.enumerated() {
            if let problem = rules.dossier.problem(in: item, index: index, knowsProcedure: { catalogue[$0] != nil }) {
                return answer(service, code: "2", message: problem, keys: keys)
            }
        }
        if let repeated = Self.firstRepeated(keys) {
            return answer(service, code: "2", message: "Hồ sơ \(repeated): trường MaHoSo bị lặp trong cùng lô", keys: keys)
        }
        enum Outcome { case stored, unknown(String), exists(String) }
        let outcome = state.withLock { state -> Outcome in
            if updating {
                if let missing = keys.first(where: { state.dossiers.index(forKey: $0) == nil }) { return .unknown(missing) }
            } else if let existing = keys.first(where: { state.dossiers.index(forKey: $0) != nil }) {
                return .exists(existing)
            }
            for (key, item) in zip(keys, items) {
                if directives.drops(key) {
                    state.dropped.append(key)
                } else if updating {
                    state.dossiers[key]?.record = item
                } else {
                    state.dossiers[key] = StoredDossier(record: item)
                }
            }
            return .stored
        }
        switch outcome {
        case .stored:
            return answer(service, code: "0", message: "Đồng bộ hồ sơ thành công", keys: keys)
        case .unknown(let key):
            return answer(service, code: "2", message: "Hồ sơ \(key): trường MaHoSo không tồn tại trên Cổng, không thể cập nhật",
                          keys: keys)
        case .exists(let key):
            return answer(service, code: "3", message: "Hồ sơ \(key) đã tồn tại trên Cổng", keys: keys, duplicate: true)
        }
    }

    /// `CapNhatTienDoHoSoMC`: append progress steps of existing dossiers, in time order; repeats are ignored.
    func syncSteps(_ members: [String: JSONValue]) -> MockHTTPResponse {
        let service = "CapNhatTienDoHoSoMC"
        guard let items = members["data"]?.arrayValue, !items.isEmpty else {
            return answer(service, code: "2", message: "Thiếu dữ liệu data")
        }
        let keys = items.map { $0["MaHoSo"]?.scalarText ?? "" }
        for (index, item) in items.enumerated() {
            if let problem = rules.step.problem(in: item, index: index, knowsProcedure: { _ in true }) {
                return answer(service, code: "2", message: problem, keys: keys)
            }
        }
        let missing = state.withLock { state -> String? in
            if let missing = keys.first(where: { state.dossiers.index(forKey: $0) == nil }) { return missing }
            for (key, item) in zip(keys, items) where state.dossiers[key]!.insert(step: item) { state.stepCount += 1 }
            return nil
        }
        if let missing {
            return answer(service, code: "2", message: "Hồ sơ \(missing): trường MaHoSo không tồn tại trên Cổng", keys: keys)
        }
        return answer(service, code: "0", message: "Cập nhật tiến độ hồ sơ thành công", keys: keys)
    }

    /// `CapNhatThuTuc`: publish (or update) procedure packets with their publication decision.
    func publishProcedures(_ members: [String: JSONValue]) -> MockHTTPResponse {
        let service = "CapNhatThuTuc"
        guard let updating = Self.flag(members["isUpdating"]) else {
            return answer(service, code: "2", message: "Tham số isUpdating không hợp lệ")
        }
        guard let items = members["data"]?.arrayValue, !items.isEmpty else {
            return answer(service, code: "2", message: "Thiếu dữ liệu data")
        }
        let keys = items.map { $0["MATTHC"]?.scalarText ?? "" }
        var entries: [CatalogueEntry] = []
        for (index, item) in items.enumerated() {
            if let problem = rules.procedure.problem(in: item, index: index, knowsProcedure: { _ in true }) {
                return answer(service, code: "2", message: problem, keys: keys)
            }
            guard let entry = CatalogueEntry(packet: item), !entry.fieldCode.isEmpty, !entry.fieldName.isEmpty else {
                return answer(service, code: "2", message: "Thủ tục \(keys[index]): trường LINHVUCTHUCHIEN thiếu MALINHVUC hoặc TENLINHVUC",
                              keys: keys)
            }
            entries.append(entry)
        }
        if let repeated = Self.firstRepeated(keys) {
            return answer(service, code: "2", message: "Thủ tục \(repeated): trường MATTHC bị lặp trong cùng lô", keys: keys)
        }
        let conflict = state.withLock { state -> (String, Bool)? in
            if updating, let missing = keys.first(where: { state.catalogue[$0] == nil }) { return (missing, false) }
            if !updating, let existing = keys.first(where: { state.catalogue[$0] != nil }) { return (existing, true) }
            for entry in entries { state.put(entry) }
            return nil
        }
        switch conflict {
        case nil: return answer(service, code: "0", message: "Cập nhật thủ tục thành công", keys: keys)
        case (let key, true)?:
            return answer(service, code: "3", message: "Thủ tục \(key) đã tồn tại", keys: keys, duplicate: true)
        case (let key, false)?:
            return answer(service, code: "2", message: "Thủ tục \(key): trường MATTHC không tồn tại, không thể cập nhật", keys: keys)
        }
    }

    static func firstRepeated(_ keys: [String]) -> String? {
        var seen = Set<String>()
        seen.reserveCapacity(keys.count)
        return keys.first { !seen.insert($0).inserted }
    }
}
