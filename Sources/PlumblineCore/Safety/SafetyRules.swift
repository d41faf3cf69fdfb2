/// Why apply refuses a plan before its first write (DESIGN §5): which rule, what it found, and
/// how to proceed (an override where one exists).
public struct Refusal: Sendable, Hashable, CustomStringConvertible {
    public enum Rule: String, Sendable, Hashable {
        case conflicts, lastAdmin = "last-admin", ownMembership = "own-membership", projectOwner = "project-owner", maxChanges = "max-changes"
    }

    public let rule: Rule
    public let message: String

    public var description: String { "\(message) [\(rule.rawValue)]" }
}

/// The pure checks apply runs on a plan and the live state it was made from.
public enum SafetyRules {
    public struct Limits: Sendable {
        /// Refuse plans with more changes than this.
        public var maxChanges: Int?

        public init(maxChanges: Int? = nil) { self.maxChanges = maxChanges }
    }

    /// Every refusal that applies; apply writes nothing when this is not empty.
    public static func check(_ plan: Plan, medplum live: MedplumLiveState?, limits: Limits) -> [Refusal] {
        var refusals = plan.conflicts.map { Refusal(rule: .conflicts, message: "\($0.resource): \($0.message)") }
        if let maxChanges = limits.maxChanges, plan.changes.count > maxChanges {
            refusals.append(Refusal(rule: .maxChanges, message: "the plan has \(plan.changes.count) changes, more than --max-changes \(maxChanges); review the plan and raise the limit to apply it"))
        }
        guard let live else { return refusals }
        return refusals + ownMembership(plan, live) + projectOwner(plan, live) + lastAdmin(plan, live)
    }

    private static func medplumMembershipChanges(_ plan: Plan) -> [Change] {
        plan.changes.filter { $0.resource.system == .medplum && $0.resource.kind == .projectMembership }
    }

    private static func ownMembership(_ plan: Plan, _ live: MedplumLiveState) -> [Refusal] {
        guard let own = live.selfMembershipId else { return [] }
        let ownClient = live.clients.first { $0.membership?.id == own }
        return plan.changes.compactMap { change -> Refusal? in
            let touchesOwn = change.target?.id == own || (ownClient.map { change.target?.id == $0.id } ?? false)
            guard touchesOwn else { return nil }
            return Refusal(rule: .ownMembership, message: "the plan would \(change.action.rawValue) \(change.resource), the client plumbline itself signs in as; change it in Medplum by hand or run plumbline with other credentials")
        }
    }

    private static func projectOwner(_ plan: Plan, _ live: MedplumLiveState) -> [Refusal] {
        guard let owner = live.ownerUserReference,
              let membership = live.memberships.first(where: { $0.userReference == owner })
        else { return [] }
        return medplumMembershipChanges(plan).compactMap { change -> Refusal? in
            guard change.target?.id == membership.id, removesAccess(change) else { return nil }
            return Refusal(rule: .projectOwner, message: "the plan would \(change.action.rawValue) the membership of \(change.resource.key), the owner of the Medplum project; transfer ownership in Medplum first")
        }
    }

    private static func lastAdmin(_ plan: Plan, _ live: MedplumLiveState) -> [Refusal] {
        let admins = Set(live.memberships.filter { $0.active && $0.admin }.map(\.id))
        guard !admins.isEmpty else { return [] }
        var remaining = admins
        for change in medplumMembershipChanges(plan) {
            if let id = change.target?.id, removesAccess(change) { remaining.remove(id) }
            if grantsAdmin(change) { remaining.insert(change.target?.id ?? "new:\(change.resource.key)") }
        }
        guard remaining.isEmpty else { return [] }
        return [Refusal(rule: .lastAdmin, message: "the plan would leave the Medplum project without an active human admin; keep at least one person with a Role whose medplum.admin is true")]
    }

    /// Deactivation, deletion, or an update that takes admin away.
    private static func removesAccess(_ change: Change) -> Bool {
        switch change.action {
        case .deactivate, .delete: return true
        case .update: return change.fields.contains { $0.path == "admin" && $0.after == .bool(false) }
        default: return false
        }
    }

    private static func grantsAdmin(_ change: Change) -> Bool {
        guard change.action == .create || change.action == .reactivate || change.action == .update else { return false }
        return change.fields.contains { $0.path == "admin" && $0.after == .bool(true) }
    }
}

extension SafetyRules {
    /// Never leave a Stytch organization without an active member holding `stytch_admin`.
    public static func check(_ plan: Plan, stytch live: StytchLiveState) -> [Refusal] {
        live.organizations.compactMap { organization -> Refusal? in
            let members = live.members.filter { $0.organizationId == organization.id }
            var admins = Set(members.filter { !$0.isDeleted && $0.isAdmin }.map(\.key))
            guard !admins.isEmpty else { return nil }
            for change in plan.changes where change.resource.system == .stytch && change.resource.kind == .member && change.resource.key.hasPrefix("\(organization.slug)/") {
                let roles = change.fields.first { $0.path == "roles" }?.after?.array?.compactMap(\.string)
                switch change.action {
                case .deactivate, .delete:
                    admins.remove(change.resource.key)
                case .update, .reactivate, .create:
                    if let roles, !roles.contains("stytch_admin"),
                       !(members.first { $0.key == change.resource.key }?.implicitRoles.contains("stytch_admin") ?? false) {
                        admins.remove(change.resource.key)
                    } else if roles?.contains("stytch_admin") == true {
                        admins.insert(change.resource.key)
                    }
                default:
                    break
                }
            }
            guard admins.isEmpty else { return nil }
            return Refusal(rule: .lastAdmin, message: "the plan would leave Stytch organization '\(organization.slug)' without an active member holding stytch_admin; keep at least one person there with a Role granting stytch_admin")
        }
    }
}
