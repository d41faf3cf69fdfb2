/// Who a repository operation runs as: Medplum's `Repository` context reduced to what the
/// sandbox needs.
struct Caller: Sendable {
    enum Kind: Sendable, Equatable {
        /// The server itself (invite, client creation, seeding): no checks, `author: system`.
        case system
        /// A member of a `superAdmin` project: every project, protected types, may set ids.
        case superAdmin
        /// A member with `admin: true`.
        case projectAdmin
        /// Anyone else: the membership's access policy decides.
        case member
    }

    var kind: Kind
    /// The project writes are stamped with.
    var projectID: String
    /// Projects whose resources are visible (the own one plus linked projects).
    var readableProjects: Set<String>
    /// `meta.author` for writes.
    var author: JSON
    var policy: AccessPolicyRules
    /// `X-Medplum: extended`.
    var extendedMode: Bool = false
    /// The project has the `transaction-bundles` feature.
    var transactionsEnabled: Bool = false
    /// The membership the caller acts through (for the FHIR quota).
    var membershipID: String?

    var isAdministrative: Bool { kind == .system || kind == .superAdmin }

    /// The server acting on `projectID` with system rights.
    static func system(projectID: String, transactionsEnabled: Bool = false) -> Caller {
        Caller(
            kind: .system, projectID: projectID, readableProjects: [projectID], author: .reference("system"),
            policy: AccessPolicyRules(entries: []), transactionsEnabled: transactionsEnabled)
    }

    /// Whether a resource in `projectID` is visible to this caller at all.
    func canSee(projectID resourceProject: String?) -> Bool {
        if isAdministrative { return true }
        guard let resourceProject else { return false }
        // The own project first: a string comparison is cheaper than hashing for a set lookup.
        return resourceProject == projectID || readableProjects.contains(resourceProject)
    }
}

/// The REST interactions access policies speak of.
enum Interaction: String, Sendable {
    case read, vread, update, delete, history, create, search
}
