/// Guide §2 and §6 ("No access token found", "Invalid or expired access token") and the session
/// policy: the person's live sessions, judged as `plumbline sessions` judges them.
enum SessionCheck {
    static func check(_ inputs: DoctorInputs) -> DoctorCheck {
        let audit: SessionAudit
        switch inputs.sessions {
        case .notConfigured(let why): return .skipped(.sessions, why)
        case .notAttempted: return .skipped(.sessions, CheckID.stytchCredentials.failedPrerequisite)
        case .failed(let message, let category):
            let remedy = category == .credentials
                ? "check the credentials named in the message (medplum.superAdmin for Medplum logins)"
                : "try again once the server answers"
            return .fail(.sessions, "the sessions could not be read: \(message)", remedy: remedy)
        case .observed(let value): audit = value
        }
        let notes = audit.notes.isEmpty ? "" : "; " + audit.notes.joined(separator: "; ")
        let policy = audit.limits.name.map { "SessionPolicy '\($0)'" } ?? "no SessionPolicy"
        guard !audit.verdicts.isEmpty else {
            return .pass(.sessions, "no live session: the person has to sign in again (guide: \"No access token found\")\(notes)")
        }
        let flagged = audit.flagged
        guard !flagged.isEmpty else {
            return .pass(.sessions, "\(audit.verdicts.count) live session(s), all within \(policy)\(notes)")
        }
        let details = flagged.map { verdict in
            "\(verdict.session.holder.system.rawValue) \(verdict.session.holder.member) session \(verdict.session.sessionId): \(verdict.reasons.map(\.rawValue).joined(separator: ", "))"
        }
        return .fail(
            .sessions, "\(flagged.count) of \(audit.verdicts.count) session(s) break \(policy): \(details.joined(separator: "; "))\(notes)",
            remedy: "run plumbline sessions --revoke to end them; the person then signs in again, which starts sessions within the policy"
        )
    }
}
