/// Field-level differences between two lists of AccessPolicy entries, and whether the new list
/// grants more than the old one.
enum PolicyGrantDiff {
    /// Entries are matched by label (`Observation` or its criteria); a repeated label is numbered.
    static func fields(from live: [PolicyGrant], to desired: [PolicyGrant]) -> [FieldChange] {
        let before = labelled(live), after = labelled(desired)
        var fields: [FieldChange] = []
        for (label, grant) in after {
            guard let old = before.first(where: { $0.label == label })?.grant else {
                fields.append(FieldChange("resource[\(label)]", before: nil, after: grant.medplumJSON))
                continue
            }
            fields += entryFields(label, old, grant)
        }
        for (label, grant) in before where !after.contains(where: { $0.label == label }) {
            fields.append(FieldChange("resource[\(label)]", before: grant.medplumJSON, after: nil))
        }
        return fields
    }

    /// Why `desired` grants more than `live`, one phrase per widening.
    static func escalations(from live: [PolicyGrant], to desired: [PolicyGrant]) -> [String] {
        let before = labelled(live)
        return labelled(desired).flatMap { label, grant -> [String] in
            guard let old = before.first(where: { $0.label == label })?.grant else {
                return ["grants \(describe(grant.granted)) on \(label)"]
            }
            var reasons: [String] = []
            let added = grant.granted.subtracting(old.granted)
            if !added.isEmpty { reasons.append("grants \(describe(added)) on \(label)") }
            let unhidden = Set(old.hiddenFields).subtracting(grant.hiddenFields)
            if !unhidden.isEmpty { reasons.append("reveals \(unhidden.sorted().joined(separator: ", ")) of \(label)") }
            let writable = Set(old.readonlyFields).subtracting(grant.readonlyFields)
            if !writable.isEmpty { reasons.append("makes \(writable.sorted().joined(separator: ", ")) of \(label) writable") }
            return reasons
        }
    }

    private static func entryFields(_ label: String, _ old: PolicyGrant, _ new: PolicyGrant) -> [FieldChange] {
        var fields: [FieldChange] = []
        func compare(_ name: String, _ before: JSONValue?, _ after: JSONValue?) {
            if before != after { fields.append(FieldChange("resource[\(label)].\(name)", before: before, after: after)) }
        }
        compare("interaction", old.interactions.map { .array($0.map { .string($0.rawValue) }) }, new.interactions.map { .array($0.map { .string($0.rawValue) }) })
        compare("readonly", old.readonly.map(JSONValue.bool), new.readonly.map(JSONValue.bool))
        compare("hiddenFields", strings(old.hiddenFields), strings(new.hiddenFields))
        compare("readonlyFields", strings(old.readonlyFields), strings(new.readonlyFields))
        return fields
    }

    private static func strings(_ values: [String]) -> JSONValue? {
        values.isEmpty ? nil : .array(values.map(JSONValue.string))
    }

    private static func labelled(_ grants: [PolicyGrant]) -> [(label: String, grant: PolicyGrant)] {
        var seen: [String: Int] = [:]
        return grants.map { grant in
            let count = seen[grant.label, default: 0] + 1
            seen[grant.label] = count
            return (count == 1 ? grant.label : "\(grant.label)#\(count)", grant)
        }
    }

    private static func describe(_ interactions: Set<FHIRInteraction>) -> String {
        interactions == Set(FHIRInteraction.allCases) ? "every interaction" : interactions.sorted().map(\.rawValue).joined(separator: ", ")
    }
}
