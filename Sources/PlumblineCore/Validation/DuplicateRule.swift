extension Diagnostic.Code {
    static let duplicate = Self("duplicate")
}

/// Every document's key must be unique within its kind: names, e-mails (case-insensitively) and
/// organization slugs. The message names where the first definition is.
struct DuplicateRule: ValidationRule {
    let id = "duplicates"
    let summary = "two documents of one kind must not share a name, e-mail or slug"

    func check(_ manifests: ManifestSet) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        func named(_ kind: ManifestKind, _ names: [Located<String>]) {
            diagnostics += duplicates(names, key: { $0 }) { name, first in
                "duplicate \(kind.rawValue) '\(name)'; the first is defined at \(first); rename or remove one of them"
            }
        }
        named(.environment, manifests.environments.map(\.name))
        named(.accessPolicy, manifests.accessPolicies.map(\.name))
        named(.role, manifests.roles.map(\.name))
        named(.client, manifests.clients.map(\.name))
        named(.sessionPolicy, manifests.sessionPolicies.map(\.name))
        named(.job, manifests.jobs.map(\.name))
        named(.driftAcknowledgement, manifests.driftAcknowledgements.map(\.name))
        named(.adoption, manifests.adoptions.map(\.name))
        diagnostics += duplicates(manifests.users.map(\.email), key: { $0.lowercasedIfNeeded }) { email, first in
            "duplicate User '\(email)'; the same e-mail (compared case-insensitively) is first defined at \(first); keep one of them"
        }
        diagnostics += duplicates(manifests.organizations.map(\.slug), key: { $0 }) { slug, first in
            "duplicate Organization slug '\(slug)'; the first is defined at \(first); give each organization its own slug"
        }
        return diagnostics
    }

    /// One error per value whose key was already seen, located at the repetition.
    private func duplicates(
        _ values: [Located<String>], key: (String) -> String, message: (String, SourceLocation) -> String
    ) -> [Diagnostic] {
        var first: [String: SourceLocation] = [:]
        var diagnostics: [Diagnostic] = []
        for value in values where !value.value.isEmpty {
            if let earlier = first[key(value.value)] {
                diagnostics.append(Diagnostic(.error, .duplicate, at: value.location, message(value.value, earlier)))
            } else {
                first[key(value.value)] = value.location
            }
        }
        return diagnostics
    }
}
