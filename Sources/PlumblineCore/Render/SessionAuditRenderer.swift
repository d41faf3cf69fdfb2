import Foundation

/// Renders a session audit for people (text, Markdown) and machines (DESIGN §3's sessions JSON).
public enum SessionAuditRenderer {
    /// `{"formatVersion":1,"sessions":[{"system","member","sessionId","reasons","startedAt","lastActiveAt","revoked"}]}`
    /// with every session read, compliant ones with empty `reasons`.
    public static func json(_ audit: SessionAudit) -> String {
        struct Entry: Encodable {
            let system: ManagedSystem
            let member: String
            let sessionId: String
            let reasons: [SessionReason]
            let startedAt: String
            let lastActiveAt: String
            let revoked: Bool
        }
        struct Document: Encodable {
            let formatVersion = 1
            let sessions: [Entry]
        }
        let entries = audit.verdicts.map { verdict in
            Entry(
                system: verdict.session.holder.system, member: verdict.session.holder.member, sessionId: verdict.session.sessionId,
                reasons: verdict.reasons, startedAt: Timestamps.iso(verdict.session.startedAt), lastActiveAt: Timestamps.iso(verdict.session.lastActiveAt),
                revoked: audit.revocation(of: verdict.session) == .revoked
            )
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(Document(sessions: entries))) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    public static func text(_ audit: SessionAudit) -> String {
        var lines = [heading(audit), summary(audit)]
        let flagged = audit.flagged
        if !flagged.isEmpty { lines.append("") }
        for verdict in flagged {
            let session = verdict.session
            lines.append("  \(session.holder.system.rawValue) \(session.holder.member) session \(session.sessionId): \(reasons(verdict))")
            lines.append("      started \(Timestamps.iso(session.startedAt)), last active \(Timestamps.iso(session.lastActiveAt))\(outcome(audit, session).map { "; \($0)" } ?? "")")
        }
        if !flagged.isEmpty && audit.revocations.isEmpty {
            lines += ["", "run plumbline sessions --revoke to end the flagged sessions (or set onViolation: revoke)"]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func markdown(_ audit: SessionAudit) -> String {
        var lines = ["### plumbline sessions — `\(audit.environment)`", "", heading(audit), "", summary(audit)]
        let flagged = audit.flagged
        if !flagged.isEmpty {
            lines += ["", "| System | Member | Session | Reasons | Started | Last active | Revoked |", "| --- | --- | --- | --- | --- | --- | --- |"]
            for verdict in flagged {
                let session = verdict.session
                let revoked = outcome(audit, session) ?? "no"
                lines.append("| \(session.holder.system.rawValue) | \(cell(session.holder.member)) | `\(session.sessionId)` | \(reasons(verdict)) | \(Timestamps.iso(session.startedAt)) | \(Timestamps.iso(session.lastActiveAt)) | \(cell(revoked)) |")
            }
        }
        if !audit.notes.isEmpty { lines += [""] + audit.notes.map { "> **Note:** \($0)" } }
        return lines.joined(separator: "\n") + "\n"
    }

    static func heading(_ audit: SessionAudit) -> String {
        let policy = audit.limits.name.map { "SessionPolicy '\($0)' (\(audit.limits.summary))" } ?? "no SessionPolicy (only expired sessions and offboarded people are flagged)"
        return "Session audit of environment '\(audit.environment)' against \(policy)"
    }

    public static func summary(_ audit: SessionAudit) -> String {
        var scope: [String] = []
        if let members = audit.stytchMembersRead {
            let sessions = audit.verdicts.filter { $0.session.holder.system == .stytch }.count
            scope.append("\(sessions) Stytch session\(sessions == 1 ? "" : "s") of \(members) member\(members == 1 ? "" : "s")")
        }
        if let logins = audit.medplumLoginsRead { scope.append("\(logins) Medplum login\(logins == 1 ? "" : "s")") }
        var text = "\(audit.flagged.count) of \(audit.verdicts.count) session\(audit.verdicts.count == 1 ? "" : "s") flagged"
        if !scope.isEmpty { text += " (\(scope.joined(separator: ", ")))" }
        if !audit.revocations.isEmpty {
            text += "; \(audit.revokedCount) revoked and verified"
            if audit.failedRevocations > 0 { text += ", \(audit.failedRevocations) NOT revoked" }
        }
        return text
    }

    static func reasons(_ verdict: SessionVerdict) -> String {
        verdict.reasons.map(\.rawValue).joined(separator: ", ")
    }

    static func outcome(_ audit: SessionAudit, _ session: ObservedSession) -> String? {
        switch audit.revocation(of: session) {
        case .revoked: "revoked"
        case .failed(let message): "NOT revoked: \(message)"
        case nil: nil
        }
    }

    static func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
}

/// Instants as reports write them: RFC 3339 in UTC, to the second.
enum Timestamps {
    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
