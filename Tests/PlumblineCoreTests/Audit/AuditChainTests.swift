import Foundation
import PlumblineCore
import PlumblineTestSupport
import Testing

/// The audit log's chain when its last line was torn: a write cut short by a full disk or a crash
/// leaves part of a record and no line break.
@Suite("Audit chain", .tags(.small))
struct AuditChainTests {
    static func record(_ command: String) -> AuditRecord {
        AuditRecord(
            time: Date(timeIntervalSince1970: 1_800_000_000), actor: "ops@host", command: command, job: nil, environment: "production",
            manifestsDigest: "sha256:0", operations: [], summary: ["applied": 0]
        )
    }

    @Test func aRecordAfterATornLineFollowsTheLastIntactRecordOnALineOfItsOwn() throws {
        let first = AuditChain.seal(Self.record("apply"), after: nil)
        let second = AuditChain.seal(Self.record("apply"), after: first)
        let torn = String(AuditChain.line(AuditChain.seal(Self.record("run"), after: second)).prefix(40))
        let log = AuditChain.line(first) + AuditChain.line(second) + torn

        let next = AuditChain.seal(Self.record("apply"), after: AuditChain.last(in: log))
        #expect(next.sequence == 3)
        #expect(next.previousHash == second.hash)
        let appended = log + AuditChain.appendedText(next, after: log)
        let lines: [String] = [AuditChain.line(first), AuditChain.line(second), torn + "\n", AuditChain.line(next)]
        #expect(appended == lines.joined())
        let verification = AuditChain.verify(appended)
        #expect(verification.records == 3)
        #expect(verification.problems.map(\.description) == ["line 3: not an audit record"])
        #expect(verification.headHash == next.hash)
    }

    @Test func anIntactLogIsAppendedToAsItIs() {
        let first = AuditChain.seal(Self.record("apply"), after: nil)
        let second = AuditChain.seal(Self.record("apply"), after: AuditChain.last(in: AuditChain.line(first)))
        #expect(AuditChain.appendedText(second, after: AuditChain.line(first)) == AuditChain.line(second))
        #expect(AuditChain.appendedText(first, after: "") == AuditChain.line(first))
        #expect(AuditChain.verify(AuditChain.line(first) + AuditChain.line(second)).isIntact)
    }
}
