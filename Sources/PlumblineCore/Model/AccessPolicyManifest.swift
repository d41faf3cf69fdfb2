/// `kind: AccessPolicy` — a Medplum AccessPolicy, matched on the server by its name.
public struct AccessPolicyManifest: Sendable {
    public var name: Located<String>
    public var resources: [ResourceRule]
    public var location: SourceLocation
}

/// One `resources` entry: what a policy grants on one resource type.
public struct ResourceRule: Sendable {
    /// A FHIR R4 or Medplum resource type, or `*` for every type.
    public var resourceType: Located<String>
    /// The interactions granted; nil grants all of them (Medplum's default).
    public var interactions: [Located<FHIRInteraction>]?
    /// Deprecated in Medplum in favour of `interactions`; read-only when true.
    public var readonly: Located<Bool>?
    /// A FHIR search (`Type?param=value`) restricting which resources the rule covers.
    public var criteria: Located<String>?
    public var hiddenFields: [Located<String>]
    public var readonlyFields: [Located<String>]
    public var location: SourceLocation

    /// The interactions this rule grants, as Medplum evaluates them (contract 4.7).
    public var grantedInteractions: Set<FHIRInteraction> {
        if let interactions { return Set(interactions.map(\.value)) }
        if readonly?.value == true { return FHIRInteraction.readOnly }
        return Set(FHIRInteraction.allCases)
    }
}

/// A FHIR interaction code as Medplum's `AccessPolicy.resource.interaction` accepts it.
public enum FHIRInteraction: String, Sendable, CaseIterable, Codable, Comparable {
    case read, vread, update, delete, history, create, search

    /// The interactions a `readonly: true` rule grants.
    public static let readOnly: Set<FHIRInteraction> = [.read, .vread, .history, .search]

    /// Whether the interaction changes data.
    public var isWrite: Bool { self == .create || self == .update || self == .delete }

    /// Interactions sort in the order Medplum's documentation lists them.
    public static func < (lhs: FHIRInteraction, rhs: FHIRInteraction) -> Bool {
        lhs.order < rhs.order
    }

    private var order: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}
