/// A SessionPolicy as the audit applies it: the limits a live session is judged against, with the
/// manifest's durations in seconds. Every limit is optional; a policy without any still flags
/// expired sessions and those of people who were offboarded.
public struct SessionLimits: Sendable, Hashable {
    /// The SessionPolicy's name, or nil when the environment has none to apply.
    public var name: String?
    /// `maxAge`: how long after it started a session may live, in seconds.
    public var maxAge: Int?
    /// `idleTimeout`: how long a session may go unused, in seconds.
    public var idleTimeout: Int?
    /// `maxConcurrent`: how many sessions one member may hold at once.
    public var maxConcurrent: Int?
    public var onViolation: ViolationAction

    public init(name: String?, maxAge: Int? = nil, idleTimeout: Int? = nil, maxConcurrent: Int? = nil, onViolation: ViolationAction = .report) {
        self.name = name
        self.maxAge = maxAge
        self.idleTimeout = idleTimeout
        self.maxConcurrent = maxConcurrent
        self.onViolation = onViolation
    }

    public init(_ manifest: SessionPolicyManifest) {
        self.init(
            name: manifest.name.value, maxAge: manifest.maxAge?.value.seconds, idleTimeout: manifest.idleTimeout?.value.seconds,
            maxConcurrent: manifest.maxConcurrent?.value, onViolation: manifest.onViolation?.value ?? .report
        )
    }

    /// No SessionPolicy applies: only expiry and offboarding are judged.
    public static let none = SessionLimits(name: nil)

    /// The policy an audit of `environment` applies: `override` (a job's `sessions.policy`), else
    /// the environment's `sessionPolicy`, else the one named `default`. Nil only when a name was
    /// given that no SessionPolicy has (validation normally refuses that earlier).
    public static func resolve(_ manifests: ManifestSet, environmentPolicy: String?, override: String? = nil) -> SessionLimits? {
        let wanted = override ?? environmentPolicy
        guard let policy = manifests.sessionPolicies.first(where: { $0.name.value == (wanted ?? "default") }) else {
            return wanted == nil ? SessionLimits.none : nil
        }
        return SessionLimits(policy)
    }

    /// `maxAge 12h, idleTimeout 30m, maxConcurrent 3, onViolation report`, as the manifest wrote it.
    public var summary: String {
        var parts: [String] = []
        if let maxAge { parts.append("maxAge \(Self.duration(maxAge))") }
        if let idleTimeout { parts.append("idleTimeout \(Self.duration(idleTimeout))") }
        if let maxConcurrent { parts.append("maxConcurrent \(maxConcurrent)") }
        parts.append("onViolation \(onViolation.rawValue)")
        return parts.joined(separator: ", ")
    }

    /// Seconds in the manifest's own notation, largest units first (`1h30m`).
    static func duration(_ seconds: Int) -> String {
        var rest = seconds
        var text = ""
        for (symbol, size) in [("w", 604_800), ("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)] where rest >= size {
            text += "\(rest / size)\(symbol)"
            rest %= size
        }
        return text.isEmpty ? "0s" : text
    }
}
