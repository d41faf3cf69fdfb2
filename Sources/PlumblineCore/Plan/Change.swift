/// One planned change: plain data that explains itself (Terraform's `plans.Change`). The
/// provider that applies it looks up the desired and live objects by `resource`.
public struct Change: Sendable, Codable, Hashable {
    public let resource: ResourceKey
    public let action: Action
    public let fields: [FieldChange]
    /// Why the change widens access (admin granted, a policy added or broadened, a new origin or
    /// role); empty when it does not. A reviewer may require a second approval for these.
    public let escalations: [String]
    /// For display only: why this change is planned (e.g. "access expired on 2027-03-31").
    public let reason: String?
    /// The person the change concerns (lower-cased e-mail), so renderers can group by person.
    public let person: String?
    /// The live object's id and the version read while planning, when it exists.
    public let target: ObjectVersion?
    /// For display only: what the change is about in a reviewer's words, e.g. "Stytch member in
    /// northside (clinician)".
    public let summary: String?

    public init(
        _ resource: ResourceKey, _ action: Action, fields: [FieldChange] = [], escalations: [String] = [],
        reason: String? = nil, person: String? = nil, target: ObjectVersion? = nil, summary: String? = nil
    ) {
        self.resource = resource
        self.action = action
        self.fields = fields
        self.escalations = escalations
        self.reason = reason
        self.person = person
        self.target = target
        self.summary = summary
    }

    public var isEscalation: Bool { !escalations.isEmpty }

    // The JSON shape of DESIGN §3: system, kind, key and action at the top of each change.
    private enum CodingKeys: String, CodingKey {
        case system, kind, key, action, fields, escalation, escalations, reason, person, id, version, summary
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(resource.system, forKey: .system)
        try container.encode(resource.kind, forKey: .kind)
        try container.encode(resource.key, forKey: .key)
        try container.encode(action, forKey: .action)
        try container.encode(fields, forKey: .fields)
        try container.encode(isEscalation, forKey: .escalation)
        try container.encode(escalations, forKey: .escalations)
        try container.encodeIfPresent(reason, forKey: .reason)
        try container.encodeIfPresent(person, forKey: .person)
        try container.encodeIfPresent(target?.id, forKey: .id)
        try container.encodeIfPresent(target?.version, forKey: .version)
        try container.encodeIfPresent(summary, forKey: .summary)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        resource = ResourceKey(
            try container.decode(ManagedSystem.self, forKey: .system),
            try container.decode(ResourceKind.self, forKey: .kind),
            try container.decode(String.self, forKey: .key)
        )
        action = try container.decode(Action.self, forKey: .action)
        fields = try container.decodeIfPresent([FieldChange].self, forKey: .fields) ?? []
        escalations = try container.decodeIfPresent([String].self, forKey: .escalations) ?? []
        reason = try container.decodeIfPresent(String.self, forKey: .reason)
        person = try container.decodeIfPresent(String.self, forKey: .person)
        let id = try container.decodeIfPresent(String.self, forKey: .id)
        let version = try container.decodeIfPresent(String.self, forKey: .version)
        target = id.map { ObjectVersion(id: $0, version: version) }
        summary = try container.decodeIfPresent(String.self, forKey: .summary)
    }
}

/// A live object's server id and the version plumbline read (Medplum `meta.versionId`, Stytch
/// `updated_at`).
public struct ObjectVersion: Sendable, Codable, Hashable {
    public let id: String
    public let version: String?

    public init(id: String, version: String?) {
        self.id = id
        self.version = version
    }
}
