extension Diagnostic.Code {
    static let unresolvedReference = Self("unresolved-reference")
}

/// Every name one document uses to point at another must resolve: User → Role, User →
/// Organization, Role → AccessPolicy, Client → AccessPolicy, Environment → SessionPolicy.
struct ReferenceRule: ValidationRule {
    let id = "references"
    let summary = "every role, organization, access policy and session policy named must be declared"

    func check(_ manifests: ManifestSet) -> [Diagnostic] {
        let roles = manifests.roles.map(\.name.value)
        let slugs = manifests.organizations.map(\.slug.value)
        let policies = manifests.accessPolicies.map(\.name.value)
        let sessionPolicies = manifests.sessionPolicies.map(\.name.value)
        var diagnostics: [Diagnostic] = []
        for user in manifests.users {
            let subject = "User '\(user.email.value)'"
            diagnostics += user.roles.compactMap { unresolved($0, of: "role", in: subject, kind: .role, among: roles) }
            diagnostics += user.organizations.compactMap { organization in
                unresolvedOrganization(organization, in: subject, manifests: manifests, slugs: slugs)
            }
        }
        for role in manifests.roles {
            diagnostics += (role.medplum?.accessPolicies ?? []).compactMap {
                unresolved($0, of: "access policy", in: "Role '\(role.name.value)'", kind: .accessPolicy, among: policies)
            }
        }
        for client in manifests.clients {
            if let policy = client.accessPolicy {
                diagnostics += [unresolved(policy, of: "access policy", in: "Client '\(client.name.value)'", kind: .accessPolicy, among: policies)].compactMap { $0 }
            }
        }
        for environment in manifests.environments {
            if let policy = environment.sessionPolicy {
                diagnostics += [unresolved(policy, of: "session policy", in: "Environment '\(environment.name.value)'", kind: .sessionPolicy, among: sessionPolicies)].compactMap { $0 }
            }
        }
        return diagnostics
    }

    private func unresolved(
        _ reference: Located<String>, of what: String, in subject: String, kind: ManifestKind, among names: [String]
    ) -> Diagnostic? {
        guard !names.contains(reference.value) else { return nil }
        let hint = Suggestion.didYouMean(reference.value, in: names)
            ?? "declare \(kind.withArticle) named '\(reference.value)' or fix the name"
        return Diagnostic(
            .error, .unresolvedReference, at: reference.location,
            "\(subject) refers to \(what) '\(reference.value)', but no \(kind.rawValue) has that name; \(hint)"
        )
    }

    /// Organizations are referred to by slug; naming one by its display name gets a precise hint.
    private func unresolvedOrganization(
        _ reference: Located<String>, in subject: String, manifests: ManifestSet, slugs: [String]
    ) -> Diagnostic? {
        guard !slugs.contains(reference.value) else { return nil }
        let byName = manifests.organizations.first { $0.name.value == reference.value }
        let hint = byName.map { "organizations are referred to by slug; write '\($0.slug.value)'" }
            ?? Suggestion.didYouMean(reference.value, in: slugs)
            ?? "declare an Organization with slug '\(reference.value)' or fix the slug"
        return Diagnostic(
            .error, .unresolvedReference, at: reference.location,
            "\(subject) refers to organization '\(reference.value)', but no Organization has that slug; \(hint)"
        )
    }
}
