/// A resource version as one caller may see it, serialised.
struct RenderedResource: Sendable {
    let resourceType: String
    let id: String
    let versionID: String
    let lastUpdated: Int64
    let bytes: [UInt8]
}

/// Reads and access checks: Medplum's `Repository` as seen by one caller.
extension StoreState {
    /// Refuses unknown types (400) and types the caller may never touch with `interaction` (403).
    func authorize(_ resourceType: String, _ interaction: Interaction, caller: Caller) throws(Outcome) {
        guard ResourceTypes.isKnown(resourceType) else { throw Outcome.unknownResourceType }
        if caller.isAdministrative { return }
        if ResourceTypes.protected.contains(resourceType) { throw Outcome.forbidden }
        if caller.policy.entries(for: resourceType, interaction).isEmpty { throw Outcome.forbidden }
    }

    /// The policy entry that lets `caller` perform `interaction` on a resource with these values;
    /// nil for unrestricted callers; 403 when no entry admits it.
    func governingEntry(
        _ resourceType: String, _ interaction: Interaction, values: [String: [IndexedValue]], caller: Caller
    ) throws(Outcome) -> PolicyEntry? {
        if caller.isAdministrative { return nil }
        guard let entry = caller.policy.governingEntry(resourceType, interaction, values: values) else {
            throw Outcome.forbidden
        }
        return entry
    }

    /// A resource the caller may read: 404 for unknown ids (and ids of invisible projects), 410
    /// when deleted, 403 when the policy refuses it.
    func readable(_ resourceType: String, _ id: String, caller: Caller, interaction: Interaction = .read)
        throws(Outcome) -> StoredResource
    {
        try authorize(resourceType, interaction, caller: caller)
        guard let stored = stored(resourceType, id), caller.canSee(projectID: stored.projectID) else {
            throw Outcome.notFound
        }
        if stored.isDeleted { throw Outcome.gone }
        _ = try governingEntry(resourceType, interaction, values: stored.values, caller: caller)
        return stored
    }

    /// The fields the caller may not see on this resource.
    func hiddenFields(_ stored: StoredResource, caller: Caller) -> [String] {
        guard !caller.isAdministrative else { return [] }
        return caller.policy.governingEntry(stored.resourceType, .read, values: stored.values)?.hiddenFields ?? []
    }

    /// One version serialised for the caller: extended mode keeps every `meta` field, hidden
    /// fields are removed, and everything else reuses the cached standard bytes.
    func render(_ stored: StoredResource, version: ResourceVersion? = nil, caller: Caller) -> RenderedResource {
        let version = version ?? stored.current
        let hidden = hiddenFields(stored, caller: caller)
        let bytes: [UInt8]
        if let resource = version.resource, caller.extendedMode || !hidden.isEmpty {
            var view = caller.extendedMode ? resource : ResourceView.standard(resource)
            for field in hidden { view = FieldPaths.removing(field, from: view) }
            bytes = JSONWriter.serialize(view)
        } else {
            bytes = version.standardBytes
        }
        return RenderedResource(
            resourceType: stored.resourceType, id: stored.id, versionID: version.versionID,
            lastUpdated: version.lastUpdated, bytes: bytes)
    }

    /// The JSON a caller sees (for PATCH and for embedding in other bodies).
    func view(_ stored: StoredResource, caller: Caller) -> JSON? {
        guard let resource = stored.current.resource else { return nil }
        var view = caller.extendedMode ? resource : ResourceView.standard(resource)
        for field in hiddenFields(stored, caller: caller) { view = FieldPaths.removing(field, from: view) }
        return view
    }

    /// The search values a not-yet-stored resource would have.
    static func searchValues(_ resource: JSON, resourceType: String) -> [String: [IndexedValue]] {
        var values: [String: [IndexedValue]] = [:]
        for parameter in SearchParameters.all(for: resourceType) {
            let extracted = parameter.extract(resource)
            if !extracted.isEmpty { values[parameter.code] = extracted }
        }
        return values
    }

    // MARK: - Versions and history

    /// `GET /{type}/{id}/_history/{vid}`.
    func version(_ resourceType: String, _ id: String, versionID: String, caller: Caller) throws(Outcome)
        -> (StoredResource, ResourceVersion)
    {
        try authorize(resourceType, .vread, caller: caller)
        guard let stored = stored(resourceType, id), caller.canSee(projectID: stored.projectID),
            let version = stored.versionsNewestFirst.first(where: { $0.versionID == versionID })
        else {
            throw Outcome.notFound
        }
        if version.resource == nil { throw Outcome.gone }
        return (stored, version)
    }

    /// `GET /{type}/{id}/_history`: a `history` Bundle, newest first, deletions included.
    func history(_ resourceType: String, _ id: String, caller: Caller, baseURL: String) throws(Outcome) -> [UInt8] {
        try authorize(resourceType, .history, caller: caller)
        guard let stored = stored(resourceType, id), caller.canSee(projectID: stored.projectID) else {
            throw Outcome.notFound
        }
        var writer = JSONWriter(reservingCapacity: 1024)
        writer.writeRaw("{\"resourceType\":\"Bundle\",\"type\":\"history\",\"entry\":[")
        let fullURL = "\(baseURL)fhir/R4/\(resourceType)/\(id)"
        let versions = stored.versionsNewestFirst
        for (offset, version) in versions.enumerated() {
            if offset > 0 { writer.writeRaw(",") }
            writer.writeRaw("{\"fullUrl\":")
            writer.writeString(fullURL)
            if version.resource == nil {
                writer.writeRaw(",\"request\":{\"method\":\"DELETE\",\"url\":")
                writer.writeString("\(resourceType)/\(id)")
                writer.writeRaw("},\"response\":{\"status\":\"410\",\"lastModified\":")
            } else {
                let isFirst = offset == versions.count - 1
                writer.writeRaw(isFirst ? ",\"request\":{\"method\":\"POST\",\"url\":" : ",\"request\":{\"method\":\"PUT\",\"url\":")
                writer.writeString(isFirst ? resourceType : "\(resourceType)/\(id)")
                writer.writeRaw(isFirst ? "},\"response\":{\"status\":\"201\",\"lastModified\":" : "},\"response\":{\"status\":\"200\",\"lastModified\":")
            }
            writer.writeString(Instant.iso(version.lastUpdated))
            writer.writeRaw("}")
            if version.resource != nil {
                writer.writeRaw(",\"resource\":")
                writer.writeRaw(render(stored, version: version, caller: caller).bytes)
            }
            writer.writeRaw("}")
        }
        writer.writeRaw("]}")
        return writer.bytes
    }
}
