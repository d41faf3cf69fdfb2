import Foundation

/// Prometheus text-format metrics of a job run (exposition format 0.0.4), for the node
/// exporter's textfile collector or a Pushgateway.
public enum PrometheusMetrics {
    /// `lastSuccess` is the previous run's success time, kept when this run failed.
    public static func render(_ report: JobReport, lastSuccess: Date?) -> String {
        let job = ["job": report.job, "environment": report.environment]
        var families: [Family] = [
            Family("plumbline_run_exit_code", "Exit code of the last run (0 = success).", [(job, Double(report.exitCode))]),
            Family("plumbline_run_duration_seconds", "Wall time of the last run.", [(job, report.duration)]),
            Family("plumbline_run_stopped", "1 when the last run was stopped by a signal before finishing.", [(job, report.stopped ? 1 : 0)]),
        ]
        let success = report.succeeded ? report.finishedAt : lastSuccess
        if let success {
            families.append(Family("plumbline_last_success_timestamp_seconds", "When a run last succeeded (Unix time).", [(job, success.timeIntervalSince1970.rounded())]))
        }
        families.append(Family("plumbline_requests", "Requests sent in the last run, by server.",
            report.requestsByServer.sorted { $0.key < $1.key }.map { (job.merging(["server": $0.key]) { $1 }, Double($0.value)) }))
        families.append(Family("plumbline_step_exit_code", "Exit code of each step of the last run.",
            report.steps.map { (job.merging(["step": $0.name]) { $1 }, Double($0.exitCode)) }))
        families += stepCounts(report, job)
        return families.filter { !$0.samples.isEmpty }.map(\.text).joined()
    }

    /// Step counts as their own metrics: changes by action, drift by class, flagged sessions.
    private static func stepCounts(_ report: JobReport, _ job: [String: String]) -> [Family] {
        var changes: [([String: String], Double)] = [], applied: [([String: String], Double)] = []
        var drift: [([String: String], Double)] = [], sessions: [([String: String], Double)] = []
        for step in report.steps {
            for (name, count) in step.counts.sorted(by: { $0.key < $1.key }) {
                switch step.name {
                case "plan": changes.append((job.merging(["action": name]) { $1 }, Double(count)))
                case "apply": applied.append((job.merging(["outcome": name]) { $1 }, Double(count)))
                case "drift": drift.append((job.merging(["type": name]) { $1 }, Double(count)))
                case "sessions": sessions.append((job.merging(["reason": name]) { $1 }, Double(count)))
                default: break
                }
            }
        }
        return [
            Family("plumbline_changes", "Changes planned in the last run, by action.", changes),
            Family("plumbline_applied_changes", "Changes of the last apply, by outcome.", applied),
            Family("plumbline_drift", "Drift findings of the last run, by type.", drift),
            Family("plumbline_flagged_sessions", "Sessions flagged by the last audit, by reason (and in total).", sessions),
        ]
    }

    struct Family {
        let name: String
        let help: String
        let samples: [([String: String], Double)]

        init(_ name: String, _ help: String, _ samples: [([String: String], Double)]) {
            self.name = name
            self.help = help
            self.samples = samples
        }

        var text: String {
            var lines = ["# HELP \(name) \(help)", "# TYPE \(name) gauge"]
            for (labels, value) in samples {
                let rendered = labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\(escape($0.value))\"" }.joined(separator: ",")
                lines.append("\(name){\(rendered)} \(format(value))")
            }
            return lines.joined(separator: "\n") + "\n"
        }

        private func escape(_ value: String) -> String {
            value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
        }

        private func format(_ value: Double) -> String {
            value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
        }
    }
}
