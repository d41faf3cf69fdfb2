/// One step of the troubleshooting guide, as `plumbline doctor` reports it: whether it passed,
/// what was observed, and what to do about a failure.
public struct DoctorCheck: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable {
        case pass, fail, skipped
    }

    /// Stable id, e.g. `access-policies`: what scripts and tests match on.
    public let id: String
    public let title: String
    public let status: Status
    /// What the server or the manifests showed; for a skipped check, why it could not run.
    public let observed: String
    /// What to do, in the guide's spirit; nil when the check passed or was skipped.
    public let remedy: String?

    public init(id: String, title: String, status: Status, observed: String, remedy: String? = nil) {
        self.id = id
        self.title = title
        self.status = status
        self.observed = observed
        self.remedy = status == .fail ? remedy : nil
    }

    static func pass(_ id: CheckID, _ observed: String, title: String? = nil) -> DoctorCheck {
        DoctorCheck(id: id.rawValue, title: title ?? id.title, status: .pass, observed: observed)
    }

    static func fail(_ id: CheckID, _ observed: String, remedy: String, title: String? = nil) -> DoctorCheck {
        DoctorCheck(id: id.rawValue, title: title ?? id.title, status: .fail, observed: observed, remedy: remedy)
    }

    static func skipped(_ id: CheckID, _ why: String) -> DoctorCheck {
        DoctorCheck(id: id.rawValue, title: id.title, status: .skipped, observed: why)
    }
}

/// The checks, in the order the guide walks them.
public enum CheckID: String, Sendable, CaseIterable {
    case medplumReachable = "medplum-reachable"
    case medplumCredentials = "medplum-credentials"
    case stytchCredentials = "stytch-credentials"
    case personDeclared = "person-declared"
    case medplumMembership = "medplum-membership"
    case accessPolicies = "access-policies"
    case stytchMembership = "stytch-membership"
    case sessions = "sessions"
    case cors = "cors"

    public var title: String {
        switch self {
        case .medplumReachable: "Medplum is reachable"
        case .medplumCredentials: "plumbline's Medplum credentials are valid"
        case .stytchCredentials: "plumbline's Stytch credentials are valid"
        case .personDeclared: "the person is declared and active"
        case .medplumMembership: "their Medplum membership is present and active"
        case .accessPolicies: "their access policies grant what their roles need"
        case .stytchMembership: "their Stytch member is active with the declared roles"
        case .sessions: "their sessions are within the session policy"
        case .cors: "the server accepts the environment's origins (CORS)"
        }
    }

    /// The membership checks' title for someone the manifests took access from (offboarded, or
    /// past `expires`): what passes is then the access being gone.
    var withdrawnTitle: String {
        switch self {
        case .medplumMembership: "their Medplum membership no longer lets them in"
        case .stytchMembership: "their Stytch members no longer let them in"
        default: title
        }
    }

    /// Why a check that depends on this one did not run.
    var failedPrerequisite: String { "not checked: \(rawValue) did not pass" }
}

/// Every check for one person, in order.
public struct DoctorReport: Sendable, Hashable, Codable {
    public var formatVersion = 1
    public var user: String
    public var environment: String
    public var checks: [DoctorCheck]

    public init(user: String, environment: String, checks: [DoctorCheck]) {
        self.user = user
        self.environment = environment
        self.checks = checks
    }

    public var failed: [DoctorCheck] { checks.filter { $0.status == .fail } }

    public func check(_ id: CheckID) -> DoctorCheck? { checks.first { $0.id == id.rawValue } }
}
