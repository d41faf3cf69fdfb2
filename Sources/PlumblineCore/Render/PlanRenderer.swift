import Foundation

/// Turns a plan into text for one audience (STYLE rule 10: the diff is computed in one place and
/// shown in another). Renderers return strings and never print.
public protocol PlanRenderer: Sendable {
    func render(_ plan: Plan) -> String
}

/// Which renderer `--output` picks.
public enum PlanFormat: String, Sendable, CaseIterable {
    case text, json, markdown

    public func renderer(colored: Bool = false) -> any PlanRenderer {
        switch self {
        case .text: TextPlanRenderer(colored: colored)
        case .json: JSONPlanRenderer()
        case .markdown: MarkdownPlanRenderer()
        }
    }
}

/// The plan's JSON form (DESIGN §3): stable keys, sorted, versioned by `formatVersion`.
public struct JSONPlanRenderer: PlanRenderer {
    public init() {}

    public func render(_ plan: Plan) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(plan)) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}

/// Shared pieces of the human renderers.
enum PlanText {
    /// `14 to create, 2 to update, …` with every action, and the escalation count.
    static func summary(_ plan: Plan) -> String {
        let counts = plan.summary
        let parts = Action.allCases.map { "\(counts[$0] ?? 0) to \($0.rawValue)" }.joined(separator: ", ")
        let escalations = plan.escalationCount
        return parts + (escalations > 0 ? " (\(escalations) widen\(escalations == 1 ? "s" : "") access)" : "")
    }

    /// What to deploy so the Medplum server's CORS configuration agrees, when it does not.
    static func corsLines(_ advice: CorsAdvice?) -> [String] {
        guard let advice, !advice.agrees else { return [] }
        var problems = advice.refused.map { "it refuses \($0)" }
        if advice.wildcard { problems.append("it answers with a wildcard (*)") } else if advice.tooPermissive { problems.append("it accepts origins no manifest declares") }
        return [
            "The Medplum server's CORS configuration disagrees with cors.allowedOrigins (\(problems.joined(separator: "; "))); apply cannot change it, so deploy:",
            "  \(advice.configurationLine)      (medplum.config.json)",
            "  \(advice.environmentVariable)      (environment)",
        ]
    }

    /// A field value as plan output shows it: strings quoted, lists and objects as compact JSON.
    static func value(_ value: JSONValue?) -> String {
        guard let value else { return "(none)" }
        return value.description
    }

    /// Changes to objects that are not a person's, then each person's changes together.
    static func sections(_ plan: Plan) -> (shared: [Change], people: [(person: String, changes: [Change])]) {
        let shared = plan.changes.filter { $0.person == nil }
        var order: [String] = []
        var byPerson: [String: [Change]] = [:]
        for change in plan.changes {
            guard let person = change.person else { continue }
            if byPerson[person] == nil { order.append(person) }
            byPerson[person, default: []].append(change)
        }
        return (shared, order.sorted().map { ($0, byPerson[$0] ?? []) })
    }

    /// `medplum AccessPolicy 'clinician'` for shared objects; `medplum ProjectMembership` under a person.
    static func title(_ change: Change, underPerson: Bool) -> String {
        if underPerson, let summary = change.summary { return summary }
        return underPerson && change.resource.key == change.person
            ? "\(change.resource.system.rawValue) \(change.resource.kind.rawValue)"
            : "\(change.resource.system.rawValue) \(change.resource.kind.rawValue) '\(change.resource.key)'"
    }
}
