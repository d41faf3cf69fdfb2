/// Runs a plan's changes through an applier: wave by wave (dependencies first, removals last),
/// each wave as a sliding window of at most `concurrency` requests (STYLE rule 13), batchable
/// changes grouped, dependents of a failed change skipped, and every outcome returned.
public struct ApplyExecutor: Sendable {
    public var concurrency: Int
    /// At most this many changes in one batch.
    public var batchSize: Int

    public init(concurrency: Int = 8, batchSize: Int = 50) {
        self.concurrency = max(1, concurrency)
        self.batchSize = max(1, batchSize)
    }

    /// - Parameters:
    ///   - wave: the order group of a change (lower first).
    ///   - dependencies: the objects a change needs to exist first.
    ///   - shouldContinue: false once the run is asked to stop (SIGTERM): nothing new starts.
    public func run(
        _ changes: [Change],
        applier: any ChangeApplier,
        wave: (Change) -> Int,
        dependencies: (Change) -> [ResourceKey],
        shouldContinue: @escaping @Sendable () -> Bool = { true },
        observer: @escaping @Sendable (ApplyEvent) -> Void = { _ in }
    ) async -> ApplyResult {
        var outcomes: [Int: ChangeOutcome] = [:]
        // Where each object's changes are, so a dependency is checked without scanning the plan.
        let positions = Dictionary(grouping: changes.indices, by: { changes[$0].resource })
        let waves = Dictionary(grouping: changes.indices, by: { wave(changes[$0]) }).sorted { $0.key < $1.key }
        for (_, indices) in waves {
            var runnable: [Int] = []
            for index in indices {
                if let blocker = failedDependency(of: changes[index], dependencies: dependencies, positions: positions, outcomes: outcomes) {
                    let skipped = ChangeOutcome.skipped(reason: "\(blocker) was not applied")
                    outcomes[index] = skipped
                    observer(.finished(changes[index], skipped))
                } else {
                    runnable.append(index)
                }
            }
            let results = await runWave(units(runnable, changes, applier), changes, applier, shouldContinue, observer)
            outcomes.merge(results) { first, _ in first }
        }
        return ApplyResult(entries: changes.indices.map { ApplyResult.Entry(change: changes[$0], outcome: outcomes[$0] ?? .skipped(reason: "not run")) })
    }

    /// Batchable changes in chunks of `batchSize`, every other change alone.
    private func units(_ indices: [Int], _ changes: [Change], _ applier: any ChangeApplier) -> [[Int]] {
        var groups: [String: [Int]] = [:]
        var order: [String] = []
        var singles: [[Int]] = []
        for index in indices {
            guard let group = applier.batchGroup(for: changes[index]) else {
                singles.append([index])
                continue
            }
            if groups[group] == nil { order.append(group) }
            groups[group, default: []].append(index)
        }
        let batches = order.compactMap { groups[$0] }.flatMap { members in
            stride(from: 0, to: members.count, by: batchSize).map { Array(members[$0..<min($0 + batchSize, members.count)]) }
        }
        return batches + singles
    }

    private func runWave(
        _ units: [[Int]], _ changes: [Change], _ applier: any ChangeApplier,
        _ shouldContinue: @escaping @Sendable () -> Bool, _ observer: @escaping @Sendable (ApplyEvent) -> Void
    ) async -> [Int: ChangeOutcome] {
        await withTaskGroup(of: [(Int, ChangeOutcome)].self) { group in
            var pending = units.makeIterator()
            var results: [Int: ChangeOutcome] = [:]
            func startNext() -> Bool {
                guard let unit = pending.next() else { return false }
                group.addTask {
                    guard shouldContinue() else {
                        return unit.map { ($0, .skipped(reason: "the run was stopped before this change")) }
                    }
                    unit.forEach { observer(.started(changes[$0])) }
                    let outcomes = await applier.apply(unit.map { changes[$0] })
                    return zip(unit, outcomes).map { ($0, $1) }
                }
                return true
            }
            for _ in 0..<concurrency where startNext() {}
            while let finished = await group.next() {
                for (index, outcome) in finished {
                    results[index] = outcome
                    observer(.finished(changes[index], outcome))
                }
                _ = startNext()
            }
            return results
        }
    }

    private func failedDependency(
        of change: Change, dependencies: (Change) -> [ResourceKey], positions: [ResourceKey: [Int]], outcomes: [Int: ChangeOutcome]
    ) -> ResourceKey? {
        dependencies(change).first { dependency in
            (positions[dependency] ?? []).contains { outcomes[$0].map { !$0.isApplied } == true }
        }
    }
}
