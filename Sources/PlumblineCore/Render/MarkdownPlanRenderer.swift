/// The plan as Markdown for a CI step summary or a pull-request comment: a summary line, shared
/// objects, then a section per person, escalations in bold so a reviewer cannot miss them.
public struct MarkdownPlanRenderer: PlanRenderer {
    public init() {}

    public func render(_ plan: Plan) -> String {
        var lines = ["### plumbline plan — `\(plan.environment)`", "", PlanText.summary(plan)]
        if plan.isEmpty && plan.conflicts.isEmpty { lines += ["", "No changes: the servers match the manifests."] }
        let (shared, people) = PlanText.sections(plan)
        if !shared.isEmpty {
            lines += ["", "#### Policies, clients and organizations", ""]
            shared.forEach { lines += render($0, underPerson: false) }
        }
        if !people.isEmpty {
            lines += ["", "#### People", ""]
            for (person, changes) in people {
                lines.append("- **\(escape(person))**")
                changes.forEach { lines += render($0, underPerson: true).map { "  " + $0 } }
            }
        }
        if !plan.conflicts.isEmpty {
            lines += ["", "#### Conflicts", "", "Apply refuses the plan until these are resolved:", ""]
            lines += plan.conflicts.map { "- \(escape($0.resource.description)): \(escape($0.message))" }
        }
        if !plan.notes.isEmpty {
            lines += ["", "#### Notes", ""]
            lines += plan.notes.map { "- \(escape($0))" }
        }
        if let advice = plan.cors, let first = PlanText.corsLines(advice).first {
            lines += ["", "#### CORS", "", escape(first), "", "```", advice.configurationLine, advice.environmentVariable, "```"]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func render(_ change: Change, underPerson: Bool) -> [String] {
        var line = "- `\(change.action.symbol)` \(change.action.rawValue) \(escape(PlanText.title(change, underPerson: underPerson)))"
        if let reason = change.reason { line += " — \(escape(reason))" }
        if change.isEscalation { line += " — **⚠ escalation: \(escape(change.escalations.joined(separator: "; ")))**" }
        return [line] + change.fields.map { field in
            "  - `\(field.path)`: `\(PlanText.value(field.before))` → `\(PlanText.value(field.after))`"
        }
    }

    private func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if "\\`*_[]<>|#".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
