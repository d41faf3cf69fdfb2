extension Diagnostic.Code {
    static let acknowledgesNothing = Self("acknowledges-nothing")
    static let repeatedAcknowledgement = Self("repeated-acknowledgement")
    static let adoptsNothing = Self("adopts-nothing")
}

/// An acknowledgement of `changed` or `missing` drift must name an object the manifests declare
/// (only declared objects can change or go missing), and one object's drift is acknowledged once.
/// Whether an acknowledgement still matches live drift is only known when `drift` runs, which
/// reports those that match nothing.
struct AcknowledgementRule: ValidationRule {
    let id = "acknowledgements"
    let summary = "drift acknowledgements must name declared objects, once each"

    func check(_ manifests: ManifestSet) -> [Diagnostic] {
        // Indexing every declared object costs more than the rest of the rule: only when needed.
        guard !manifests.driftAcknowledgements.isEmpty else { return [] }
        let declared = DeclaredObjects(manifests)
        var diagnostics: [Diagnostic] = []
        var seen: [String: DriftAcknowledgementManifest] = [:]
        for acknowledgement in manifests.driftAcknowledgements {
            let object = acknowledgement.object
            let subject = "DriftAcknowledgement '\(acknowledgement.name.value)'"
            if let type = acknowledgement.type?.value, type != .unmanaged, DeclaredObjects.isCheckable(object.value.kind), !declared.declares(object.value) {
                diagnostics.append(Diagnostic(
                    .warning, .acknowledgesNothing, at: object.location,
                    "\(subject) acknowledges \(type.rawValue) drift on \(object.value), which no manifest declares, so it matches nothing; fix the key or remove the acknowledgement"
                ))
            }
            let identity = "\(object.value)|\(acknowledgement.type?.value.rawValue ?? "*")"
            if let first = seen[identity] {
                diagnostics.append(Diagnostic(
                    .warning, .repeatedAcknowledgement, at: object.location,
                    "\(subject) acknowledges the same drift on \(object.value) as DriftAcknowledgement '\(first.name.value)' (\(first.location)); keep one of them"
                ))
            } else {
                seen[identity] = acknowledgement
            }
        }
        return diagnostics
    }
}

/// An adoption takes over the live object a manifest declares; an entry no manifest declares, or
/// a kind that cannot be adopted, would silently do nothing, so it is an error.
struct AdoptionRule: ValidationRule {
    let id = "adoptions"
    let summary = "adoptions must name declared organizations, members, policies, memberships or clients"

    func check(_ manifests: ManifestSet) -> [Diagnostic] {
        guard !manifests.adoptions.isEmpty else { return [] }
        let declared = DeclaredObjects(manifests)
        return manifests.adoptions.flatMap { adoption in
            adoption.objects.compactMap { object -> Diagnostic? in
                let subject = "Adoption '\(adoption.name.value)'"
                guard DeclaredObjects.isCheckable(object.value.kind) else {
                    return Diagnostic(.error, .adoptsNothing, at: object.location, "\(subject) lists \(object.value), but \(object.value.kind.rawValue) objects carry no marker and cannot be adopted; remove the entry")
                }
                guard !declared.declares(object.value) else { return nil }
                return Diagnostic(.error, .adoptsNothing, at: object.location, "\(subject) lists \(object.value), which no manifest declares, so there is nothing to adopt it as; declare it or remove the entry")
            }
        }
    }
}
