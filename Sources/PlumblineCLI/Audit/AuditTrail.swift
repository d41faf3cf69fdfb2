import Foundation
import PlumblineCore

/// The audit log file: JSON lines chained by hash (`AuditChain`), appended under an exclusive
/// lock so concurrent runs on one machine cannot interleave or fork the chain. Mode 0600.
struct AuditTrail {
    let path: String

    struct WriteFailed: Error, CustomStringConvertible {
        let description: String
    }

    /// `--audit-log`, else `$PLUMBLINE_AUDIT_LOG`, else `~/.plumbline/audit.jsonl`; nil when there
    /// is no home directory to put it in.
    static func resolve(_ option: String?) -> AuditTrail? {
        let variables = Runtime.current.variables
        if let path = option ?? variables["PLUMBLINE_AUDIT_LOG"] { return AuditTrail(path: path) }
        return variables["HOME"].map { AuditTrail(path: "\($0)/.plumbline/audit.jsonl") }
    }

    /// Seals `record` after the log's last record and appends it; returns it sealed.
    @discardableResult
    func append(_ record: AuditRecord) throws -> AuditRecord {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let descriptor = open(path, O_RDWR | O_CREAT | O_APPEND, 0o600)
        guard descriptor >= 0 else { throw WriteFailed(description: "cannot open audit log \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX) == 0 else { throw WriteFailed(description: "cannot lock audit log \(path)") }
        defer { flock(descriptor, LOCK_UN) }
        let existing = FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let sealed = AuditChain.seal(record, after: AuditChain.last(in: existing))
        let bytes = Array(AuditChain.appendedText(sealed, after: existing).utf8)
        guard write(descriptor, bytes, bytes.count) == bytes.count, fsync(descriptor) == 0 else {
            throw WriteFailed(description: "cannot write audit log \(path): \(String(cString: strerror(errno)))")
        }
        return sealed
    }

    /// Who is running plumbline, as the log and the AuditEvent name them.
    static var actor: String {
        let variables = Runtime.current.variables
        let user = variables["USER"] ?? variables["LOGNAME"] ?? "unknown"
        return "\(user)@\(ProcessInfo.processInfo.hostName)"
    }

    /// The operations of an apply, keys and actions only.
    static func operations(_ result: ApplyResult) -> [AuditRecord.Operation] {
        result.entries.map { entry in
            let outcome: String
            switch entry.outcome {
            case .applied: outcome = "applied"
            case .failed(let category, _): outcome = "failed (\(category.rawValue))"
            case .skipped: outcome = "skipped"
            }
            return operation(entry.change, outcome: outcome)
        }
    }

    /// One change as the log names it: its object and action, and what became of it.
    static func operation(_ change: Change, outcome: String) -> AuditRecord.Operation {
        AuditRecord.Operation(
            system: change.resource.system.rawValue, kind: change.resource.kind.rawValue,
            key: change.resource.key, action: change.action.rawValue, outcome: outcome
        )
    }
}
