/// Everything the emulated Medplum holds: resources by type, the cache-only client Logins, the
/// write clock and the writes not yet persisted. A value type, so that a transaction Bundle can
/// run on a copy and be dropped whole when one entry fails.
struct StoreState: Sendable {
    private(set) var tables: [String: ResourceTable] = [:]
    /// Logins of `authMethod: client`, which Medplum keeps only in Redis (contract 2.2).
    var clientLogins: [String: LoginRecord] = [:]
    /// Writes since the last flush, for the journal.
    var pendingJournal: [JournalEntry] = []
    /// The emails the server "sent" (sandbox-only, not persisted).
    var outbox = EmailOutbox()
    private(set) var lastTimestamp: Int64 = 0
    private var sequence: Int64 = 0

    /// The table of a type (empty when nothing of that type was ever written).
    func table(_ resourceType: String) -> ResourceTable {
        tables[resourceType] ?? ResourceTable()
    }

    /// The stored resource, deleted or not.
    func stored(_ resourceType: String, _ id: String) -> StoredResource? {
        tables[resourceType]?[id]
    }

    /// The current, non-deleted content of a resource.
    func resource(_ resourceType: String, _ id: String) -> JSON? {
        stored(resourceType, id)?.current.resource
    }

    /// The resource a `Type/id` reference points at, when it exists and is not deleted.
    func resolve(_ reference: String?) -> JSON? {
        guard let (resourceType, id) = Self.split(reference) else { return nil }
        return resource(resourceType, id)
    }

    /// Splits `Type/id` into its parts.
    static func split(_ reference: String?) -> (String, String)? {
        guard let reference, let slash = reference.firstIndex(of: "/") else { return nil }
        let type = String(reference[..<slash])
        let id = String(reference[reference.index(after: slash)...])
        guard !type.isEmpty, !id.isEmpty, !id.contains("/") else { return nil }
        return (type, id)
    }

    /// The next `meta.lastUpdated`: the clock's time, but always at least one millisecond after
    /// the previous write, so that write order and `_lastUpdated` order agree and cursor paging
    /// always makes progress.
    mutating func stamp(now: Int64) -> Int64 {
        lastTimestamp = max(now, lastTimestamp + 1)
        return lastTimestamp
    }

    /// Records a new version (or a deletion when `resource` is nil) of `resourceType/id`.
    @discardableResult
    mutating func commit(
        resourceType: String, id: String, versionID: String, lastUpdated: Int64, resource: JSON?, journal: Bool = true
    ) -> StoredResource {
        sequence += 1
        lastTimestamp = max(lastTimestamp, lastUpdated)
        let version = ResourceVersion(versionID: versionID, lastUpdated: lastUpdated, resource: resource)
        let previous = stored(resourceType, id)
        var values: [String: [IndexedValue]] = [:]
        if let resource {
            for parameter in SearchParameters.all(for: resourceType) {
                let extracted = parameter.extract(resource)
                if !extracted.isEmpty { values[parameter.code] = extracted }
            }
        }
        let stored = StoredResource(
            resourceType: resourceType,
            id: id,
            current: version,
            history: previous.map { $0.history + [$0.current] } ?? [],
            projectID: resource?["meta"]?["project"]?.stringValue ?? previous?.projectID,
            sequence: sequence,
            values: values)
        tables[resourceType, default: ResourceTable()].put(stored)
        if journal {
            pendingJournal.append(
                .version(
                    resourceType: resourceType, id: id, versionID: versionID, lastUpdated: lastUpdated,
                    resource: resource))
        }
        return stored
    }

    /// Stores a cache-only client Login.
    mutating func putClientLogin(_ login: LoginRecord, journal: Bool = true) {
        clientLogins[login.id] = login
        if journal { pendingJournal.append(.login(login)) }
    }
}

/// A client-credentials Login (cache-only in Medplum, so never searchable).
struct LoginRecord: Sendable, Equatable {
    var id: String
    var clientID: String
    var membershipID: String
    var scope: String
    var authTime: Int64
    var remoteAddress: String?
    var userAgent: String?
    var revoked: Bool

    /// The Login as a FHIR resource, for super admins reading it by id.
    var json: JSON {
        var object: JSONObject = [
            "resourceType": "Login",
            "id": .string(id),
            "meta": ["versionId": .string(id), "lastUpdated": .string(Instant.iso(authTime))],
            "authMethod": "client",
            "user": .reference("ClientApplication/\(clientID)"),
            "client": .reference("ClientApplication/\(clientID)"),
            "membership": .reference("ProjectMembership/\(membershipID)"),
            "authTime": .string(Instant.iso(authTime)),
            "granted": true,
            "scope": .string(scope),
        ]
        if let remoteAddress { object["remoteAddress"] = .string(remoteAddress) }
        if let userAgent { object["userAgent"] = .string(userAgent) }
        if revoked { object["revoked"] = true }
        return .object(object)
    }
}

/// One durable write, as the journal stores it.
enum JournalEntry: Sendable {
    case version(resourceType: String, id: String, versionID: String, lastUpdated: Int64, resource: JSON?)
    case login(LoginRecord)
}
