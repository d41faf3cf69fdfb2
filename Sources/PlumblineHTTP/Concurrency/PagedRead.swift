/// A paged read that asks for the next page while the current one is parsed.
///
/// Parsing a 1000-entry page takes about as long as a server takes to answer for the next one,
/// so the two overlap: the next page is asked for on a glance at the current one (a `next` link
/// or cursor found without parsing the rest), and the parsed page has the last word. A wrong
/// guess costs one request whose answer is dropped; it never changes what is read.
public enum PagedRead {
    /// A server named, as the next page, one already read: following it would never end.
    public struct RepeatedPage<Key: Sendable>: Error, CustomStringConvertible, Sendable {
        public let key: Key
        public var description: String { "the server's next page is one already read (\(key)); the read stopped instead of going round" }
    }

    /// Reads from `first` until `read` says there is no next page.
    /// - Parameters:
    ///   - fetch: asks for the page a key names.
    ///   - glance: the next page's key as the unparsed answer seems to give it, or nil.
    ///   - read: parses a page, keeps what it holds, and returns the next page's key.
    public static func walk<Key: Hashable & Sendable, Answer: Sendable>(
        from first: Key,
        fetch: @escaping @Sendable (Key) async throws -> Answer,
        glance: (Answer) -> Key?,
        read: (Answer) throws -> Key?
    ) async throws {
        var next: Key? = first
        var visited: Set<Key> = []
        var ahead: (key: Key, answer: Task<Answer, any Error>)?
        defer { ahead?.answer.cancel() }
        while let key = next {
            guard visited.insert(key).inserted else { throw RepeatedPage(key: key) }
            let answer: Answer
            if let ahead, ahead.key == key {
                answer = try await ahead.answer.value
            } else {
                ahead?.answer.cancel()
                answer = try await fetch(key)
            }
            ahead = glance(answer).flatMap { guess in visited.contains(guess) ? nil : (guess, Task { try await fetch(guess) }) }
            next = try read(answer)
        }
    }
}
