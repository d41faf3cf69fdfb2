/// Writes manifests from what the servers hold (`plumbline import`), so that `plan` on them finds
/// nothing to change: one file per kind, objects in a stable order, each document with a comment
/// naming the live object it came from, credentials as references, and Roles inferred from the
/// combinations of Stytch roles and Medplum policies people hold. Pure: the CLI reads the servers
/// and writes the files.
public struct ManifestImporter {
    public struct Options: Sendable {
        /// Also write an `Adoption` manifest listing every imported object plumbline does not
        /// manage yet, so the next apply writes their markers.
        public var adopt: Bool
        /// Rewrites a `${file:PATH}` reference written in `manifest` so it still resolves from the
        /// output directory.
        public var rebaseFile: @Sendable (_ path: String, _ manifest: String) -> String

        public init(adopt: Bool = false, rebaseFile: @escaping @Sendable (String, String) -> String = { path, _ in path }) {
            self.adopt = adopt
            self.rebaseFile = rebaseFile
        }
    }

    /// What the import wrote and what a person should know about it.
    public struct Result: Sendable {
        /// File name → contents.
        public var files: [String: String]
        /// Imported objects plumbline does not manage yet.
        public var unmanaged: [ResourceKey]
        /// Objects left out or imported imperfectly, and why.
        public var notes: [String]
        public var counts: [ManifestKind: Int]
    }

    let environment: EnvironmentManifest
    let sessionPolicies: [SessionPolicyManifest]
    let medplum: MedplumLiveState?
    let stytch: StytchLiveState?
    let options: Options

    public init(
        environment: EnvironmentManifest, sessionPolicies: [SessionPolicyManifest], medplum: MedplumLiveState?,
        stytch: StytchLiveState?, options: Options = Options()
    ) {
        self.environment = environment
        self.sessionPolicies = sessionPolicies
        self.medplum = medplum
        self.stytch = stytch
        self.options = options
    }

    public func run() -> Result {
        var state = ImportState()
        let policies = policyDocuments(&state)
        let clients = clientDocuments(&state)
        let organizations = organizationDocuments(&state)
        let (roles, users) = peopleDocuments(&state)
        var files: [String: String] = [:]
        func write(_ name: String, _ kind: ManifestKind, _ documents: [[String]], _ header: String) {
            guard !documents.isEmpty else { return }
            files[name] = YAMLText.file(header: ["\(header)", "Written by plumbline import from environment '\(environment.name.value)'."], documents: documents)
            state.counts[kind] = documents.count
        }
        write("environment.yaml", .environment, [environmentDocument(&state)], "The environment, with credentials as references (never values).")
        write("session-policies.yaml", .sessionPolicy, sessionPolicies.sorted { $0.name.value < $1.name.value }.map(Self.sessionPolicyDocument), "Session policies, copied from the manifests the import ran with.")
        write("access-policies.yaml", .accessPolicy, policies, "Medplum AccessPolicies.")
        write("clients.yaml", .client, clients, "Medplum ClientApplications (plumbline's own client is left out).")
        write("organizations.yaml", .organization, organizations, "Stytch B2B organizations.")
        write("roles.yaml", .role, roles, "Roles inferred from the combinations of Stytch roles and Medplum access people hold.")
        write("users.yaml", .user, users, "People: Medplum memberships and Stytch members, matched by e-mail.")
        let unmanaged = state.unmanaged.sorted()
        if options.adopt, !unmanaged.isEmpty {
            write("adoption.yaml", .adoption, [adoptionDocument(unmanaged)], "Objects made outside plumbline that the next apply takes over (writes plumbline's marker on); delete this file once applied.")
        } else if !unmanaged.isEmpty {
            state.notes.append("\(unmanaged.count) imported object(s) carry no plumbline marker: plan reports them as conflicts until they are adopted (plumbline import --adopt, or plan/apply --adopt)")
        }
        return Result(files: files, unmanaged: unmanaged, notes: state.notes, counts: state.counts)
    }

    private func adoptionDocument(_ keys: [ResourceKey]) -> [String] {
        ["kind: Adoption", "name: import", "reason: made outside plumbline and imported by plumbline import --adopt", "objects:"]
            + keys.map { "  - { system: \($0.system.rawValue), kind: \($0.kind.rawValue), key: \(YAMLText.scalar($0.key)) }" }
    }
}

/// What the import collects while it writes.
struct ImportState {
    var unmanaged: [ResourceKey] = []
    var notes: [String] = []
    var counts: [ManifestKind: Int] = [:]
    /// Manifest names of policies by live id.
    var policyNames: [String: String] = [:]
}
