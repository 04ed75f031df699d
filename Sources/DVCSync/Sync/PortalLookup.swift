/// What the portal holds for a record, compared with what we meant to send.
enum PortalHolding: Sendable, Equatable {
    /// Exactly our version: the earlier attempt landed.
    case same
    /// A different version.
    case different
    /// Nothing.
    case absent
}

/// Looks records up on the portal (`TraCuuHoSo`, `LayThuTuc`) to settle ambiguous attempts.
struct PortalLookup {
    let portal: PortalClient

    func holding(for item: OutboxItem, stream: SyncStream) async throws -> PortalHolding {
        let ours = try JSONParser.parse(item.payload)
        switch stream {
        case .dossiers:
            guard let stored = try await dossier(item.sourceKey) else { return .absent }
            return ContentHash.of(Self.withoutSteps(stored)) == item.mappedHash ? .same : .different
        case .steps:
            guard let stored = try await dossier(item.orderKey) else { return .absent }
            let steps = stored["TienDoXuLy"]?.arrayValue ?? []
            return steps.contains(ours) ? .same : .absent
        case .catalogue:
            let answer = try await portal.call(service: "LayThuTuc", fields: ["maTTHC": .string(item.sourceKey)])
            guard let packet = answer.result?.arrayValue?.first else { return .absent }
            return ContentHash.of(packet) == item.mappedHash ? .same : .different
        }
    }

    /// The portal's copy of a dossier (with `TienDoXuLy`), or nil.
    func dossier(_ maHoSo: String) async throws -> JSONValue? {
        let answer = try await portal.call(service: "TraCuuHoSo", fields: ["mahoso": .string(maHoSo)])
        return answer.result?.arrayValue?.first
    }

    static func withoutSteps(_ stored: JSONValue) -> JSONValue {
        guard var members = stored.objectValue else { return stored }
        members["TienDoXuLy"] = nil
        return .object(members)
    }
}
