import Foundation

/// What one read or probe of the doctor produced.
public enum Probe<Value: Sendable>: Sendable {
    /// The environment does not configure it (no Medplum, no Stytch, no super admin): why.
    case notConfigured(String)
    /// Not attempted because a check it depends on failed.
    case notAttempted
    /// Attempted and failed: what failed, without credentials, and its exit-code category.
    case failed(String, FailureCategory)
    case observed(Value)

    public var value: Value? { if case .observed(let value) = self { value } else { nil } }
}

/// What `GET /healthcheck` answered (contract 7).
public struct MedplumHealth: Sendable, Hashable {
    public var status: Int
    public var body: JSONValue?

    public init(status: Int, body: JSONValue?) {
        self.status = status
        self.body = body
    }
}

/// What a CORS preflight from one origin was answered (DESIGN §4).
public struct PreflightObservation: Sendable, Hashable {
    public var origin: String
    public var status: Int
    public var allowOrigin: String?
    public var allowCredentials: Bool
    /// Whether a browser on `origin` may call the API with credentials.
    public var allowed: Bool

    public init(origin: String, status: Int, allowOrigin: String?, allowCredentials: Bool, allowed: Bool) {
        self.origin = origin
        self.status = status
        self.allowOrigin = allowOrigin
        self.allowCredentials = allowCredentials
        self.allowed = allowed
    }
}

/// Everything the doctor observed for one person: the manifests and what the servers showed.
/// The CLI gathers it; `Doctor.examine` turns it into checks without any I/O.
public struct DoctorInputs: Sendable {
    /// Lower-cased.
    public var email: String
    public var environment: String
    public var manifests: ManifestSet
    public var today: CalendarDate
    public var health: Probe<MedplumHealth>
    public var medplum: Probe<MedplumLiveState>
    public var stytch: Probe<StytchLiveState>
    /// The session audit of the person's sessions alone.
    public var sessions: Probe<SessionAudit>
    /// The environment's `cors.allowedOrigins`, each with its preflight.
    public var preflights: Probe<[PreflightObservation]>

    public init(
        email: String, environment: String, manifests: ManifestSet, today: CalendarDate, health: Probe<MedplumHealth>,
        medplum: Probe<MedplumLiveState>, stytch: Probe<StytchLiveState>, sessions: Probe<SessionAudit>,
        preflights: Probe<[PreflightObservation]>
    ) {
        self.email = email.lowercased()
        self.environment = environment
        self.manifests = manifests
        self.today = today
        self.health = health
        self.medplum = medplum
        self.stytch = stytch
        self.sessions = sessions
        self.preflights = preflights
    }

    /// The person's User manifest, if declared.
    public var user: UserManifest? { manifests.users.first { $0.key == email } }
}
