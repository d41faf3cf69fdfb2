/// Runs one async operation per element with at most `limit` running at once (a sliding window
/// in a task group, STYLE rule 13), for the reads that must go one per object — a member's
/// sessions, a membership's history. The transport's rate limiter still paces the requests.
public enum BoundedConcurrency {
    /// The results in the order of `elements`. The first error cancels the rest and is rethrown.
    public static func map<Element: Sendable, Result: Sendable>(
        _ elements: [Element], limit: Int, _ operation: @escaping @Sendable (Element) async throws -> Result
    ) async throws -> [Result] {
        var results = [Result?](repeating: nil, count: elements.count)
        try await withThrowingTaskGroup(of: (Int, Result).self) { group in
            var next = 0
            func startNext() {
                guard next < elements.count else { return }
                let index = next
                let element = elements[index]
                next += 1
                group.addTask { (index, try await operation(element)) }
            }
            for _ in 0..<max(1, limit) { startNext() }
            while let (index, result) = try await group.next() {
                results[index] = result
                startNext()
            }
        }
        return results.compactMap { $0 }
    }
}
