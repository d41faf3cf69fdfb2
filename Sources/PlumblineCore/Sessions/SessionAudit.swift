import Foundation

/// The result of a session audit: every session read with its verdict, what revocation did to
/// the flagged ones, and what could not be audited.
public struct SessionAudit: Sendable {
    /// What happened when a flagged session was to be ended.
    public enum Revocation: Sendable, Hashable {
        /// Ended, and a read-back no longer shows it.
        case revoked
        /// Not ended (or not confirmed ended): what failed, without any credential.
        case failed(String)
    }

    /// A session is told apart by its system and id.
    public struct SessionKey: Sendable, Hashable {
        public var system: ManagedSystem
        public var sessionId: String

        public init(_ system: ManagedSystem, _ sessionId: String) {
            self.system = system
            self.sessionId = sessionId
        }
    }

    public var environment: String
    public var limits: SessionLimits
    /// Sorted by holder, then start.
    public var verdicts: [SessionVerdict]
    /// Outcomes of the revocations attempted, by session.
    public var revocations: [SessionKey: Revocation]
    /// Stytch members whose sessions were listed; nil when Stytch was not audited.
    public var stytchMembersRead: Int?
    /// Medplum Logins read; nil when Medplum logins were not audited.
    public var medplumLoginsRead: Int?
    /// What was not audited and why, said once (e.g. no super-admin credentials for Logins).
    public var notes: [String]

    public init(
        environment: String, limits: SessionLimits, verdicts: [SessionVerdict], revocations: [SessionKey: Revocation] = [:],
        stytchMembersRead: Int?, medplumLoginsRead: Int?, notes: [String] = []
    ) {
        self.environment = environment
        self.limits = limits
        self.verdicts = verdicts
        self.revocations = revocations
        self.stytchMembersRead = stytchMembersRead
        self.medplumLoginsRead = medplumLoginsRead
        self.notes = notes
    }

    public var flagged: [SessionVerdict] { verdicts.filter(\.isFlagged) }

    public func revocation(of session: ObservedSession) -> Revocation? {
        revocations[SessionKey(session.holder.system, session.sessionId)]
    }

    /// Flagged sessions whose revocation was attempted and did not hold.
    public var failedRevocations: Int {
        revocations.values.filter { if case .failed = $0 { true } else { false } }.count
    }

    public var revokedCount: Int { revocations.values.filter { $0 == .revoked }.count }

    /// Flagged sessions by reason, and `flagged` in total: a job's counts and metrics.
    public var counts: [String: Int] {
        var counts = ["flagged": flagged.count, "revoked": revokedCount]
        for reason in SessionReason.allCases {
            counts[reason.rawValue] = flagged.filter { $0.reasons.contains(reason) }.count
        }
        return counts
    }
}
