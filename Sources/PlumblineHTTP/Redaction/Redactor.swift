import Synchronization

/// Removes every registered secret (client secrets, access tokens, API secrets) from text before
/// it reaches a log line or an error message.
public final class Redactor: Sendable {
    private let secrets = Mutex<Set<String>>([])

    public init() {}

    /// Registers a value that must never appear in output. Values shorter than 6 characters are
    /// ignored: they would redact ordinary words.
    public func register(_ secret: String) {
        guard secret.count >= 6 else { return }
        secrets.withLock { _ = $0.insert(secret) }
    }

    /// `text` with every registered secret replaced by `(redacted)`.
    public func redact(_ text: String) -> String {
        let known = secrets.withLock { $0 }
        guard !known.isEmpty else { return text }
        var result = text
        for secret in known.sorted(by: { $0.count > $1.count }) where result.contains(secret) {
            result = result.replacing(secret, with: "(redacted)")
        }
        return result
    }
}
