import PlumblineCore
import PlumblineTestSupport
import Synchronization
import Testing

/// An in-memory applier: records what it was asked to do and fails the keys it is told to.
final class RecordingApplier: ChangeApplier {
    let failing: Set<String>
    let batchable: Set<ResourceKind>
    let calls = Mutex<[[String]]>([])
    let inFlight = Mutex((now: 0, most: 0))

    init(failing: Set<String> = [], batchable: Set<ResourceKind> = []) {
        self.failing = failing
        self.batchable = batchable
    }

    func batchGroup(for change: Change) -> String? {
        batchable.contains(change.resource.kind) ? change.resource.kind.rawValue : nil
    }

    func apply(_ changes: [Change]) async -> [ChangeOutcome] {
        calls.withLock { $0.append(changes.map(\.resource.key)) }
        inFlight.withLock { $0.now += 1; $0.most = max($0.most, $0.now) }
        try? await Task.sleep(for: .milliseconds(5))
        inFlight.withLock { $0.now -= 1 }
        return changes.map { failing.contains($0.resource.key) ? .failed(category: .rejected, message: "refused") : .applied }
    }
}

@Suite("The apply executor", .tags(.small))
struct ApplyExecutorTests {
    let policy = { (name: String) in Change(ResourceKey(.medplum, .accessPolicy, name), .create) }
    let member = { (email: String, policies: [String]) in
        Change(ResourceKey(.medplum, .projectMembership, email), .create, fields: [FieldChange("access", before: nil, after: .array(policies.map(JSONValue.string)))], person: email)
    }

    func dependencies(_ change: Change) -> [ResourceKey] {
        (change.fields.first { $0.path == "access" }?.after?.array ?? []).compactMap(\.string).map { ResourceKey(.medplum, .accessPolicy, $0) }
    }

    @Test func wavesRunInOrderAndDependentsOfFailuresAreSkipped() async {
        let applier = RecordingApplier(failing: ["broken"])
        let changes = [policy("ok"), policy("broken"), member("a@x.org", ["ok"]), member("b@x.org", ["broken"])]
        let result = await ApplyExecutor(concurrency: 4).run(
            changes, applier: applier, wave: { $0.resource.kind == .accessPolicy ? 0 : 1 }, dependencies: dependencies
        )
        #expect(result.entries.map(\.outcome) == [
            .applied, .failed(category: .rejected, message: "refused"), .applied,
            .skipped(reason: "medplum AccessPolicy 'broken' was not applied"),
        ])
        let calls = applier.calls.withLock { $0 }
        #expect(Set(calls.prefix(2).flatMap { $0 }) == ["ok", "broken"])
        #expect(calls.last == ["a@x.org"])
        #expect(!result.isComplete)
        #expect(result.applied == 2)
    }

    @Test func batchableChangesGoTogetherInChunks() async {
        let applier = RecordingApplier(batchable: [.accessPolicy])
        let changes = (1...5).map { policy("p\($0)") }
        _ = await ApplyExecutor(concurrency: 2, batchSize: 2).run(changes, applier: applier, wave: { _ in 0 }, dependencies: { _ in [] })
        #expect(applier.calls.withLock { $0 }.map(\.count).sorted() == [1, 2, 2])
    }

    @Test func concurrencyIsBounded() async {
        let applier = RecordingApplier()
        let changes = (1...12).map { member("p\($0)@x.org", []) }
        let result = await ApplyExecutor(concurrency: 3).run(changes, applier: applier, wave: { _ in 0 }, dependencies: { _ in [] })
        #expect(result.isComplete)
        #expect(applier.inFlight.withLock { $0.most } <= 3)
        #expect(applier.inFlight.withLock { $0.most } >= 2)
    }

    @Test func aStoppedRunStartsNothingNewAndSaysSo() async {
        let applier = RecordingApplier()
        let changes = (1...4).map { member("p\($0)@x.org", []) }
        let result = await ApplyExecutor(concurrency: 1).run(changes, applier: applier, wave: { _ in 0 }, dependencies: { _ in [] }, shouldContinue: { false })
        #expect(applier.calls.withLock { $0 }.isEmpty)
        #expect(result.entries.allSatisfy { $0.outcome == .skipped(reason: "the run was stopped before this change") })
    }
}
