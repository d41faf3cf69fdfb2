import Foundation

/// Renders a drift report for people (text, Markdown) and machines (JSON, DESIGN §3). Returns
/// strings and never prints.
public enum DriftRenderer {
    public static func render(_ report: DriftReport, format: PlanFormat) -> String {
        switch format {
        case .text: text(report)
        case .json: json(report)
        case .markdown: markdown(report)
        }
    }

    /// `1 changed, 0 missing, 2 unmanaged`, and how many were acknowledged.
    public static func summary(_ report: DriftReport) -> String {
        let counts = report.counts
        let parts = DriftType.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
        return parts + (report.acknowledged.isEmpty ? "" : " (\(report.acknowledged.count) acknowledged)")
    }

    static func symbol(_ type: DriftType) -> String {
        switch type {
        case .changed: "~"
        case .missing: "-"
        case .unmanaged: "+"
        }
    }

    /// `by Alice Doe (Practitioner/1) at 2026-05-01T10:00:00Z`, or nil when the server did not say.
    static func attribution(_ finding: DriftFinding) -> String? {
        var parts: [String] = []
        if let author = finding.changedBy {
            let reference = finding.changedByReference.flatMap { $0 == author ? nil : $0 }
            parts.append("by \(author)\(reference.map { " (\($0))" } ?? "")")
        }
        if let at = finding.changedAt { parts.append("at \(timestamp(at, fraction: false))") }
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    static func timestamp(_ date: Date, fraction: Bool) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = fraction ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        return formatter.string(from: date)
    }

    // MARK: Text

    public static func text(_ report: DriftReport) -> String {
        var lines = ["Drift in environment '\(report.environment)': \(summary(report))"]
        if !report.hasDrift {
            lines += ["", "No drift: the servers match the manifests."]
        }
        for finding in report.findings {
            lines.append("")
            lines.append("  \(symbol(finding.type)) \(finding.type.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(finding.resource)")
            lines += finding.fields.map { "      \($0.path): \(PlanText.value($0.before)) → \(PlanText.value($0.after))" }
            if let attribution = attribution(finding) { lines.append("      changed \(attribution)") }
            if let detail = finding.detail { lines.append("      \(detail)") }
            if let expired = finding.expiredAcknowledgement { lines.append("      (DriftAcknowledgement '\(expired)' covered this until it expired)") }
        }
        if !report.acknowledged.isEmpty {
            lines += ["", "Acknowledged (not reported until they expire):"]
            lines += report.acknowledged.map { "  \($0.finding.type.rawValue) \($0.finding.resource): DriftAcknowledgement '\($0.acknowledgement)' until \($0.until): \($0.reason)" }
        }
        if !report.warnings.isEmpty {
            lines += ["", "Warnings:"]
            lines += report.warnings.map { "  warning: \($0)" }
        }
        if !report.notes.isEmpty {
            lines += ["", "Notes:"]
            lines += report.notes.map { "  \($0)" }
        }
        lines += ["", "Fields read declared → live."]
        return lines.joined(separator: "\n") + "\n"
    }

    // MARK: Markdown

    public static func markdown(_ report: DriftReport) -> String {
        var lines = ["### plumbline drift — `\(report.environment)`", "", summary(report)]
        if !report.hasDrift { lines += ["", "No drift: the servers match the manifests."] }
        if report.hasDrift {
            lines += ["", "| | Type | Object | Fields (declared → live) | Changed |", "| --- | --- | --- | --- | --- |"]
            for finding in report.findings {
                let fields = finding.fields.map { "`\($0.path)`: `\(PlanText.value($0.before))` → `\(PlanText.value($0.after))`" }.joined(separator: "<br>")
                let changed = attribution(finding) ?? "unknown"
                var object = finding.resource.description
                if let detail = finding.detail { object += "<br>\(detail)" }
                lines.append("| `\(symbol(finding.type))` | \(finding.type.rawValue) | \(cell(object)) | \(cell(fields)) | \(cell(changed)) |")
            }
        }
        if !report.acknowledged.isEmpty {
            lines += ["", "#### Acknowledged", ""]
            lines += report.acknowledged.map { "- \(cell($0.finding.resource.description)) (\($0.finding.type.rawValue)): `\($0.acknowledgement)` until \($0.until) — \(cell($0.reason))" }
        }
        if !report.warnings.isEmpty {
            lines += ["", "#### Warnings", ""]
            lines += report.warnings.map { "- ⚠️ \(cell($0))" }
        }
        if !report.notes.isEmpty {
            lines += ["", "#### Notes", ""]
            lines += report.notes.map { "- \(cell($0))" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    // MARK: JSON

    /// `{"formatVersion":1,"environment":…,"drift":[{"system","kind","key","type","fields","changedBy","changedAt",…}],…}`.
    public static func json(_ report: DriftReport) -> String {
        let document = Document(
            formatVersion: DriftReport.currentFormatVersion, environment: report.environment,
            drift: report.findings.map { Entry($0) },
            summary: Dictionary(uniqueKeysWithValues: report.counts.map { ($0.key.rawValue, $0.value) }),
            acknowledged: report.acknowledged.map { Entry($0.finding, acknowledgement: $0) },
            warnings: report.warnings, notes: report.notes
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(document)) ?? Data(), as: UTF8.self) + "\n"
    }

    private struct Document: Encodable {
        let formatVersion: Int
        let environment: String
        let drift: [Entry]
        let summary: [String: Int]
        let acknowledged: [Entry]
        let warnings: [String]
        let notes: [String]
    }

    private struct Entry: Encodable {
        let finding: DriftFinding
        let acknowledgement: AcknowledgedFinding?

        init(_ finding: DriftFinding, acknowledgement: AcknowledgedFinding? = nil) {
            self.finding = finding
            self.acknowledgement = acknowledgement
        }

        private enum CodingKeys: String, CodingKey {
            case system, kind, key, type, fields, changedBy, changedByReference, changedAt, detail, id
            case expiredAcknowledgement, acknowledgement, reason, until
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(finding.resource.system, forKey: .system)
            try container.encode(finding.resource.kind, forKey: .kind)
            try container.encode(finding.resource.key, forKey: .key)
            try container.encode(finding.type, forKey: .type)
            try container.encode(finding.fields, forKey: .fields)
            // Always present, null when the server does not say (DESIGN §3's shape).
            try container.encode(finding.changedBy, forKey: .changedBy)
            try container.encode(finding.changedAt.map { DriftRenderer.timestamp($0, fraction: true) }, forKey: .changedAt)
            try container.encodeIfPresent(finding.changedByReference, forKey: .changedByReference)
            try container.encodeIfPresent(finding.detail, forKey: .detail)
            try container.encodeIfPresent(finding.liveId, forKey: .id)
            try container.encodeIfPresent(finding.expiredAcknowledgement, forKey: .expiredAcknowledgement)
            if let acknowledgement {
                try container.encode(acknowledgement.acknowledgement, forKey: .acknowledgement)
                try container.encode(acknowledgement.reason, forKey: .reason)
                try container.encode(acknowledgement.until.description, forKey: .until)
            }
        }
    }
}
