/// What one person holds across both systems, the raw material of role inference.
struct HeldAccess: Hashable, Comparable {
    /// Explicit Stytch roles (sorted); nil when the person is in no organization.
    var stytchRoles: [String]?
    var medplum: MedplumAccess?

    struct MedplumAccess: Hashable {
        var profileType: ProfileType
        var policies: [String]
        var admin: Bool
    }

    static func < (lhs: HeldAccess, rhs: HeldAccess) -> Bool { lhs.sortKey < rhs.sortKey }

    private var sortKey: String {
        "\(medplum?.policies.joined(separator: ",") ?? "")|\(medplum?.admin == true)|\(stytchRoles?.joined(separator: ",") ?? "")"
    }
}

/// Infers Roles from what people hold: every distinct combination of Stytch roles and Medplum
/// profile, policies and admin flag becomes one Role, named after what it grants, so each person
/// gets exactly one Role that reproduces their access.
struct RoleInference {
    struct InferredRole {
        let name: String
        let access: HeldAccess
        let holders: Int
    }

    let roles: [InferredRole]
    private let names: [HeldAccess: String]

    init(_ people: [HeldAccess]) {
        var counts: [HeldAccess: Int] = [:]
        people.forEach { counts[$0, default: 0] += 1 }
        var used: Set<String> = []
        var roles: [InferredRole] = []
        var names: [HeldAccess: String] = [:]
        for access in counts.keys.sorted() {
            let base = Self.name(for: access)
            var name = base
            var suffix = 2
            while used.contains(name) {
                name = "\(base)-\(suffix)"
                suffix += 1
            }
            used.insert(name)
            names[access] = name
            roles.append(InferredRole(name: name, access: access, holders: counts[access] ?? 0))
        }
        self.roles = roles.sorted { $0.name < $1.name }
        self.names = names
    }

    func name(of access: HeldAccess) -> String { names[access] ?? "member" }

    /// `clinician`, `clinician-admin`, `front-desk-stytch_admin`: the Medplum policies, `admin`,
    /// then the Stytch roles the policies do not already name; `member` when it grants nothing
    /// but membership.
    static func name(for access: HeldAccess) -> String {
        var parts: [String] = []
        if let medplum = access.medplum {
            if medplum.profileType != .practitioner { parts.append(medplum.profileType.rawValue.lowercased()) }
            parts += medplum.policies.isEmpty ? ["unrestricted"] : medplum.policies
            if medplum.admin { parts.append("admin") }
        }
        parts += (access.stytchRoles ?? []).filter { !parts.contains($0) }
        return parts.isEmpty ? "member" : parts.joined(separator: "-")
    }

    /// The Role document.
    func document(_ role: InferredRole) -> [String] {
        var lines = YAMLText.comment("inferred from \(role.holders) \(role.holders == 1 ? "person" : "people") holding exactly this access")
        lines += ["kind: Role", "name: \(YAMLText.scalar(role.name))"]
        let stytch = role.access.stytchRoles ?? []
        if !stytch.isEmpty || role.access.medplum == nil {
            lines.append("stytch: { roles: \(YAMLText.list(stytch)) }")
        }
        if let medplum = role.access.medplum {
            lines.append("medplum: { profileType: \(medplum.profileType.rawValue), accessPolicies: \(YAMLText.list(medplum.policies)), admin: \(medplum.admin) }")
        }
        return lines
    }
}
