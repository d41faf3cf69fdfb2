import Foundation

/// Compares what the servers hold with what the manifests declare and classifies every
/// difference (DESIGN §3). A pure function of desired and live state, like the planners, whose
/// diffs it reuses: a managed object's field-level difference is exactly the change plan would
/// make, turned around.
///
/// `missing` needs evidence that plumbline managed the object, since nothing is left of it on the
/// server to carry a marker. The evidence is, from strongest to weakest: a deleted Stytch member
/// that still carries the marker; the `_history` of a Medplum id some membership still refers to,
/// whose versions carry the marker with the object's key; and, for everything else, that
/// plumbline manages the environment (some live object carries its marker), so a declared object
/// absent from it was removed behind plumbline's back or never applied. A project plumbline has
/// never applied reports nothing missing: everything declared is simply still to create.
public struct DriftDetector: Sendable {
    public struct MedplumSide: Sendable {
        public var desired: MedplumDesiredState
        /// Declared people whose roles give no Medplum access.
        public var withoutAccess: [String]
        public var live: MedplumLiveState
        /// Managed objects known deleted from their history.
        public var deleted: [DeletedObject]

        public init(desired: MedplumDesiredState, withoutAccess: [String], live: MedplumLiveState, deleted: [DeletedObject] = []) {
            self.desired = desired
            self.withoutAccess = withoutAccess
            self.live = live
            self.deleted = deleted
        }
    }

    public struct StytchSide: Sendable {
        public var desired: StytchDesiredState
        public var live: StytchLiveState

        public init(desired: StytchDesiredState, live: StytchLiveState) {
            self.desired = desired
            self.live = live
        }
    }

    let medplum: MedplumSide?
    let stytch: StytchSide?

    public init(medplum: MedplumSide?, stytch: StytchSide?) {
        self.medplum = medplum
        self.stytch = stytch
    }

    /// Every finding, in no particular order (the report sorts them).
    public func findings() -> [DriftFinding] {
        medplumFindings() + stytchFindings()
    }

    /// Whether plumbline has applied this environment: some live object carries its marker.
    public var environmentIsManaged: Bool {
        if let live = medplum?.live,
           live.policies.contains(where: { $0.managedKey != nil }) || live.memberships.contains(where: { $0.managedKey != nil })
            || live.clients.contains(where: { $0.managedKey != nil }) {
            return true
        }
        if let live = stytch?.live, live.organizations.contains(where: \.managed) || live.members.contains(where: \.managed) {
            return true
        }
        return false
    }

    /// What a missing object's finding says when the only evidence is the managed environment.
    static let absentDetail = "declared, but not on the server although plumbline manages this environment: it was removed outside plumbline, or a change never applied; apply creates it again"

    /// An adoption change (the planner ran with every unmanaged object in scope): the object is
    /// declared, live, and not plumbline's.
    static func isAdoption(_ change: Change) -> Bool {
        change.fields.first == AdoptionScope.markerField
    }

    static let adoptableDetail = "declared in the manifests, but the live object was made outside plumbline and carries no marker, so plumbline leaves it alone; adopt it with 'plumbline apply --adopt' or an Adoption manifest"
    static let undeclaredManagedDetail = "carries plumbline's marker, but no manifest declares it any more; 'plumbline plan --prune' removes it"
    static let outsideDetail = "made outside plumbline (e.g. in a console) and declared by no manifest; declare it, or remove it from the server"
}

extension DriftDetector {
    /// Ids of AccessPolicies that memberships (people's or clients') still refer to but that are
    /// not on the server any more: their history says whether plumbline managed them.
    public static func danglingPolicyIds(in live: MedplumLiveState) -> [String] {
        let existing = Set(live.policies.map(\.id))
        let referenced = (live.memberships + live.clients.compactMap(\.membership)).flatMap(\.policyIds)
        var seen: Set<String> = []
        return referenced.filter { !existing.contains($0) && seen.insert($0).inserted }
    }

    /// The findings whose Medplum history may tell who introduced the difference: managed
    /// objects that changed.
    public static func historyCandidates(_ findings: [DriftFinding]) -> [DriftFinding] {
        findings.filter { $0.type == .changed && $0.resource.system == .medplum && $0.liveId != nil && $0.resource.kind.fhirType != nil }
    }
}
