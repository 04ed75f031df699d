import DVCJSON
import Synchronization

extension MockPortal {
    /// `TraCuuHoSo` (`mahoso`): the stored dossier plus `TienDoXuLy`, or an empty result.
    func lookUpDossier(_ members: [String: JSONValue]) -> MockHTTPResponse {
        let service = "TraCuuHoSo"
        guard let key = (members["mahoso"] ?? members["MaHoSo"])?.scalarText, !key.isEmpty else {
            return answer(service, code: "2", message: "Thiếu tham số mahoso")
        }
        let found = state.withLock { $0.dossiers[key]?.lookupResult }
        return answer(service, code: "0", message: "Thành công", keys: [key], result: found.map { [$0] } ?? [])
    }

    /// `LayDanhSachTTHC`: the catalogue's list items.
    func listProcedures() -> MockHTTPResponse {
        let items = state.withLock { state in state.catalogueOrder.compactMap { state.catalogue[$0]?.listItem } }
        return answer("LayDanhSachTTHC", code: "0", message: "Thành công", result: items)
    }

    /// `LayThuTuc` (`maTTHC`): the full procedure packet, or an empty result.
    func procedure(_ members: [String: JSONValue]) -> MockHTTPResponse {
        let service = "LayThuTuc"
        guard let code = (members["maTTHC"] ?? members["MATTHC"])?.scalarText, !code.isEmpty else {
            return answer(service, code: "2", message: "Thiếu tham số maTTHC")
        }
        let packet = state.withLock { $0.catalogue[code]?.packet }
        return answer(service, code: "0", message: "Thành công", keys: [code], result: packet.map { [$0] } ?? [])
    }

    /// `LayDanhMucCoQuan`: the configured agencies.
    func listAgencies() -> MockHTTPResponse {
        let items: [JSONValue] = configuration.agencies.map {
            .object(["MADONVI": .string($0.code), "TENDONVI": .string($0.name), "CAPDONVI": .string(String($0.level))])
        }
        return answer("LayDanhMucCoQuan", code: "0", message: "Thành công", result: items)
    }

    /// `LayDanhMucLinhVuc`: the distinct fields of the catalogue.
    func listFields() -> MockHTTPResponse {
        let items = state.withLock { state -> [JSONValue] in
            var seen = Set<String>()
            return state.catalogueOrder.compactMap { code -> JSONValue? in
                guard let entry = state.catalogue[code], seen.insert(entry.fieldCode).inserted else { return nil }
                return .object(["MALINHVUC": .string(entry.fieldCode), "TENLINHVUC": .string(entry.fieldName),
                                "MANGANH": ""])
            }
        }
        return answer("LayDanhMucLinhVuc", code: "0", message: "Thành công", result: items)
    }
}
