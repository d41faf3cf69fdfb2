/// The plan for a terminal or a log: one line per change with its symbol (`+` create, `~`
/// update, `-` delete, `!` deactivate, `^` reactivate, `x` revoke), the changed fields below it,
/// escalations marked, people grouped. Colours only when asked (stdout is a terminal).
public struct TextPlanRenderer: PlanRenderer {
    public let colored: Bool

    public init(colored: Bool = false) {
        self.colored = colored
    }

    public func render(_ plan: Plan) -> String {
        var lines = ["Plan for environment '\(plan.environment)': \(PlanText.summary(plan))"]
        if plan.isEmpty && plan.conflicts.isEmpty {
            lines.append("")
            lines.append("No changes: the servers match the manifests.")
        }
        let (shared, people) = PlanText.sections(plan)
        if !shared.isEmpty {
            lines.append("")
            shared.forEach { lines += render($0, indent: "  ", underPerson: false) }
        }
        for (person, changes) in people {
            lines.append("")
            lines.append("  \(paint(person, "1"))")
            changes.forEach { lines += render($0, indent: "    ", underPerson: true) }
        }
        if !plan.conflicts.isEmpty {
            lines.append("")
            lines.append(paint("Conflicts (apply refuses the plan until they are resolved):", "31"))
            lines += plan.conflicts.map { "  \($0.resource): \($0.message)" }
        }
        if !plan.notes.isEmpty {
            lines.append("")
            lines.append("Notes:")
            lines += plan.notes.map { "  \($0)" }
        }
        let cors = PlanText.corsLines(plan.cors)
        if !cors.isEmpty {
            lines.append("")
            lines.append("CORS:")
            lines += cors.map { "  \($0)" }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func render(_ change: Change, indent: String, underPerson: Bool) -> [String] {
        var header = "\(indent)\(paint(change.action.symbol, colour(of: change.action))) \(PlanText.title(change, underPerson: underPerson))"
        if let reason = change.reason { header += " (\(reason))" }
        var lines = [header]
        if change.isEscalation {
            lines.append("\(indent)    \(paint("escalation: \(change.escalations.joined(separator: "; "))", "35"))")
        }
        for field in change.fields {
            lines.append("\(indent)    \(field.path): \(PlanText.value(field.before)) → \(PlanText.value(field.after))")
        }
        return lines
    }

    private func colour(of action: Action) -> String {
        switch action {
        case .create, .reactivate: "32"
        case .update: "33"
        case .delete, .deactivate, .revoke: "31"
        }
    }

    private func paint(_ text: String, _ code: String) -> String {
        colored ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
