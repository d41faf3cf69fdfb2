/// `kind: Job` (DESIGN §6) — a named, scheduled sequence of steps with its safety limits and
/// report outputs.
public struct JobManifest: Sendable {
    public var name: Located<String>
    public var environment: Located<String>
    /// The manifests directory, relative to the job file.
    public var manifests: Located<String>?
    public var steps: [Located<JobStep>]
    public var apply: JobApplySettings?
    public var sessions: JobSessionSettings?
    public var drift: JobDriftSettings?
    public var report: JobReportSettings?
    public var location: SourceLocation
}

/// One step of a job, in the order the job runs them.
public enum JobStep: String, Sendable, CaseIterable, Codable {
    case validate, plan, apply, drift, sessions
}

public struct JobApplySettings: Sendable {
    public var prune: Located<Bool>?
    public var maxChanges: Located<Int>?
    public var concurrency: Located<Int>?
    public var location: SourceLocation
}

public struct JobSessionSettings: Sendable {
    public var policy: Located<String>?
    public var revoke: Located<Bool>?
    public var location: SourceLocation
}

public struct JobDriftSettings: Sendable {
    /// Whether drift found fails the job (exit 2); otherwise it is reported only.
    public var failOnDrift: Located<Bool>?
    public var location: SourceLocation
}

public struct JobReportSettings: Sendable {
    public var dir: Located<String>?
    public var markdown: Located<Bool>?
    public var metricsFile: Located<String>?
    public var location: SourceLocation
}
