/// Which unmanaged live objects a plan may take over (Terraform's import blocks): an unmanaged
/// object in the way of a declared one is a conflict unless its key is in scope, and then the
/// plan updates it to what the manifests say and writes plumbline's marker on it.
public struct AdoptionScope: Sendable, Hashable {
    private let everything: Bool
    private let keys: Set<ResourceKey>

    private init(everything: Bool, keys: Set<ResourceKey>) {
        self.everything = everything
        self.keys = keys
    }

    /// Adopt nothing: every unmanaged object in the way is a conflict (the default).
    public static let none = AdoptionScope(everything: false, keys: [])
    /// Adopt every unmanaged object in the way of a declared one (`--adopt`).
    public static let all = AdoptionScope(everything: true, keys: [])

    /// Adopt exactly these objects (the `Adoption` manifests).
    public static func only(_ keys: Set<ResourceKey>) -> AdoptionScope {
        AdoptionScope(everything: false, keys: keys)
    }

    public func includes(_ key: ResourceKey) -> Bool { everything || keys.contains(key) }

    /// Both scopes together.
    public func union(_ other: AdoptionScope) -> AdoptionScope {
        AdoptionScope(everything: everything || other.everything, keys: keys.union(other.keys))
    }

    /// The field an adoption adds to a change: the marker, absent before, present after.
    static let markerField = FieldChange("managed", before: .bool(false), after: .bool(true))
    /// Why an adopted object's change is planned, for reviewers.
    static let reason = "adopt: write plumbline's marker on an object made outside plumbline"
}

extension AdoptionScope {
    /// `change` as the adoption of its object: the marker field first, the adoption in its reason.
    static func adopting(_ change: Change) -> Change {
        Change(
            change.resource, change.action, fields: [markerField] + change.fields, escalations: change.escalations,
            reason: change.reason.map { "\(reason); \($0)" } ?? reason, person: change.person, target: change.target,
            summary: change.summary
        )
    }
}

extension AdoptionScope {
    /// Live objects by manifest key: those carrying the marker, and the unmanaged ones in the
    /// way of a key the manifests declare (`declares`) that this scope adopts (the first such
    /// object per key).
    func managed<Object>(
        _ objects: [Object], kind: ResourceKind, declares: (String) -> Bool,
        marker: (Object) -> String?, key: (Object) -> String?
    ) -> [String: Object] {
        managedPositions(objects, kind: kind, declares: declares, marker: marker, key: key).mapValues { objects[$0] }
    }

    /// The same objects' positions in `objects`: for tens of thousands of people, what the
    /// planner keeps instead of a copy of each.
    func managedPositions<Object>(
        _ objects: [Object], kind: ResourceKind, declares: (String) -> Bool,
        marker: (Object) -> String?, key: (Object) -> String?
    ) -> [String: Int] {
        var result: [String: Int] = [:]
        result.reserveCapacity(objects.count)
        var unmarked: [Int] = []
        for position in objects.indices {
            if let marker = marker(objects[position]) {
                if result[marker] == nil { result[marker] = position }
            } else {
                unmarked.append(position)
            }
        }
        for position in unmarked {
            guard let key = key(objects[position]), result[key] == nil, declares(key), includes(ResourceKey(kind.system, kind, key)) else { continue }
            result[key] = position
        }
        return result
    }
}
