/// Computes the Medplum part of a plan: a pure, deterministic function of desired and live state
/// (Terraform's plan walk). Only managed objects are changed or removed; an unmanaged object in
/// the way of a declared one is a conflict, never silently taken over.
public struct MedplumPlanner {
    public struct Options: Sendable {
        /// Remove managed objects no longer declared (people are deactivated, never deleted).
        public var prune: Bool
        /// Unmanaged objects in the way of declared ones that the plan takes over instead of
        /// reporting a conflict.
        public var adopt: AdoptionScope

        public init(prune: Bool = false, adopt: AdoptionScope = .none) {
            self.prune = prune
            self.adopt = adopt
        }
    }

    public struct Output: Sendable {
        public var changes: [Change]
        public var conflicts: [PlanConflict]
        public var notes: [String]
    }

    let desired: MedplumDesiredState
    /// Declared people whose roles give no Medplum access.
    let withoutAccess: Set<String>
    let live: MedplumLiveState
    let options: Options
    /// Policies by manifest name: managed ones, and unmanaged ones being adopted.
    let managedPolicies: [String: LivePolicy]
    /// Their ids, looked up for every person's access.
    private let managedPolicyIds: [String: String]

    public init(desired: MedplumDesiredState, withoutAccess: [String] = [], live: MedplumLiveState, options: Options = Options()) {
        self.desired = desired
        self.withoutAccess = Set(withoutAccess)
        self.live = live
        self.options = options
        managedPolicies = options.adopt.managed(
            live.policies, kind: .accessPolicy, declares: { desired.policy(named: $0) != nil }, marker: \.managedKey, key: \.name
        )
        managedPolicyIds = managedPolicies.mapValues(\.id)
    }

    public func plan() -> Output {
        var output = Output(changes: [], conflicts: [], notes: [])
        planPolicies(into: &output)
        planClients(into: &output)
        planMemberships(into: &output)
        output.changes.sort { (Self.wave(of: $0), $0.resource) < (Self.wave(of: $1), $1.resource) }
        return output
    }

    /// Apply order: policies first (memberships and clients refer to them), then clients and
    /// people, then deactivations, then removals, policies last of all.
    public static func wave(of change: Change) -> Int {
        switch (change.action, change.resource.kind) {
        case (.delete, .accessPolicy): 5
        case (.delete, _): 4
        case (.deactivate, _): 3
        case (_, .accessPolicy): 0
        case (_, .clientApplication): 1
        default: 2
        }
    }

    // MARK: Policies

    /// The live id a desired policy name will have: the managed policy's, or a placeholder for one
    /// the plan creates.
    func policyId(named name: String) -> String {
        managedPolicyIds[name] ?? "new:\(name)"
    }

    /// Policy names for ids, as plan output shows them.
    func policyNames(_ ids: [String]) -> JSONValue {
        let names = live.policyNamesById
        return .array(ids.map { id in .string(id.hasPrefix("new:") ? String(id.dropFirst(4)) : names[id] ?? "AccessPolicy/\(id)") }.sorted { $0.string ?? "" < $1.string ?? "" })
    }

    private func planPolicies(into output: inout Output) {
        let managed = managedPolicies
        for policy in desired.policies {
            let key = ResourceKey(.medplum, .accessPolicy, policy.name)
            if let current = managed[policy.name] {
                var fields = PolicyGrantDiff.fields(from: current.grants, to: policy.grants)
                if current.name != policy.name { fields.insert(FieldChange("name", before: current.name.map(JSONValue.string), after: .string(policy.name)), at: 0) }
                let adopting = current.managedKey == nil
                guard !fields.isEmpty || adopting else { continue }
                let change = Change(
                    key, .update, fields: fields, escalations: PolicyGrantDiff.escalations(from: current.grants, to: policy.grants),
                    target: ObjectVersion(id: current.id, version: current.version)
                )
                output.changes.append(adopting ? AdoptionScope.adopting(change) : change)
            } else if let unmanaged = live.policies.first(where: { $0.managedKey == nil && $0.name == policy.name }) {
                output.conflicts.append(PlanConflict(key, "AccessPolicy '\(policy.name)' already exists (AccessPolicy/\(unmanaged.id)) but plumbline does not manage it; adopt it with plumbline import --adopt, or rename the manifest's policy"))
            } else {
                output.changes.append(Change(key, .create, fields: [
                    FieldChange("name", before: nil, after: .string(policy.name)),
                ] + policy.grants.map { FieldChange("resource[\($0.label)]", before: nil, after: $0.medplumJSON) }))
            }
        }
        for (name, policy) in managed.sorted(by: { $0.key < $1.key }) where desired.policy(named: name) == nil {
            removeUndeclaredPolicy(name: name, policy, into: &output)
        }
    }

    private func removeUndeclaredPolicy(name: String, _ policy: LivePolicy, into output: inout Output) {
        let key = ResourceKey(.medplum, .accessPolicy, name)
        guard options.prune else {
            output.notes.append("AccessPolicy '\(name)' is managed by plumbline but no longer declared; plan --prune would delete it")
            return
        }
        let users = (live.memberships + live.clients.compactMap(\.membership)).filter { $0.policyIds.contains(policy.id) && $0.managedKey == nil }
        guard users.isEmpty else {
            output.conflicts.append(PlanConflict(key, "AccessPolicy '\(name)' is no longer declared but \(users.count) membership(s) plumbline does not manage still use it; reassign them before pruning"))
            return
        }
        output.changes.append(Change(key, .delete, fields: [FieldChange("name", before: .string(name), after: nil)], reason: "not declared (--prune)", target: ObjectVersion(id: policy.id, version: policy.version)))
    }
}

extension MedplumPlanner {
    /// The policies a membership or client change needs to exist first: those its new access
    /// names. Apply skips the change when one of them could not be created.
    public static func dependencies(of change: Change) -> [ResourceKey] {
        guard change.resource.system == .medplum, change.resource.kind != .accessPolicy else { return [] }
        return change.fields
            .filter { $0.path == "access" || $0.path == "accessPolicy" }
            .flatMap { $0.after?.array ?? [] }
            .compactMap(\.string)
            .map { ResourceKey(.medplum, .accessPolicy, $0) }
    }
}
