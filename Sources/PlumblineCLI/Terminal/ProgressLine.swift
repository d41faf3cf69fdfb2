import Synchronization

/// `applying 12/40` (or another label) on standard error, rewritten in place — only when stdout is a terminal, so
/// logs and CI output stay clean.
final class ProgressLine: Sendable {
    private let total: Int
    private let label: String
    private let done = Mutex(0)
    private let console = Console.current

    init(total: Int, label: String = "applying") {
        self.total = total
        self.label = label
    }

    func advance() {
        let count = done.withLock { $0 += 1; return $0 }
        guard console.isTerminal else { return }
        console.printErrorInline("\r\(label) \(count)/\(total)")
    }

    func finish() {
        guard console.isTerminal, done.withLock({ $0 }) > 0 else { return }
        console.printErrorInline("\r\u{1B}[K")
    }
}
