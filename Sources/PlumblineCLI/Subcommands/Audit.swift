import ArgumentParser
import Foundation
import PlumblineCore

extension PlumblineCommand {
    /// `plumbline audit verify`: checks the audit log's hash chain.
    struct Audit: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "audit",
            abstract: "Work with the tamper-evident audit log.",
            subcommands: [Verify.self]
        )

        struct Verify: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "verify",
                abstract: "Check that no audit record was edited, removed, inserted or reordered.",
                discussion: "Exits 0 when the chain is intact, 2 when it is broken (each break is listed)."
            )

            @Option(name: .long, help: ArgumentHelp("The audit log (default $PLUMBLINE_AUDIT_LOG, else ~/.plumbline/audit.jsonl).", valueName: "file"))
            var auditLog: String?

            func run() async throws {
                let console = Console.current
                guard let trail = AuditTrail.resolve(auditLog) else {
                    throw CommandFailure.exit(.usage, "no audit log: pass --audit-log FILE")
                }
                guard let data = FileManager.default.contents(atPath: trail.path) else {
                    throw CommandFailure.exit(.usage, "cannot read audit log \(trail.path)")
                }
                let verification = AuditChain.verify(String(decoding: data, as: UTF8.self))
                verification.problems.forEach { console.print("\(trail.path): \($0)") }
                let head = verification.headHash.map { "; last record's hash \($0)" } ?? ""
                if verification.isIntact {
                    console.print("\(trail.path): intact, \(verification.records) record(s)\(head)")
                } else {
                    console.printError("\(trail.path): the chain is broken (\(verification.problems.count) problem(s)); compare with the AuditEvents in Medplum to see what was changed")
                    throw ExitStatus.attentionNeeded.exitCode
                }
            }
        }
    }
}
