import ArgumentParser

/// Every exit code of DESIGN §3, in one place: cron, Kubernetes and CI read them.
public enum ExitStatus: Int32, Sendable, CaseIterable {
    case success = 0
    case unexpectedFailure = 1
    /// plan: changes pending; drift: drift found; sessions: sessions flagged; doctor: a check failed.
    case attentionNeeded = 2
    case partlyApplied = 3
    case refused = 4
    case usage = 64
    case invalidManifests = 65
    case unavailable = 69
    case credentialsRefused = 77

    /// The error a command throws to end with this status.
    var exitCode: ExitCode { ExitCode(rawValue) }
}
