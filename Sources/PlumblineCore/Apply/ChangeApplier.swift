/// What a provider implements to carry out planned changes (Terraform's provider apply). The
/// executor decides order and concurrency; the applier talks to its server.
public protocol ChangeApplier: Sendable {
    /// Changes with the same non-nil group may be sent together (a Medplum batch Bundle).
    func batchGroup(for change: Change) -> String?
    /// Applies `changes` — one change, or several of one batch group — and returns each one's
    /// outcome, in order. Never throws: a failure is an outcome.
    func apply(_ changes: [Change]) async -> [ChangeOutcome]
}

/// What happened to one planned change.
public enum ChangeOutcome: Sendable, Hashable, Codable {
    case applied
    /// The server refused or failed; `category` picks the exit code, `message` says what and why.
    case failed(category: FailureCategory, message: String)
    /// Not attempted: a change it depends on failed, or the run was stopped.
    case skipped(reason: String)

    public var isApplied: Bool { self == .applied }
}

/// Why a change failed, in the terms of DESIGN §3's exit codes.
public enum FailureCategory: String, Sendable, Hashable, Codable {
    /// The object changed on the server since it was read (HTTP 412, or a version mismatch).
    case stale
    /// The server was unreachable or answered 5xx after retries.
    case unavailable
    /// The credentials were refused or lack a permission.
    case credentials
    /// Anything else the server refused (400, 409, …).
    case rejected
}

/// Progress of an apply, for a terminal progress line or JSON event lines (STYLE rule 12).
public enum ApplyEvent: Sendable {
    case started(Change)
    case finished(Change, ChangeOutcome)
}

/// Every change of an applied plan with its outcome, in plan order — also after a failure.
public struct ApplyResult: Sendable, Codable {
    public struct Entry: Sendable, Codable {
        public let change: Change
        public let outcome: ChangeOutcome

        public init(change: Change, outcome: ChangeOutcome) {
            self.change = change
            self.outcome = outcome
        }
    }

    public let entries: [Entry]

    public init(entries: [Entry]) {
        self.entries = entries
    }

    public var applied: Int { entries.filter { $0.outcome.isApplied }.count }
    public var failed: [Entry] { entries.filter { if case .failed = $0.outcome { true } else { false } } }
    public var skipped: [Entry] { entries.filter { if case .skipped = $0.outcome { true } else { false } } }
    public var isComplete: Bool { applied == entries.count }
}
