import Foundation

/// Renders what an apply did, change by change — also after a failure, so the report always says
/// what was and was not done (STYLE rule 11).
public enum ApplyResultRenderer {
    /// A person is reported offboarded only when every one of their deactivation steps — Medplum
    /// membership, Stytch members, sessions — was applied and read back.
    public struct Offboarding: Sendable, Encodable, Equatable {
        public let person: String
        public let complete: Bool
        public let steps: [String]
        public let failed: [String]
    }

    public static func offboardings(_ result: ApplyResult) -> [Offboarding] {
        let byPerson = Dictionary(grouping: result.entries.filter { $0.change.action == .deactivate && $0.change.person != nil }) { $0.change.person ?? "" }
        return byPerson.keys.sorted().map { person in
            let entries = byPerson[person] ?? []
            let describe = { (entry: ApplyResult.Entry) in entry.change.summary ?? entry.change.resource.description }
            let failed = entries.filter { !$0.outcome.isApplied }.map(describe)
            return Offboarding(person: person, complete: failed.isEmpty, steps: entries.map(describe), failed: failed)
        }
    }

    public static func text(_ result: ApplyResult, environment: String) -> String {
        var lines = ["Apply to environment '\(environment)': \(summary(result))"]
        for entry in result.entries {
            let subject = "\(entry.change.action.symbol) \(entry.change.resource)"
            switch entry.outcome {
            case .applied: lines.append("  ok      \(subject)")
            case .failed(let category, let message): lines.append("  FAILED  \(subject): \(message) [\(category.rawValue)]")
            case .skipped(let reason): lines.append("  skipped \(subject): \(reason)")
            }
        }
        for offboarding in offboardings(result) {
            lines.append(offboarding.complete
                ? "offboarded \(offboarding.person): every step verified (\(offboarding.steps.joined(separator: ", ")))"
                : "NOT offboarded \(offboarding.person): \(offboarding.failed.joined(separator: ", ")) did not complete; run apply again")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func markdown(_ result: ApplyResult, environment: String) -> String {
        var lines = ["### plumbline apply — `\(environment)`", "", summary(result), "", "| | Change | Result |", "| --- | --- | --- |"]
        for entry in result.entries {
            let subject = "`\(entry.change.action.symbol)` \(entry.change.action.rawValue) \(entry.change.resource)".replacingOccurrences(of: "|", with: "\\|")
            switch entry.outcome {
            case .applied: lines.append("| ✅ | \(subject) | applied |")
            case .failed(_, let message): lines.append("| ❌ | \(subject) | \(message.replacingOccurrences(of: "|", with: "\\|")) |")
            case .skipped(let reason): lines.append("| ⏭️ | \(subject) | skipped: \(reason.replacingOccurrences(of: "|", with: "\\|")) |")
            }
        }
        let offboarded = offboardings(result)
        if !offboarded.isEmpty {
            lines += ["", "#### Offboarding", ""]
            lines += offboarded.map { $0.complete ? "- ✅ \($0.person): every step verified" : "- ❌ **\($0.person) is not fully offboarded**: \($0.failed.joined(separator: ", "))" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `{"formatVersion":1,"environment":…,"results":[…],"summary":{"applied":n,"failed":n,"skipped":n}}`.
    public static func json(_ result: ApplyResult, environment: String, messages: [String] = []) -> String {
        let report = Report(
            formatVersion: 1, environment: environment,
            results: result.entries.map(Report.Entry.init),
            summary: ["applied": result.applied, "failed": result.failed.count, "skipped": result.skipped.count],
            offboarded: offboardings(result), messages: messages
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(report)) ?? Data(), as: UTF8.self) + "\n"
    }

    /// `Applied 10 of 12 changes: 1 failed, 1 skipped`.
    public static func summary(_ result: ApplyResult) -> String {
        "applied \(result.applied) of \(result.entries.count) change\(result.entries.count == 1 ? "" : "s"): \(result.failed.count) failed, \(result.skipped.count) skipped"
    }

    private struct Report: Encodable {
        struct Entry: Encodable {
            let change: Change
            let outcome: String
            let category: String?
            let message: String?

            init(_ entry: ApplyResult.Entry) {
                change = entry.change
                switch entry.outcome {
                case .applied: (outcome, category, message) = ("applied", nil, nil)
                case .failed(let failure, let text): (outcome, category, message) = ("failed", failure.rawValue, text)
                case .skipped(let reason): (outcome, category, message) = ("skipped", nil, reason)
                }
            }
        }

        let formatVersion: Int
        let environment: String
        let results: [Entry]
        let summary: [String: Int]
        let offboarded: [Offboarding]
        let messages: [String]
    }
}
