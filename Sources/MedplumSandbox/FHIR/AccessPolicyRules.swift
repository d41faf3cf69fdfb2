/// One `AccessPolicy.resource` entry, parsed for evaluation.
struct PolicyEntry: Sendable {
    /// `resourceType`, or `*` for every type except the project-admin ones.
    var resourceType: String
    /// Allowed interactions; nil allows all.
    var interactions: Set<Interaction>?
    /// Parsed `criteria`; nil when absent or not of the form `<Type>?...` (Medplum ignores those).
    var criteria: [SearchFilter]?
    var hiddenFields: [String]
    var readonlyFields: [String]

    func applies(to resourceType: String, _ interaction: Interaction) -> Bool {
        let typeMatches =
            self.resourceType == resourceType
            || (self.resourceType == "*" && !ResourceTypes.projectAdmin.contains(resourceType))
        return typeMatches && (interactions?.contains(interaction) ?? true)
    }

    /// Whether a resource with these search values satisfies `criteria`.
    func admits(_ values: [String: [IndexedValue]]) -> Bool {
        guard let criteria else { return true }
        return SearchMatcher.matches(criteria, values: values)
    }
}

/// A member's effective access policy (contract 4.7): the union of its policies, with the
/// project-admin rules applied, plus the synthesised AccessPolicy `/auth/me` shows.
struct AccessPolicyRules: Sendable {
    var entries: [PolicyEntry]
    var json: JSON = .null

    /// Entries allowing `interaction` on `resourceType` at all.
    func entries(for resourceType: String, _ interaction: Interaction) -> [PolicyEntry] {
        entries.filter { $0.applies(to: resourceType, interaction) }
    }

    /// The first entry allowing `interaction` on this resource, which also decides its hidden and
    /// read-only fields; nil when access is denied.
    func governingEntry(
        _ resourceType: String, _ interaction: Interaction, values: [String: [IndexedValue]]
    ) -> PolicyEntry? {
        entries(for: resourceType, interaction).first { $0.admits(values) }
    }

    /// Parses an entry of an AccessPolicy resource (after parameter substitution).
    static func entry(_ json: JSON) -> PolicyEntry? {
        guard let resourceType = json["resourceType"]?.stringValue else { return nil }
        var interactions: Set<Interaction>?
        if let listed = json["interaction"]?.arrayValue {
            interactions = Set(listed.compactMap { $0.stringValue.flatMap(Interaction.init(rawValue:)) })
        } else if json["readonly"]?.boolValue == true {
            interactions = [.search, .read, .history, .vread]
        }
        var criteria: [SearchFilter]?
        if let text = json["criteria"]?.stringValue, let question = text.firstIndex(of: "?") {
            let type = String(text[..<question])
            if type == resourceType || resourceType == "*" {
                criteria = try? SearchRequest.parse(
                    resourceType: type == "*" ? resourceType : type,
                    queryString: text[text.index(after: question)...]
                ).filters
            }
        }
        return PolicyEntry(
            resourceType: resourceType, interactions: interactions, criteria: criteria,
            hiddenFields: json["hiddenFields"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            readonlyFields: json["readonlyFields"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    }
}

/// Removing and restoring dotted field paths (`hiddenFields`, `readonlyFields`).
enum FieldPaths {
    /// The resource without the value at `path` (in every array element on the way).
    static func removing(_ path: String, from json: JSON) -> JSON {
        remove(path.split(separator: ".").map(String.init)[...], from: json)
    }

    private static func remove(_ keys: ArraySlice<String>, from json: JSON) -> JSON {
        guard let key = keys.first else { return json }
        switch json {
        case .array(let elements):
            return .array(elements.map { remove(keys, from: $0) })
        case .object(var object):
            if keys.count == 1 {
                object[key] = nil
            } else if let child = object[key] {
                object[key] = remove(keys.dropFirst(), from: child)
            }
            return .object(object)
        default:
            return json
        }
    }

    /// `target` with the value at `path` taken from `source` (or removed when `source` has none):
    /// how read-only and hidden fields survive a write unchanged. Arrays on the way are matched
    /// element by element.
    static func restoring(_ path: String, in target: JSON, from source: JSON?) -> JSON {
        restore(path.split(separator: ".").map(String.init)[...], in: target, from: source)
    }

    private static func restore(_ keys: ArraySlice<String>, in target: JSON, from source: JSON?) -> JSON {
        guard let key = keys.first else { return target }
        var result = target
        if keys.count == 1 {
            result[key] = source?[key]
            return result
        }
        switch (target[key], source?[key]) {
        case (.array(let elements)?, let old):
            let oldElements = old?.arrayValue ?? []
            result[key] = .array(
                elements.enumerated().map { offset, element in
                    restore(keys.dropFirst(), in: element, from: offset < oldElements.count ? oldElements[offset] : nil)
                })
        case (let child?, let old):
            result[key] = restore(keys.dropFirst(), in: child, from: old)
        case (nil, .object?):
            let rebuilt = restore(keys.dropFirst(), in: .object(JSONObject()), from: source?[key])
            result[key] = rebuilt.objectValue?.isEmpty == false ? rebuilt : nil
        case (nil, _?):
            break
        case (nil, nil):
            break
        }
        return result
    }
}
