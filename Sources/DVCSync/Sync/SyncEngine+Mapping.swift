extension SyncEngine {
    struct MappedDossiers: Sendable {
        var dossiers: [RecordChange] = []
        var steps: [RecordChange] = []
        var failures: [QuarantineEntry] = []
    }

    /// Maps a page of dossiers and their logs; a dossier that fails is quarantined with its steps held back.
    func mapDossiers(_ items: [SourceDossier]) -> MappedDossiers {
        var out = MappedDossiers()
        for item in items {
            if let failure = item.failure {
                out.failures.append(entry(.dossiers, key: item.key, hash: item.listHash, failure: failure))
                continue
            }
            switch mapper.mapDossierCanonical(item.detail) {
            case .failure(let failure):
                if failure.code != RecordFailure.skippedCode {
                    out.failures.append(entry(.dossiers, key: item.key, hash: item.listHash, failure: failure))
                }
                continue
            case .success(let mapped):
                out.dossiers.append(change(key: item.key, sourceHash: item.listHash, payload: mapped))
            }
            // Steps are enqueued in time order, so the outbox (drained in enqueue order) sends them in time order.
            let logs = item.logs.sorted {
                (Int64($0["createDate"]?.scalarText ?? "") ?? 0) < (Int64($1["createDate"]?.scalarText ?? "") ?? 0)
            }
            for log in logs {
                let logID = log["dossierLogId"]?.scalarText ?? ContentHash.of(log).prefix(16).description
                let key = "\(item.key)#\(logID)"
                let sequence = Int64(log["createDate"]?.scalarText ?? "") ?? 0
                switch mapper.mapStepCanonical(log, dossier: item.detail) {
                case .failure(let failure) where failure.code == RecordFailure.skippedCode:
                    continue
                case .failure(let failure):
                    out.failures.append(entry(.steps, key: key, hash: ContentHash.of(log), failure: failure))
                case .success(let mapped):
                    out.steps.append(change(key: key, orderKey: item.key, sequence: sequence,
                                            sourceHash: ContentHash.of(log), payload: mapped))
                }
            }
        }
        return out
    }

    /// Maps procedures, keyed by their national code (`MATTHC`). A procedure that fails is quarantined under its
    /// source code (`serviceCode`: it has no national code); `mapped` lists the source codes of those that map (or
    /// are skipped on purpose), whose quarantine entries a commit clears. A national code the source lists more than
    /// once with different content is quarantined under that code (`source.duplicate`), none of its versions sent:
    /// which one is right is the source's to say. Identical repeats count once.
    func mapProcedures(_ procedures: [JSONValue])
        -> (changes: [RecordChange], failures: [QuarantineEntry], mapped: [String])
    {
        var failures: [QuarantineEntry] = []
        var mappedKeys: [String] = []
        var versions = CatalogueVersions()
        for original in procedures {
            let procedure = withDecision(original)
            let sourceKey = procedure["serviceCode"]?.scalarText ?? ContentHash.of(procedure)
            switch mapper.mapProcedure(procedure) {
            case .failure(let failure) where failure.code == RecordFailure.skippedCode:
                mappedKeys.append(sourceKey)
            case .failure(let failure):
                failures.append(entry(.catalogue, key: sourceKey, hash: ContentHash.of(procedure), failure: failure))
            case .success(let mapped):
                let key = mapped["MATTHC"]?.scalarText ?? sourceKey
                versions.add(key: key, sourceKey: sourceKey,
                             change: change(key: key, sourceHash: ContentHash.of(procedure), mapped: mapped))
            }
        }
        for (key, sourceKeys) in versions.conflicts {
            failures.append(QuarantineEntry(
                stream: SyncStream.catalogue.rawValue, sourceKey: key, field: "MATTHC", errorCode: "source.duplicate",
                message: CatalogueVersions.message(key: key, count: sourceKeys.count), mappingVersion: mapper.version,
                sourceHash: ContentHash.sha256Hex(sourceKeys.joined(separator: "\n"))))
        }
        mappedKeys += versions.mappedSourceKeys
        return (versions.changes, failures, mappedKeys)
    }

    /// `procedure` with the publication decision of this run, when there is one.
    func withDecision(_ procedure: JSONValue) -> JSONValue {
        guard let decision = configuration.decision, var members = procedure.objectValue else { return procedure }
        members["publication"] = .object([
            "decisionNo": .string(decision.number), "decisionDate": .string(decision.date),
            "agencyCode": .string(decision.agency),
        ])
        return .object(members)
    }

    func change(key: String, orderKey: String? = nil, sequence: Int64 = 0, sourceHash: String, mapped: JSONValue)
        -> RecordChange
    {
        change(key: key, orderKey: orderKey, sequence: sequence, sourceHash: sourceHash,
               payload: JSONWriter.bytes(mapped))
    }

    /// A change whose payload is the record's canonical JSON bytes.
    func change(key: String, orderKey: String? = nil, sequence: Int64 = 0, sourceHash: String, payload: [UInt8])
        -> RecordChange
    {
        RecordChange(sourceKey: key, orderKey: orderKey, sequence: sequence, sourceHash: sourceHash,
                     mappedHash: ContentHash.sha256Hex(payload), payload: payload)
    }

    func entry(_ stream: SyncStream, key: String, hash: String, failure: RecordFailure) -> QuarantineEntry {
        QuarantineEntry(stream: stream.rawValue, sourceKey: key, field: failure.field, errorCode: failure.code,
                        message: failure.message, mappingVersion: mapper.version, sourceHash: hash)
    }
}
