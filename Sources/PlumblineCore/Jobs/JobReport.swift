import Foundation

/// What one run of a job did (DESIGN §6): written as JSON to `report.dir`, turned into Markdown
/// for a CI step summary, and into Prometheus metrics.
public struct JobReport: Sendable, Codable {
    public var formatVersion = 1
    public var job: String
    public var environment: String
    public var startedAt: Date
    public var finishedAt: Date
    /// The worst of the steps' exit codes (DESIGN §3).
    public var exitCode: Int32
    /// The run was asked to stop (SIGTERM) and started no write after that.
    public var stopped: Bool
    public var lease: LeaseRecord?
    public var steps: [StepReport]
    /// Requests sent by `METHOD /route`, and by server.
    public var requests: [String: Int]
    public var requestsByServer: [String: Int]

    public init(
        job: String, environment: String, startedAt: Date, finishedAt: Date, exitCode: Int32, stopped: Bool,
        lease: LeaseRecord?, steps: [StepReport], requests: [String: Int], requestsByServer: [String: Int]
    ) {
        self.job = job
        self.environment = environment
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.exitCode = exitCode
        self.stopped = stopped
        self.lease = lease
        self.steps = steps
        self.requests = requests
        self.requestsByServer = requestsByServer
    }

    public var duration: TimeInterval { finishedAt.timeIntervalSince(startedAt) }
    public var succeeded: Bool { exitCode == 0 }
}

/// One step of a run.
public struct StepReport: Sendable, Codable {
    public var name: String
    public var exitCode: Int32
    /// One line saying what happened ("3 changes applied", "skipped: plan failed").
    public var outcome: String
    /// Counts for metrics and the summary (`create`, `changed`, `flagged`, …).
    public var counts: [String: Int]
    /// The step's own machine-readable result (plan, apply result, drift, sessions).
    public var details: JSONValue?

    public init(name: String, exitCode: Int32, outcome: String, counts: [String: Int] = [:], details: JSONValue? = nil) {
        self.name = name
        self.exitCode = exitCode
        self.outcome = outcome
        self.counts = counts
        self.details = details
    }
}

/// Who holds an environment's job lease, and until when.
public struct LeaseRecord: Sendable, Codable, Equatable {
    public var holder: String
    public var acquiredAt: Date
    public var expiresAt: Date

    public init(holder: String, acquiredAt: Date, expiresAt: Date) {
        self.holder = holder
        self.acquiredAt = acquiredAt
        self.expiresAt = expiresAt
    }
}

/// Exit codes ranked by how bad they are, so a job exits with its worst step's (DESIGN §3, §6).
public enum JobExit {
    /// From least to most serious: success, attention needed (2), partly applied (3), refused (4),
    /// unavailable (69), credentials (77), invalid manifests (65), usage (64), unexpected (1).
    static let severity: [Int32] = [0, 2, 3, 4, 69, 77, 65, 64, 1]

    public static func worst(_ codes: [Int32]) -> Int32 {
        codes.max { rank($0) < rank($1) } ?? 0
    }

    static func rank(_ code: Int32) -> Int {
        severity.firstIndex(of: code) ?? severity.count
    }
}
