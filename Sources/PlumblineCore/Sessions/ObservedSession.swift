import Foundation

/// Whose session it is, in DESIGN §3's keys: a Stytch member as `slug/email`, a Medplum
/// membership as the lower-cased e-mail.
public struct SessionHolder: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var system: ManagedSystem
    public var member: String

    public init(_ system: ManagedSystem, _ member: String) {
        self.system = system
        self.member = member
    }

    public var description: String { "\(system.rawValue) \(member)" }

    public static func < (lhs: SessionHolder, rhs: SessionHolder) -> Bool {
        (lhs.system, lhs.member) < (rhs.system, rhs.member)
    }
}

/// One live session as a provider read it: a Stytch member session or a Medplum `Login`.
public struct ObservedSession: Sendable, Hashable {
    public var holder: SessionHolder
    /// `member_session_id`, or the Login's id.
    public var sessionId: String
    public var startedAt: Date
    /// Stytch's `last_accessed_at`; for a Login, its last update (a token refresh writes one).
    public var lastActiveAt: Date
    /// Stytch's `expires_at`; nil for a Login, which records no expiry of its own.
    public var expiresAt: Date?

    public init(holder: SessionHolder, sessionId: String, startedAt: Date, lastActiveAt: Date, expiresAt: Date?) {
        self.holder = holder
        self.sessionId = sessionId
        self.startedAt = startedAt
        self.lastActiveAt = lastActiveAt
        self.expiresAt = expiresAt
    }
}

/// Why a session breaks the policy (DESIGN §3's `reasons`), in the order they are reported.
public enum SessionReason: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case expired
    case idle
    case overAge = "over-age"
    case offboarded
    case overLimit = "over-limit"

    public static func < (lhs: SessionReason, rhs: SessionReason) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}

/// A session and what the policy says about it.
public struct SessionVerdict: Sendable, Hashable {
    public var session: ObservedSession
    /// Empty when the session is within policy.
    public var reasons: [SessionReason]

    public init(session: ObservedSession, reasons: [SessionReason]) {
        self.session = session
        self.reasons = reasons
    }

    public var isFlagged: Bool { !reasons.isEmpty }
}
