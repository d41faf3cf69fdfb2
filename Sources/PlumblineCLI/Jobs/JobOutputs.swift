import Foundation
import PlumblineCore

/// Where a job's report, summary and metrics go (`report:` in the job file; paths relative to
/// the working directory), written atomically so a scraper never reads half a file.
struct JobOutputs {
    let job: JobManifest

    var directory: String? { job.report?.dir?.value }
    var writesMarkdown: Bool { job.report?.markdown?.value ?? true }
    var metricsFile: String? { job.report?.metricsFile?.value }

    /// The audit log of the job: beside its reports, or the default log.
    var auditTrail: AuditTrail? {
        directory.map { AuditTrail(path: "\($0)/audit.jsonl") } ?? AuditTrail.resolve(nil)
    }

    /// Writes `<job>-<time>.json` (+ `.md`) and `<job>-latest.json` (+ `.md`); returns the paths.
    func write(_ report: JobReport, markdown: String) throws -> [String] {
        guard let directory else { return [] }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: 0)
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        let stem = "\(directory)/\(report.job)-\(formatter.string(from: report.startedAt))"
        let latest = "\(directory)/\(report.job)-latest"
        let json = Self.encode(report)
        var written = [stem + ".json"]
        try json.write(to: URL(fileURLWithPath: stem + ".json"), options: .atomic)
        try json.write(to: URL(fileURLWithPath: latest + ".json"), options: .atomic)
        if writesMarkdown {
            try Data(markdown.utf8).write(to: URL(fileURLWithPath: stem + ".md"), options: .atomic)
            try Data(markdown.utf8).write(to: URL(fileURLWithPath: latest + ".md"), options: .atomic)
            written.append(stem + ".md")
        }
        return written
    }

    /// Writes the Prometheus metrics, keeping the last success time of an earlier run.
    func writeMetrics(_ report: JobReport) throws {
        guard let metricsFile else { return }
        let previous = FileManager.default.contents(atPath: metricsFile).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let lastSuccess = previous.split(separator: "\n")
            .first { $0.hasPrefix("plumbline_last_success_timestamp_seconds{") }
            .flatMap { $0.split(separator: " ").last.flatMap { Double($0) } }
            .map { Date(timeIntervalSince1970: $0) }
        let directory = URL(fileURLWithPath: metricsFile).deletingLastPathComponent().path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data(PrometheusMetrics.render(report, lastSuccess: lastSuccess).utf8).write(to: URL(fileURLWithPath: metricsFile), options: .atomic)
    }

    static func encode(_ report: JobReport) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return (try? encoder.encode(report)) ?? Data()
    }
}
