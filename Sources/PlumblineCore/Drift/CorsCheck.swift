/// What a Medplum server answered to a browser's preflight from one origin (DESIGN §4), as the
/// core judges it.
public struct CorsObservation: Sendable, Hashable {
    public let origin: String
    public let status: Int
    /// A browser on `origin` may call the API with credentials.
    public let allowed: Bool
    /// The server answered `Access-Control-Allow-Origin: *`.
    public let wildcard: Bool
    /// It echoed the origin but without `Access-Control-Allow-Credentials: true`.
    public let withoutCredentials: Bool

    public init(origin: String, status: Int, allowed: Bool, wildcard: Bool, withoutCredentials: Bool = false) {
        self.origin = origin
        self.status = status
        self.allowed = allowed
        self.wildcard = wildcard
        self.withoutCredentials = withoutCredentials
    }
}

/// The Medplum server's CORS configuration that would make it agree with the environment's
/// `cors.allowedOrigins`: the value to deploy, since the configuration has no API (contract 6.2).
public struct CorsAdvice: Sendable, Hashable, Codable {
    /// Whether the server accepts every declared origin and nothing else.
    public var agrees: Bool
    /// Declared origins the server refused.
    public var refused: [String]
    /// The server accepted the undeclared canary origin.
    public var tooPermissive: Bool
    /// The server answered with a wildcard.
    public var wildcard: Bool
    /// `allowedOrigins` of the server's configuration (`medplum.config.json`).
    public var allowedOrigins: String
    /// The same as an environment variable (`env` configuration).
    public var environmentVariable: String

    /// `"allowedOrigins": "https://a,https://b"`, as the configuration file writes it.
    public var configurationLine: String { "\"allowedOrigins\": \(JSONValue.string(allowedOrigins))" }
}

/// Judges preflight answers against the declared origins: drift when a declared origin is
/// refused, when an undeclared canary is accepted (too permissive), and when the server answers
/// with a wildcard.
public enum CorsCheck {
    /// An origin no environment can declare (`.invalid` is reserved, RFC 2606), so a server that
    /// accepts it accepts origins it should not.
    public static let canary = "https://plumbline-canary.invalid"

    public static func advice(declared: [WebOrigin], observations: [CorsObservation]) -> CorsAdvice {
        var seen: Set<String> = []
        let origins = declared.map(\.description).filter { seen.insert($0).inserted }
        let refused = origins.filter { origin in !(observations.first { $0.origin == origin }?.allowed ?? false) }
        let tooPermissive = observations.contains { $0.origin == canary && $0.allowed }
        let wildcard = observations.contains(where: \.wildcard)
        let value = origins.joined(separator: ",")
        return CorsAdvice(
            agrees: refused.isEmpty && !tooPermissive && !wildcard, refused: refused, tooPermissive: tooPermissive,
            wildcard: wildcard, allowedOrigins: value, environmentVariable: "MEDPLUM_ALLOWED_ORIGINS=\(value)"
        )
    }

    public static func findings(declared: [WebOrigin], observations: [CorsObservation]) -> [DriftFinding] {
        let advice = advice(declared: declared, observations: observations)
        let deploy = "deploy \(advice.configurationLine) (or \(advice.environmentVariable))"
        var findings = advice.refused.map { origin -> DriftFinding in
            let answer = observations.first { $0.origin == origin }
            let why = answer?.withoutCredentials == true
                ? "answered a preflight from \(origin) without Access-Control-Allow-Credentials"
                : "refused a preflight from \(origin) (HTTP \(answer?.status ?? 0), no Access-Control-Allow-Origin)"
            return DriftFinding(
                ResourceKey(.medplum, .allowedOrigin, origin), .missing,
                fields: [FieldChange("allowedOrigins", before: .string(origin), after: nil)],
                detail: "the Medplum server \(why), so the web app on that origin cannot call it; \(deploy)"
            )
        }
        if advice.wildcard {
            findings.append(DriftFinding(
                ResourceKey(.medplum, .allowedOrigin, "*"), .unmanaged,
                fields: [FieldChange("allowedOrigins", before: nil, after: "*")],
                detail: "the Medplum server answers preflights with Access-Control-Allow-Origin: *, which allows every origin and which browsers refuse with credentials; \(deploy)"
            ))
        } else if advice.tooPermissive {
            findings.append(DriftFinding(
                ResourceKey(.medplum, .allowedOrigin, canary), .unmanaged,
                fields: [FieldChange("allowedOrigins", before: nil, after: .string(canary))],
                detail: "the Medplum server accepts a preflight from \(canary), an origin no manifest declares, so its allowedOrigins is too permissive (probably '*'); \(deploy)"
            ))
        }
        return findings
    }
}
