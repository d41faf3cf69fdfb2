import Foundation

/// Renders a doctor report: one block per check with what was observed and, for a failure, the
/// remedy; JSON for scripts.
public enum DoctorRenderer {
    public static func text(_ report: DoctorReport, colored: Bool = false) -> String {
        var lines = ["plumbline doctor — \(report.user) in environment '\(report.environment)'", ""]
        let width = report.checks.map(\.id.count).max() ?? 0
        for check in report.checks {
            let label: String
            switch check.status {
            case .pass: label = paint("PASS", "32", colored)
            case .fail: label = paint("FAIL", "31", colored)
            case .skipped: label = paint("SKIP", "33", colored)
            }
            lines.append("\(label)  \(check.id.padding(toLength: width, withPad: " ", startingAt: 0))  \(check.title)")
            lines.append("      \(check.observed)")
            if let remedy = check.remedy { lines.append("      remedy: \(remedy)") }
        }
        lines += ["", summary(report)]
        return lines.joined(separator: "\n") + "\n"
    }

    /// `{"formatVersion":1,"user","environment","checks":[{"id","title","status","observed","remedy"}],"summary":{…}}`.
    public static func json(_ report: DoctorReport) -> String {
        struct Document: Encodable {
            let formatVersion: Int
            let user: String
            let environment: String
            let checks: [DoctorCheck]
            let summary: [String: Int]
        }
        let document = Document(formatVersion: report.formatVersion, user: report.user, environment: report.environment, checks: report.checks, summary: counts(report))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(document)) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    public static func markdown(_ report: DoctorReport) -> String {
        var lines = ["### plumbline doctor — \(report.user) (`\(report.environment)`)", "", summary(report), "", "| | Check | Observed | Remedy |", "| --- | --- | --- | --- |"]
        for check in report.checks {
            let icon = switch check.status { case .pass: "✅"; case .fail: "❌"; case .skipped: "⏭️" }
            lines.append("| \(icon) | `\(check.id)` \(cell(check.title)) | \(cell(check.observed)) | \(cell(check.remedy ?? "")) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func summary(_ report: DoctorReport) -> String {
        let counts = counts(report)
        return "\(counts["pass"] ?? 0) passed, \(counts["fail"] ?? 0) failed, \(counts["skipped"] ?? 0) skipped"
    }

    static func counts(_ report: DoctorReport) -> [String: Int] {
        var counts = ["pass": 0, "fail": 0, "skipped": 0]
        for check in report.checks { counts[check.status.rawValue, default: 0] += 1 }
        return counts
    }

    private static func paint(_ text: String, _ code: String, _ colored: Bool) -> String {
        colored ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

}
