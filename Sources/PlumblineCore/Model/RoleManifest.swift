/// `kind: Role` — one role across both systems: the Stytch roles a person gets in each of their
/// organizations and the Medplum profile type and access policies of their membership.
public struct RoleManifest: Sendable {
    public var name: Located<String>
    public var description: Located<String>?
    /// Stytch role ids granted explicitly (never `stytch_member`, which every member has).
    public var stytchRoles: [Located<String>]
    public var medplum: MedplumGrant?
    public var location: SourceLocation
}

/// What a Role grants in Medplum.
public struct MedplumGrant: Sendable {
    public var profileType: Located<ProfileType>
    public var accessPolicies: [Located<String>]
    /// Project admin (`ProjectMembership.admin`).
    public var admin: Located<Bool>?
    public var location: SourceLocation
}

/// The FHIR resource a person's Medplum membership profile is.
public enum ProfileType: String, Sendable, CaseIterable, Codable {
    case practitioner = "Practitioner"
    case patient = "Patient"
    case relatedPerson = "RelatedPerson"
}
