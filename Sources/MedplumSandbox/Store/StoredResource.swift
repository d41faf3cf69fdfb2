/// One version of a resource as the store keeps it.
struct ResourceVersion: Sendable {
    let versionID: String
    /// `meta.lastUpdated` in milliseconds since the epoch.
    let lastUpdated: Int64
    /// The whole resource including every `meta` field, or nil when this version is a deletion.
    let resource: JSON?
    /// `resource` serialised as non-extended callers see it (without `meta.author`, `project`,
    /// `account`, `compartment`), cached because reads and search pages send it unchanged.
    let standardBytes: [UInt8]

    init(versionID: String, lastUpdated: Int64, resource: JSON?) {
        self.versionID = versionID
        self.lastUpdated = lastUpdated
        self.resource = resource
        self.standardBytes = resource.map { JSONWriter.serialize(ResourceView.standard($0)) } ?? []
    }
}

/// A resource with its history and the search values of its current version.
struct StoredResource: Sendable {
    let resourceType: String
    let id: String
    var current: ResourceVersion
    /// Earlier versions, oldest first.
    var history: [ResourceVersion]
    /// `meta.project` of the current version (nil for server-scoped resources such as some Users).
    var projectID: String?
    /// Position of the current version in the store's write order.
    var sequence: Int64
    /// The values of every search parameter of the type, extracted from the current version.
    var values: [String: [IndexedValue]]

    var isDeleted: Bool { current.resource == nil }

    /// Every version, newest first (the order of `_history`).
    var versionsNewestFirst: [ResourceVersion] {
        [current] + history.reversed()
    }

    /// `Type/id`.
    var reference: String { "\(resourceType)/\(id)" }
}

/// The views of a stored resource that callers get.
enum ResourceView {
    /// The `meta` fields only extended mode (`X-Medplum: extended`) returns.
    static let extendedMetaFields = ["author", "project", "account", "compartment"]

    /// The resource without the extended-only `meta` fields.
    static func standard(_ resource: JSON) -> JSON {
        guard case .object(var object) = resource, case .object(var meta)? = object["meta"] else { return resource }
        for field in extendedMetaFields { meta[field] = nil }
        object["meta"] = meta.isEmpty ? nil : .object(meta)
        return .object(object)
    }
}
