import Foundation

/// The ordered changes that turn live state into desired state, with the version of every object
/// read, so a saved plan can be refused when the servers or the manifests moved since (DESIGN §3,
/// §5). Contains no secret: only keys, field values plumbline manages, ids and versions.
public struct Plan: Sendable, Codable {
    public static let currentFormatVersion = 1

    public var formatVersion: Int
    public var environment: String
    /// SHA-256 of the manifests the plan was made from.
    public var manifestsDigest: String
    /// In apply order: dependencies first, removals last.
    public var changes: [Change]
    /// Every live object read, with its version: in the order read, sorted when the plan is
    /// written (a plan only shown never pays for sorting tens of thousands).
    public var observed: [ObservedObject]
    /// What blocks applying the plan (an unmanaged object in the way, a change no API can make).
    public var conflicts: [PlanConflict]
    /// What the plan leaves alone but a reader should know (managed objects no longer declared).
    public var notes: [String]
    /// The Medplum server's CORS configuration as preflights show it, and the value that would
    /// make it agree with the environment: apply cannot change it, so the plan says what to deploy.
    public var cors: CorsAdvice?

    public init(
        environment: String, manifestsDigest: String, changes: [Change], observed: [ObservedObject],
        conflicts: [PlanConflict] = [], notes: [String] = []
    ) {
        self.formatVersion = Self.currentFormatVersion
        self.environment = environment
        self.manifestsDigest = manifestsDigest
        self.changes = changes
        self.observed = observed
        self.conflicts = conflicts
        self.notes = notes
    }

    public var isEmpty: Bool { changes.isEmpty }

    /// How many changes of each action, every action present (zeros included).
    public var summary: [Action: Int] {
        Dictionary(uniqueKeysWithValues: Action.allCases.map { action in (action, changes.filter { $0.action == action }.count) })
    }

    public var escalationCount: Int { changes.filter(\.isEscalation).count }

    private enum CodingKeys: String, CodingKey {
        case formatVersion, environment, manifestsDigest, changes, summary, escalations, observed, conflicts, notes, cors
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(formatVersion, forKey: .formatVersion)
        try container.encode(environment, forKey: .environment)
        try container.encode(manifestsDigest, forKey: .manifestsDigest)
        try container.encode(changes, forKey: .changes)
        try container.encode(Dictionary(uniqueKeysWithValues: summary.map { ($0.key.rawValue, $0.value) }), forKey: .summary)
        try container.encode(escalationCount, forKey: .escalations)
        try container.encode(observed.sorted(), forKey: .observed)
        try container.encode(conflicts, forKey: .conflicts)
        try container.encode(notes, forKey: .notes)
        try container.encodeIfPresent(cors, forKey: .cors)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        formatVersion = try container.decode(Int.self, forKey: .formatVersion)
        environment = try container.decode(String.self, forKey: .environment)
        manifestsDigest = try container.decode(String.self, forKey: .manifestsDigest)
        changes = try container.decode([Change].self, forKey: .changes)
        observed = try container.decodeIfPresent([ObservedObject].self, forKey: .observed) ?? []
        conflicts = try container.decodeIfPresent([PlanConflict].self, forKey: .conflicts) ?? []
        notes = try container.decodeIfPresent([String].self, forKey: .notes) ?? []
        cors = try container.decodeIfPresent(CorsAdvice.self, forKey: .cors)
    }
}

/// A live object as it was when planned: which server object, at which version.
public struct ObservedObject: Sendable, Codable, Hashable, Comparable {
    public let system: ManagedSystem
    public let kind: ResourceKind
    public let id: String
    public let version: String

    public init(system: ManagedSystem, kind: ResourceKind, id: String, version: String) {
        self.system = system
        self.kind = kind
        self.id = id
        self.version = version
    }

    /// By system, kind, then id. System and kind compare by name only when they differ: a plan
    /// sorts one of these for every object it read.
    public static func < (lhs: ObservedObject, rhs: ObservedObject) -> Bool {
        if lhs.system != rhs.system { return lhs.system < rhs.system }
        if lhs.kind != rhs.kind { return lhs.kind < rhs.kind }
        return lhs.id < rhs.id
    }
}

/// Something that blocks a plan from being applied, with what to do about it.
public struct PlanConflict: Sendable, Codable, Hashable {
    public let resource: ResourceKey
    public let message: String

    public init(_ resource: ResourceKey, _ message: String) {
        self.resource = resource
        self.message = message
    }
}
