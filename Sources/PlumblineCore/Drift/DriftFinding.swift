import Foundation

/// One difference between the servers and the manifests (DESIGN §3 drift), with who made it and
/// when where the server tells.
public struct DriftFinding: Sendable, Hashable {
    public var resource: ResourceKey
    public var type: DriftType
    /// Field by field, oriented as drift happened: `before` is what the manifests declare,
    /// `after` what the server holds now (nil = absent). The reverse of a plan's fields, whose
    /// `after` is what apply would write.
    public var fields: [FieldChange]
    /// The author's name as the server gives it (Medplum `meta.author`); nil when unknown.
    public var changedBy: String?
    /// The author's reference (`Practitioner/…`), when known.
    public var changedByReference: String?
    /// When the difference was made, as the server dates it.
    public var changedAt: Date?
    /// What the finding means and what to do, in a sentence.
    public var detail: String?
    /// The live object's server id, when there is one.
    public var liveId: String?
    /// The acknowledgement that covered this finding until it expired.
    public var expiredAcknowledgement: String?

    public init(
        _ resource: ResourceKey, _ type: DriftType, fields: [FieldChange] = [], changedBy: String? = nil,
        changedByReference: String? = nil, changedAt: Date? = nil, detail: String? = nil, liveId: String? = nil
    ) {
        self.resource = resource
        self.type = type
        self.fields = fields
        self.changedBy = changedBy
        self.changedByReference = changedByReference
        self.changedAt = changedAt
        self.detail = detail
        self.liveId = liveId
    }

    /// Fields of a planned change turned around: the plan's `after` (what the manifests want) is
    /// drift's `before`.
    static func drifted(_ fields: [FieldChange]) -> [FieldChange] {
        fields.map { FieldChange($0.path, before: $0.after, after: $0.before) }
    }

    /// Sets who and when from a live object's `meta`.
    mutating func attribute(_ change: LastChange) {
        changedBy = change.author
        changedByReference = change.authorReference
        changedAt = change.at
    }
}

/// A finding an active `DriftAcknowledgement` suppresses, and which acknowledgement did.
public struct AcknowledgedFinding: Sendable, Hashable {
    public let finding: DriftFinding
    public let acknowledgement: String
    public let reason: String
    public let until: CalendarDate

    public init(finding: DriftFinding, acknowledgement: String, reason: String, until: CalendarDate) {
        self.finding = finding
        self.acknowledgement = acknowledgement
        self.reason = reason
        self.until = until
    }
}

/// What `drift` found in one environment: the findings it reports, those acknowledged, and the
/// warnings about acknowledgements themselves (expired, or matching nothing).
public struct DriftReport: Sendable {
    public static let currentFormatVersion = 1

    public var environment: String
    /// Sorted by system, kind and key.
    public var findings: [DriftFinding]
    public var acknowledged: [AcknowledgedFinding]
    public var warnings: [String]
    /// What limited the report (history reads skipped beyond the budget, …).
    public var notes: [String]

    public init(environment: String, findings: [DriftFinding], acknowledged: [AcknowledgedFinding] = [], warnings: [String] = [], notes: [String] = []) {
        self.environment = environment
        self.findings = findings.sorted { ($0.resource, $0.type) < ($1.resource, $1.type) }
        self.acknowledged = acknowledged
        self.warnings = warnings
        self.notes = notes
    }

    /// Whether there is drift to report (exit 2).
    public var hasDrift: Bool { !findings.isEmpty }

    /// How many findings of each type, every type present.
    public var counts: [DriftType: Int] {
        Dictionary(uniqueKeysWithValues: DriftType.allCases.map { type in (type, findings.filter { $0.type == type }.count) })
    }
}
