/// Applies `DriftAcknowledgement`s to findings: an active one suppresses what it covers, an
/// expired one lets the finding through marked as such, and both kinds are reported when they
/// no longer match anything (the difference went away, so the acknowledgement should too).
public enum Acknowledgements {
    public static func apply(
        _ findings: [DriftFinding], _ acknowledgements: [DriftAcknowledgementManifest], today: CalendarDate
    ) -> (reported: [DriftFinding], acknowledged: [AcknowledgedFinding], warnings: [String]) {
        var reported: [DriftFinding] = []
        var acknowledged: [AcknowledgedFinding] = []
        var used: Set<String> = []
        for finding in findings {
            let covering = acknowledgements.filter { $0.covers(finding.resource, finding.type) }
            covering.forEach { used.insert($0.name.value) }
            if let active = covering.first(where: { $0.isActive(on: today) }) {
                acknowledged.append(AcknowledgedFinding(finding: finding, acknowledgement: active.name.value, reason: active.reason.value, until: active.until.value))
            } else {
                var finding = finding
                finding.expiredAcknowledgement = covering.first?.name.value
                reported.append(finding)
            }
        }
        var warnings: [String] = []
        for acknowledgement in acknowledgements {
            let subject = "DriftAcknowledgement '\(acknowledgement.name.value)' (\(acknowledgement.location))"
            let matched = used.contains(acknowledgement.name.value)
            if !acknowledgement.isActive(on: today) {
                warnings.append(matched
                    ? "\(subject) expired on \(acknowledgement.until.value), so the drift on \(acknowledgement.object.value) is reported again; fix the drift, or renew 'until' if the reason still holds"
                    : "\(subject) expired on \(acknowledgement.until.value) and matches no drift any more; remove it")
            } else if !matched {
                // Drift of another type on the same object is not what was acknowledged: saying the
                // object "no longer differs" would hide it.
                let otherTypes = Set(findings.filter { $0.resource == acknowledgement.object.value }.map(\.type))
                if let type = acknowledgement.type?.value, !otherTypes.isEmpty {
                    let found = DriftType.allCases.filter(otherTypes.contains).map(\.rawValue).joined(separator: ", ")
                    warnings.append("\(subject) covers \(type.rawValue) drift, but \(acknowledgement.object.value) shows \(found) drift, which it does not cover; change its 'type' if that drift is the one to accept")
                } else {
                    warnings.append("\(subject) matches no drift: \(acknowledgement.object.value) no longer differs from the manifests; remove it")
                }
            }
        }
        return (reported, acknowledged, warnings)
    }
}
