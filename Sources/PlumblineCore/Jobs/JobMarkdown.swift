import Foundation

/// A job run as Markdown for a CI step summary or a pull-request comment: the outcome, a table of
/// steps, then each step's own section (the plan grouped by person with escalations in bold).
public enum JobMarkdown {
    public static func render(_ report: JobReport, sections: [String]) -> String {
        let status = report.exitCode == 0 ? "✅ succeeded" : "❌ exited \(report.exitCode)"
        var lines = [
            "## plumbline job `\(report.job)` — `\(report.environment)`", "",
            "\(status) in \(String(format: "%.1f", report.duration)) s\(report.stopped ? " — **stopped by a signal before finishing**" : "")", "",
        ]
        if let lease = report.lease {
            lines += ["Lease of `\(report.environment)`: \(lease.holder), taken \(ISO8601DateFormatter().string(from: lease.acquiredAt)), expiring \(ISO8601DateFormatter().string(from: lease.expiresAt)) unless released.", ""]
        }
        lines += ["| Step | Exit | Outcome |", "| --- | --- | --- |"]
        lines += report.steps.map { "| \($0.name) | \($0.exitCode) | \($0.outcome.replacingOccurrences(of: "|", with: "\\|")) |" }
        for section in sections where !section.isEmpty {
            lines += ["", section.trimmingCharacters(in: .newlines)]
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
