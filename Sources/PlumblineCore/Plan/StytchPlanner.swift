/// Computes the Stytch part of a plan (issue 7): organizations by slug, members by `slug/email`,
/// roles compared as sets of explicit roles (order and `stytch_member` never cause a change),
/// only managed objects changed, an unmanaged object in the way a conflict.
public struct StytchPlanner {
    public struct Options: Sendable {
        public var prune: Bool
        /// Unmanaged organizations and members in the way of declared ones that the plan takes
        /// over instead of reporting a conflict.
        public var adopt: AdoptionScope

        public init(prune: Bool = false, adopt: AdoptionScope = .none) {
            self.prune = prune
            self.adopt = adopt
        }
    }

    public typealias Output = MedplumPlanner.Output

    let desired: StytchDesiredState
    let live: StytchLiveState
    let options: Options

    public init(desired: StytchDesiredState, live: StytchLiveState, options: Options = Options()) {
        self.desired = desired
        self.live = live
        self.options = options
    }

    public func plan() -> Output {
        var output = Output(changes: [], conflicts: [], notes: [])
        planOrganizations(into: &output)
        planMembers(into: &output)
        planFrontendSDK(into: &output)
        return output
    }

    /// Apply order, shared with Medplum's waves: organizations first, members with people,
    /// removals after, organization deletions last.
    public static func wave(of change: Change) -> Int {
        switch (change.action, change.resource.kind) {
        case (.delete, .organization): 5
        case (.deactivate, _), (.delete, _): 3
        case (_, .organization): 0
        default: 2
        }
    }

    /// A member needs its organization to exist first.
    public static func dependencies(of change: Change) -> [ResourceKey] {
        guard change.resource.system == .stytch, change.resource.kind == .member,
              let slug = change.resource.key.split(separator: "/").first
        else { return [] }
        return [ResourceKey(.stytch, .organization, String(slug))]
    }

    // MARK: Organizations

    private func planOrganizations(into output: inout Output) {
        for organization in desired.organizations {
            let key = ResourceKey(.stytch, .organization, organization.slug)
            guard let current = live.organization(slug: organization.slug) else {
                output.changes.append(Change(
                    key, .create,
                    fields: [FieldChange("organization_name", before: nil, after: .string(organization.name))]
                        + organization.settings.sorted { $0.key < $1.key }.map { FieldChange($0.key, before: nil, after: $0.value) },
                    summary: "Stytch organization \(organization.slug)"
                ))
                continue
            }
            let adopting = !current.managed && options.adopt.includes(key)
            guard current.managed || adopting else {
                output.conflicts.append(PlanConflict(key, "organization '\(organization.slug)' already exists in Stytch (\(current.id)) but plumbline does not manage it; adopt it with plumbline import --adopt"))
                continue
            }
            var fields: [FieldChange] = []
            if current.name != organization.name {
                fields.append(FieldChange("organization_name", before: .string(current.name), after: .string(organization.name)))
            }
            for (name, value) in organization.settings.sorted(by: { $0.key < $1.key }) where Self.normalised(current.settings[name]) != Self.normalised(value) {
                fields.append(FieldChange(name, before: current.settings[name], after: value))
            }
            guard !fields.isEmpty || adopting else { continue }
            let change = Change(key, .update, fields: fields, escalations: escalations(fields), target: ObjectVersion(id: current.id, version: current.version))
            output.changes.append(adopting ? AdoptionScope.adopting(change) : change)
        }
        for current in live.organizations where current.managed && desired.organization(slug: current.slug) == nil {
            pruneOrganization(current, into: &output)
        }
    }

    /// Settings that open an organization wider: more allowed domains, looser policies.
    private func escalations(_ fields: [FieldChange]) -> [String] {
        fields.compactMap { field in
            switch field.path {
            case "email_allowed_domains", "allowed_auth_methods", "allowed_mfa_methods":
                let added = Set(field.after?.array?.compactMap(\.string) ?? []).subtracting(field.before?.array?.compactMap(\.string) ?? [])
                return added.isEmpty ? nil : "\(field.path) gains \(added.sorted().joined(separator: ", "))"
            case "email_jit_provisioning", "email_invites", "auth_methods", "mfa_methods":
                return field.after == "ALL_ALLOWED" || field.after == "RESTRICTED" && field.before == "NOT_ALLOWED" ? "\(field.path) loosened to \(field.after?.string ?? "")" : nil
            case "mfa_policy":
                return field.after == "OPTIONAL" ? "MFA no longer required" : nil
            default:
                return nil
            }
        }
    }

    private func pruneOrganization(_ current: LiveOrganization, into output: inout Output) {
        let key = ResourceKey(.stytch, .organization, current.slug)
        guard options.prune else {
            output.notes.append("Stytch organization '\(current.slug)' is managed by plumbline but no longer declared; plan --prune would delete it once it has no members")
            return
        }
        let remaining = live.members.filter { $0.organizationId == current.id && !$0.isDeleted && !(options.prune && $0.managed) }
        guard remaining.isEmpty else {
            output.conflicts.append(PlanConflict(key, "organization '\(current.slug)' is no longer declared but \(remaining.count) member(s) plumbline does not manage remain; remove them before pruning it"))
            return
        }
        output.changes.append(Change(key, .delete, fields: [FieldChange("organization_name", before: .string(current.name), after: nil)], reason: "not declared (--prune)", target: ObjectVersion(id: current.id, version: current.version)))
    }

    /// Values compared as the server normalises them: lists as sets, domains lower-cased.
    static func normalised(_ value: JSONValue?) -> JSONValue? {
        guard let array = value?.array else { return value }
        return .array(Array(Set(array.compactMap { $0.string?.lowercased() })).sorted().map(JSONValue.string))
    }
}
