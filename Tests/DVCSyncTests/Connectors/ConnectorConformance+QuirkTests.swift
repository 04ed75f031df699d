import DVCMock
import DVCSync
import DVCSyncTestSupport
import Foundation
import Testing

extension ConnectorConformanceTests {
    /// 7. The source's value-type quirks (province-source-api.md §1, §8): numbers where strings are expected, omitted
    /// keys, explicit nulls, string identifiers. The connector reads them and the shipped mapping (Mappings/h20) maps
    /// a quirky record exactly as it maps the plain one; a digit string sent as a number maps to the same text.
    @Test(arguments: ConnectorKind.allCases)
    func valueTypeQuirks(kind: ConnectorKind) async throws {
        let quirks = ProvinceQuirks(explicitNulls: true, stringIdentifiers: true)
        try await ConformanceRig.run(kind, .valueQuirks, quirks: quirks) { rig in
            let mappings = try MappingSet.load(directory: RepoPaths.mappings.appendingPathComponent("h20"))
            let connector = rig.connector()
            if connector.capabilities.contains(.dossiers) {
                try await Self.expectDossierQuirksHandled(rig, connector, mappings)
            }
            try await Self.expectCatalogueQuirksHandled(rig, mappings)
        }
    }

    static func expectDossierQuirksHandled(_ rig: ConformanceRig, _ connector: any SourceConnector,
                                           _ mappings: MappingSet) async throws {
        let kind = rig.kind
        let ledger = ConformanceLedger()
        try await rig.scan(connector, into: ledger)
        try await rig.expectLedgerMatchesMock(ledger, "with quirks")
        rig.province.setQuirks(ProvinceQuirks())
        let plain = try await rig.truth()
        var numericIds = 0, explicitNulls = 0
        for (key, entry) in ledger.entries {
            let detail = entry.detail
            if case .number = detail["applicantIdNo"] { numericIds += 1 }
            if detail["contactEmail"] == .null || detail["dossierNote"] == .null { explicitNulls += 1 }
            #expect(detail["dossierId"]?.scalarText == plain[key].map { String($0.id) })
            if case .string = detail["dossierId"] {} else { Issue.record("\(kind): dossierId should be a string here") }
            guard let want = plain[key]?.detail else { continue }
            let quirky = mappings.mapDossier(detail), expected = mappings.mapDossier(want)
            guard case .success(let got) = quirky, case .success(let reference) = expected else {
                Issue.record("\(kind) \(key): \(quirky) / \(expected)")
                continue
            }
            #expect(got == reference, "\(kind) \(key): a quirky record maps differently")
            if case .number(let digits) = detail["applicantIdNo"] {
                #expect(got["SoGiayToChuHoSo"] == .string(digits), "\(kind) \(key): \(String(describing: got))")
            }
        }
        #expect(numericIds > 0, "the mock should send some applicantIdNo as numbers")
        #expect(explicitNulls > 0, "the mock should send some explicit nulls")
    }

    /// Catalogue: the JSON file (or remote list) with `maxLevel` and `active` retyped, one key null and one absent;
    /// the CSV with every value a string. Each maps as the published item reduced to the same keys.
    static func expectCatalogueQuirksHandled(_ rig: ConformanceRig, _ mappings: MappingSet) async throws {
        let kind = rig.kind
        let published = try await rig.publishedProcedures()
        let reference = Dictionary(published.map { item in
            var members = rig.projected(item).objectValue ?? [:]
            members["conditionText"] = nil
            members["applicantText"] = nil
            return (item["serviceCode"]?.scalarText ?? "", JSONValue.object(members))
        }) { first, _ in first }
        if kind == .fileCSV || kind == .fileJSON {
            try await rig.exportCatalogue { items in items.map(Self.retyped) }
        }
        let read = try await rig.connector().procedures()
        #expect(read.count == published.count)
        var compared = 0
        for item in read {
            let code = item["serviceCode"]?.scalarText ?? ""
            guard let want = reference[code] else {
                Issue.record("\(kind): unknown procedure \(code)")
                continue
            }
            // A remote source is not retyped here; drop the same two keys so both sides carry the same facts.
            var members = item.objectValue ?? [:]
            if !(kind == .fileCSV || kind == .fileJSON) {
                members["conditionText"] = nil
                members["applicantText"] = nil
            }
            let got = mappings.mapProcedure(.object(members)), expected = mappings.mapProcedure(want)
            switch (got, expected) {
            case (.success(let a), .success(let b)):
                #expect(a == b, "\(kind) \(code): maps differently")
                compared += 1
            case (.failure(let a), .failure(let b)):
                #expect(a.code == b.code, "\(kind) \(code): \(a.code) vs \(b.code)")
            default:
                Issue.record("\(kind) \(code): \(got) vs \(expected)")
            }
        }
        #expect(compared > 0, "\(kind): no procedure mapped")
    }

    /// The item with the quirks of a hand-made export: numbers as strings and strings as numbers, `active` a
    /// boolean, `conditionText` an explicit null and `applicantText` absent.
    static func retyped(_ item: JSONValue) -> JSONValue {
        guard var members = item.objectValue else { return item }
        if let level = members["maxLevel"] {
            members["maxLevel"] = level.scalarText.map { text in
                if case .number = level { return .string(text) } else { return .number(text) }
            }
        }
        if let active = members["active"]?.scalarText { members["active"] = .bool(active == "true") }
        members["conditionText"] = .null
        members["applicantText"] = nil
        return .object(members)
    }
}
