import Foundation
import PlumblineCore
import PlumblineHTTP
import PlumblineMedplum
import PlumblineStytch

/// The session audit (DESIGN §1): what `plumbline sessions` runs, what `doctor` runs for one
/// person and what a job's sessions step runs. Reads every member's Stytch sessions (one listing
/// per member, concurrently under the shared transport's rate limiter) and, with super-admin
/// credentials, the people's Medplum Logins; judges them with the core's session rules at the
/// runtime's clock; ends the flagged ones when asked, verifying each by reading back.
struct SessionAuditOperation {
    var limits: SessionLimits
    /// End the flagged sessions (`--revoke`, a job's `sessions.revoke`, or `onViolation: revoke`).
    var revoke: Bool
    /// Audit only this person's sessions (lower-cased e-mail); nil audits everyone.
    var person: String?
    /// Listings in flight at once; the transport's per-server gate bounds them too.
    var concurrency = 8

    init(limits: SessionLimits, revoke: Bool, person: String? = nil) {
        self.limits = limits
        self.revoke = revoke || limits.onViolation == .revoke
        self.person = person?.lowercased()
    }

    /// The sessions of the members in `stytch` and the memberships in `medplum` (pass nil for a
    /// system the environment does not declare; Medplum is skipped, with a note, when no
    /// super-admin credentials are configured).
    func run(_ context: CommandContext, _ sessions: Sessions, stytch: StytchLiveState?, medplum: MedplumLiveState?) async throws -> SessionAudit {
        let standing = SessionStanding(manifests: context.manifests, today: context.today)
        var observed: [ObservedSession] = []
        var offboarded: Set<SessionHolder> = []
        var notes: [String] = []

        let members = (stytch?.members ?? []).filter { person == nil || $0.email == person }
        let membersByHolder = Dictionary(members.map { (SessionHolder(.stytch, $0.key), $0) }, uniquingKeysWith: { first, _ in first })
        var stytchMembersRead: Int?
        if let client = sessions.stytch, stytch != nil {
            let progress = ProgressLine(total: members.count, label: "reading sessions of members")
            defer { progress.finish() }
            observed += try await StytchSessions(client: client).list(members, concurrency: concurrency) { progress.advance() }
            stytchMembersRead = members.count
            for (holder, member) in membersByHolder where standing.isOffboarded(stytchMember: member.email, slug: member.slug, managed: member.managed) {
                offboarded.insert(holder)
            }
        }

        var medplumLoginsRead: Int?
        var logins: (reader: MedplumLogins, snapshot: MedplumLogins.Snapshot)?
        if let connection = context.environment.medplum {
            if let superAdmin = connection.asSuperAdmin, let medplum {
                let memberships = medplum.memberships.filter { person == nil || $0.personKey == person }
                let reader = MedplumLogins(superAdmin: MedplumClient(connection: superAdmin, transport: sessions.transport))
                let snapshot = try await readLogins(reader, memberships)
                observed += snapshot.sessions
                medplumLoginsRead = snapshot.sessions.count
                logins = (reader, snapshot)
                for membership in memberships where standing.isOffboarded(medplumMember: membership.personKey, managed: membership.managedKey != nil) {
                    offboarded.insert(SessionHolder(.medplum, membership.personKey))
                }
            } else if connection.superAdmin == nil {
                notes.append(Self.loginsNotAudited(environment: context.environment.name))
            }
        }

        let verdicts = SessionRules.judge(observed, limits: limits, now: Runtime.current.now(), offboarded: offboarded)
        var audit = SessionAudit(
            environment: context.environment.name, limits: limits, verdicts: verdicts,
            stytchMembersRead: stytchMembersRead, medplumLoginsRead: medplumLoginsRead, notes: notes
        )
        if revoke {
            audit.revocations = await end(audit.flagged.map(\.session), sessions: sessions, members: membersByHolder, logins: logins)
        }
        return audit
    }

    /// Said once, whenever Medplum is declared without `medplum.superAdmin`.
    static func loginsNotAudited(environment: String) -> String {
        "Medplum logins were not audited: environment '\(environment)' has no medplum.superAdmin credentials, and only a super admin may read Login resources (contract 4.6); add medplum.superAdmin to audit them"
    }

    private func readLogins(_ reader: MedplumLogins, _ memberships: [LiveMembership]) async throws -> MedplumLogins.Snapshot {
        do {
            return try await reader.read(for: memberships)
        } catch let error as MedplumError where error.category == .credentials {
            throw LoginsUnreadable(error: error)
        }
    }

    /// The super-admin credentials were refused: said apart from plumbline's project-admin ones.
    struct LoginsUnreadable: Error, CustomStringConvertible {
        let error: MedplumError

        var description: String {
            "\(error.description); Medplum logins are read with medplum.superAdmin: check its clientId and clientSecret, and that the client belongs to a super-admin project"
        }
    }

    /// Ends each session and confirms it is gone; never throws — a failure is that session's outcome.
    private func end(
        _ flagged: [ObservedSession], sessions: Sessions, members: [SessionHolder: LiveMember],
        logins: (reader: MedplumLogins, snapshot: MedplumLogins.Snapshot)?
    ) async -> [SessionAudit.SessionKey: SessionAudit.Revocation] {
        let outcomes = (try? await BoundedConcurrency.map(flagged, limit: concurrency) { session -> (SessionAudit.SessionKey, SessionAudit.Revocation) in
            let key = SessionAudit.SessionKey(session.holder.system, session.sessionId)
            do {
                switch session.holder.system {
                case .stytch:
                    guard let client = sessions.stytch, let member = members[session.holder] else { return (key, .failed("no Stytch client")) }
                    try await StytchSessions(client: client).revoke(session.sessionId, of: member)
                case .medplum:
                    guard let logins else { return (key, .failed("Medplum logins were not read")) }
                    try await logins.reader.revoke(session.sessionId, in: logins.snapshot)
                }
                return (key, .revoked)
            } catch {
                return (key, .failed(sessions.transport.redactor.redact(String(describing: error))))
            }
        }) ?? []
        return Dictionary(outcomes, uniquingKeysWith: { first, _ in first })
    }
}
