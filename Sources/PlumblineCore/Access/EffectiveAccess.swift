/// What a membership's access policies let its holder do, evaluated the way Medplum does
/// (contract 4.6–4.7): the union of every entry of every policy; an entry applies to its own
/// resource type or, as `*`, to every type but the four project-admin types; its interactions
/// are the listed ones, or read-only ones for `readonly`, or all of them; an entry with a
/// `criteria` covers only the resources that search matches. A membership with no policy at all
/// may reach every type but the project-admin ones.
public struct EffectiveAccess: Sendable, Hashable {
    /// Every entry of the membership's policies, in order.
    public let grants: [PolicyGrant]
    /// The membership names no policy: Medplum grants `*`.
    public let unrestricted: Bool

    /// Types a `*` entry (or a missing policy) never grants: the server decides them itself.
    public static let projectAdminTypes: Set<String> = ["Project", "ProjectMembership", "User", "UserSecurityRequest"]

    public init(grants: [PolicyGrant], unrestricted: Bool = false) {
        self.grants = grants
        self.unrestricted = unrestricted
    }

    /// The interactions allowed on resources of `type` — all of them, or (`criteria`) those a
    /// search matches. An entry restricted by a criteria counts only for that same criteria: a
    /// narrower grant does not cover a broader need.
    public func interactions(on type: String, criteria: String? = nil) -> Set<FHIRInteraction> {
        if unrestricted { return Self.projectAdminTypes.contains(type) ? [] : Set(FHIRInteraction.allCases) }
        var granted: Set<FHIRInteraction> = []
        for grant in grants {
            let wildcard = grant.resourceType == "*"
            guard grant.resourceType == type || (wildcard && !Self.projectAdminTypes.contains(type)) else { continue }
            if let restriction = grant.criteria {
                // For `*`, Medplum substitutes the type into the criteria (contract 4.7).
                let effective = wildcard && restriction.hasPrefix("*?") ? type + restriction.dropFirst() : restriction
                guard effective == criteria else { continue }
            }
            granted.formUnion(grant.granted)
        }
        return granted
    }

    /// What `needs` asks for that this access does not grant, one gap per resource type (and
    /// criteria), in the order the needs name them.
    public func gaps(for needs: [PolicyGrant]) -> [AccessGap] {
        var order: [AccessGap.Target] = []
        var wanted: [AccessGap.Target: Set<FHIRInteraction>] = [:]
        for need in needs {
            let target = AccessGap.Target(resourceType: need.resourceType, criteria: need.criteria)
            if wanted[target] == nil { order.append(target) }
            wanted[target, default: []].formUnion(need.granted)
        }
        return order.compactMap { target in
            let granted = interactions(on: target.resourceType, criteria: target.criteria)
            let needed = wanted[target] ?? []
            guard !needed.isSubset(of: granted) else { return nil }
            return AccessGap(target: target, needed: needed.sorted(), granted: granted.intersection(needed).sorted())
        }
    }
}

/// Interactions a Role needs on a resource type that the live policies do not grant.
public struct AccessGap: Sendable, Hashable {
    public struct Target: Sendable, Hashable {
        public var resourceType: String
        public var criteria: String?

        /// `Observation` or `Observation?status=final`.
        public var label: String { criteria ?? resourceType }
    }

    public var target: Target
    public var needed: [FHIRInteraction]
    /// Those of `needed` that are granted.
    public var granted: [FHIRInteraction]

    public var missing: [FHIRInteraction] { needed.filter { !granted.contains($0) } }
}
