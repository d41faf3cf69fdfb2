import Crypto
import Foundation

/// One record of the audit log (DESIGN §5): who ran what, on which manifests, each operation and
/// its result — keys and actions only, never values — chained to the record before it by hash.
public struct AuditRecord: Sendable, Codable, Equatable {
    public var sequence: Int
    public var time: String
    public var actor: String
    public var command: String
    public var job: String?
    public var environment: String
    public var manifestsDigest: String
    public var operations: [Operation]
    public var summary: [String: Int]
    public var previousHash: String
    /// SHA-256 of the record's canonical JSON without this field.
    public var hash: String?

    public struct Operation: Sendable, Codable, Equatable {
        public var system: String
        public var kind: String
        public var key: String
        public var action: String
        public var outcome: String

        public init(system: String, kind: String, key: String, action: String, outcome: String) {
            self.system = system
            self.kind = kind
            self.key = key
            self.action = action
            self.outcome = outcome
        }
    }

    public init(
        time: Date, actor: String, command: String, job: String?, environment: String, manifestsDigest: String,
        operations: [Operation], summary: [String: Int]
    ) {
        self.sequence = 0
        self.time = ISO8601DateFormatter().string(from: time)
        self.actor = actor
        self.command = command
        self.job = job
        self.environment = environment
        self.manifestsDigest = manifestsDigest
        self.operations = operations
        self.summary = summary
        self.previousHash = AuditChain.genesis
        self.hash = nil
    }
}

/// The audit log's hash chain: each JSON line carries the hash of the line before, so editing,
/// removing or reordering any record breaks the chain from that point on (DESIGN §5). Removing
/// records at the end leaves a valid but shorter chain; that is why every apply also writes the
/// record's hash into a FHIR AuditEvent, an anchor outside the file.
public enum AuditChain {
    /// The "previous hash" of the first record.
    public static let genesis = String(repeating: "0", count: 64)

    /// `record` numbered and hashed after `previous` (nil for the first record).
    public static func seal(_ record: AuditRecord, after previous: AuditRecord?) -> AuditRecord {
        var sealed = record
        sealed.sequence = (previous?.sequence ?? 0) + 1
        sealed.previousHash = previous?.hash ?? genesis
        sealed.hash = nil
        sealed.hash = digest(sealed)
        return sealed
    }

    /// One JSON line for the record.
    public static func line(_ record: AuditRecord) -> String {
        String(decoding: canonical(record), as: UTF8.self) + "\n"
    }

    /// The last record of a log's text that parses. A line after it that does not (torn by a
    /// write cut short by a full disk or a crash, or not plumbline's) is passed over, so the next
    /// record still follows the chain; `audit verify` reports that line.
    public static func last(in text: String) -> AuditRecord? {
        for line in text.split(separator: "\n").reversed() {
            if let record = try? JSONDecoder().decode(AuditRecord.self, from: Data(line.utf8)) { return record }
        }
        return nil
    }

    /// What to write after a log's `text` to add `sealed`: its line, after a line break when the
    /// log ends mid-line, so that a torn last line does not swallow the record.
    public static func appendedText(_ sealed: AuditRecord, after text: String) -> String {
        (text.isEmpty || text.hasSuffix("\n") ? "" : "\n") + line(sealed)
    }

    public struct Verification: Sendable, Equatable {
        public var records: Int
        public var headHash: String?
        /// Line number and what is wrong there.
        public var problems: [Problem]

        public struct Problem: Sendable, Equatable, CustomStringConvertible {
            public var line: Int
            public var message: String
            public var description: String { "line \(line): \(message)" }
        }

        public var isIntact: Bool { problems.isEmpty }
    }

    /// Checks every record: it parses, its hash matches its content, it names the previous
    /// record's hash, and sequence numbers run without a gap.
    public static func verify(_ text: String) -> Verification {
        var result = Verification(records: 0, headHash: nil, problems: [])
        var previous: AuditRecord?
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !raw.isEmpty {
            let line = offset + 1
            guard let record = try? JSONDecoder().decode(AuditRecord.self, from: Data(raw.utf8)) else {
                result.problems.append(.init(line: line, message: "not an audit record"))
                continue
            }
            result.records += 1
            var unsealed = record
            unsealed.hash = nil
            if record.hash != digest(unsealed) {
                result.problems.append(.init(line: line, message: "record \(record.sequence) was edited: its content no longer matches its hash"))
            }
            let expectedPrevious = previous?.hash ?? genesis
            if record.previousHash != expectedPrevious {
                result.problems.append(.init(line: line, message: "record \(record.sequence) does not follow the record before it: a record was removed, inserted or reordered"))
            }
            if record.sequence != (previous?.sequence ?? 0) + 1 {
                result.problems.append(.init(line: line, message: "record \(record.sequence) should be number \((previous?.sequence ?? 0) + 1)"))
            }
            previous = record
        }
        result.headHash = previous?.hash
        return result
    }

    static func canonical(_ record: AuditRecord) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(record)) ?? Data()
    }

    static func digest(_ record: AuditRecord) -> String {
        SHA256.hash(data: canonical(record)).map { String(format: "%02x", $0) }.joined()
    }
}
