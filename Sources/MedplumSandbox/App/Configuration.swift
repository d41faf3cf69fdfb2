import Foundation
import Logging
import SandboxSupport

/// How to run a Medplum sandbox.
public struct MedplumSandboxConfiguration: Sendable {
    /// Interface to bind; the base URL uses it too.
    public var host: String
    /// Port to bind; 0 picks a free one.
    public var port: Int
    /// Medplum's `allowedOrigins` for CORS (contract 6.1); `"*"` allows every origin (the
    /// answer still echoes the origin, never `*`).
    public var allowedOrigins: [String]
    /// Medplum's `appBaseUrl`: an `Origin` this string starts with is allowed too.
    public var appBaseUrl: String?
    /// Directory that keeps every write across restarts (journal, credentials, signing key).
    public var stateDirectory: String?
    /// Optional JSON seed, `{"resources": [...]}`, written with system rights into the project
    /// (see `SeedLoader` for the accepted shape).
    public var seed: Data?
    /// Rate limits (contract 8).
    public var limits: MedplumSandboxLimits
    /// Fixed credentials; nil generates them (or reuses those persisted in `stateDirectory`).
    public var credentials: MedplumSandboxCredentials?
    /// The server's clock; tests shift it to expire tokens.
    public var clock: SandboxClock
    /// Log level of the HTTP server (default `.warning`, so tests stay quiet).
    public var logLevel: Logger.Level
    /// Start with email delivery failing, as on a server without working SES/SMTP (invites then
    /// answer "Could not send email"); switchable at `POST /_sandbox/emails`.
    public var emailDeliveryFails: Bool

    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        allowedOrigins: [String] = ["http://localhost:3000"],
        appBaseUrl: String? = nil,
        stateDirectory: String? = nil,
        seed: Data? = nil,
        limits: MedplumSandboxLimits = MedplumSandboxLimits(),
        credentials: MedplumSandboxCredentials? = nil,
        clock: SandboxClock = SandboxClock(),
        logLevel: Logger.Level = .warning,
        emailDeliveryFails: Bool = false
    ) {
        self.host = host
        self.port = port
        self.allowedOrigins = allowedOrigins
        self.appBaseUrl = appBaseUrl
        self.stateDirectory = stateDirectory
        self.seed = seed
        self.limits = limits
        self.credentials = credentials
        self.clock = clock
        self.logLevel = logLevel
        self.emailDeliveryFails = emailDeliveryFails
    }
}

/// Medplum's rate limits, per minute. A negative value disables that limit (Medplum's `-1`).
public struct MedplumSandboxLimits: Sendable, Equatable {
    /// `defaultRateLimit`: requests per minute per client IP.
    public var requestsPerMinute: Int
    /// `defaultAuthRateLimit`: requests per minute per IP to `/auth/*` (but `/auth/me`) and `/oauth2/*`.
    public var authRequestsPerMinute: Int
    /// `defaultFhirQuota`: FHIR interaction points per minute per membership.
    public var fhirQuotaPerMinute: Int
    /// The project's quota as a multiple of the membership quota (Medplum: 10).
    public var projectQuotaMultiplier: Int

    public init(
        requestsPerMinute: Int = 60_000,
        authRequestsPerMinute: Int = 160,
        fhirQuotaPerMinute: Int = 50_000,
        projectQuotaMultiplier: Int = 10
    ) {
        self.requestsPerMinute = requestsPerMinute
        self.authRequestsPerMinute = authRequestsPerMinute
        self.fhirQuotaPerMinute = fhirQuotaPerMinute
        self.projectQuotaMultiplier = projectQuotaMultiplier
    }
}

/// The identities seeded at start.
public struct MedplumSandboxCredentials: Sendable, Codable, Equatable {
    /// The project plumbline manages.
    public var projectId: String
    public var projectName: String
    /// A project-admin ClientApplication (its membership has `admin: true`).
    public var clientId: String
    public var clientSecret: String
    /// A ClientApplication that is a member of a separate `superAdmin` project.
    public var superAdminClientId: String
    public var superAdminClientSecret: String

    public init(
        projectId: String, projectName: String, clientId: String, clientSecret: String, superAdminClientId: String,
        superAdminClientSecret: String
    ) {
        self.projectId = projectId
        self.projectName = projectName
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.superAdminClientId = superAdminClientId
        self.superAdminClientSecret = superAdminClientSecret
    }

    /// Fresh credentials: UUID ids and 64-hex secrets.
    public static func generate(projectName: String = "Plumbline Sandbox") -> MedplumSandboxCredentials {
        MedplumSandboxCredentials(
            projectId: MedplumID.generate(), projectName: projectName, clientId: MedplumID.generate(),
            clientSecret: MedplumID.secret(), superAdminClientId: MedplumID.generate(),
            superAdminClientSecret: MedplumID.secret())
    }
}

/// A sandbox that is listening.
public struct RunningMedplumSandbox: Sendable {
    /// `http://HOST:PORT/`.
    public let baseURL: String
    public let credentials: MedplumSandboxCredentials
    /// The `/_sandbox/` controls (clock, faults, request counters).
    public let controls: SandboxControls
}
