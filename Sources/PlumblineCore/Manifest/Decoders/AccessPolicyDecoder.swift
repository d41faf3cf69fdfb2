extension Diagnostic.Code {
    static let unknownResourceType = Self("unknown-resource-type")
    static let unknownInteraction = Self("unknown-interaction")
    static let invalidCriteria = Self("invalid-criteria")
    static let invalidFieldPath = Self("invalid-field-path")
    static let grantsNothing = Self("grants-nothing")
    static let ignoredSetting = Self("ignored-setting")
    static let adminOnlyType = Self("admin-only-type")
}

/// Decodes `kind: AccessPolicy`, checking resource types, interaction codes, criteria and field
/// paths as Medplum will read them (contract 4.7, 5.1).
enum AccessPolicyDecoder {
    static let keys = ["kind", "name", "resources"]
    static let resourceKeys = ["resourceType", "interactions", "readonly", "criteria", "hiddenFields", "readonlyFields"]

    static func decode(_ reader: NodeReader) -> AccessPolicyManifest? {
        guard let root = MappingReader(reader, allowedKeys: keys) else { return nil }
        let name = root.string("name", required: true)
        let entries = root.mappings("resources", allowedKeys: resourceKeys, required: true)
        let resources = entries?.compactMap(resourceRule) ?? []
        if let entries, entries.isEmpty, let node = root.value("resources") {
            root.sink.warning(.grantsNothing, at: node.location, "\(reader.subject) lists no resources, so it grants nothing; add resources or remove the policy")
        }
        guard let name else { return nil }
        return AccessPolicyManifest(name: name, resources: resources, location: root.location)
    }

    private static func resourceRule(_ entry: MappingReader) -> ResourceRule? {
        let resourceType = entry.string("resourceType", required: true).flatMap { checkResourceType($0, entry) }
        let interactions = entry.value("interactions")?.items()?.compactMap(interaction)
        let readonly = entry.bool("readonly")
        let criteria = entry.string("criteria")
        let hiddenFields = entry.strings("hiddenFields")?.filter { checkFieldPath($0, entry) } ?? []
        let readonlyFields = entry.strings("readonlyFields")?.filter { checkFieldPath($0, entry) } ?? []
        if let interactions, interactions.isEmpty, let node = entry.value("interactions") {
            entry.sink.warning(.grantsNothing, at: node.location, "\(node.described) is empty, so the entry grants nothing; list interactions or remove the entry")
        }
        if let readonly, entry.has("interactions") {
            entry.sink.warning(.ignoredSetting, at: readonly.location, "'readonly' in \(entry.reader.subject) is ignored when 'interactions' is given; remove it")
        }
        guard let resourceType else { return nil }
        if let criteria, let problem = CriteriaSyntax.problem(criteria.value, resourceType: resourceType.value) {
            entry.sink.error(.invalidCriteria, at: criteria.location, "criteria '\(criteria.value)' in \(entry.reader.subject) \(problem)")
        }
        return ResourceRule(
            resourceType: resourceType, interactions: interactions, readonly: readonly, criteria: criteria,
            hiddenFields: hiddenFields, readonlyFields: readonlyFields, location: entry.location
        )
    }

    /// Types Medplum never grants through an access policy (contract 4.6): project-admin types
    /// follow the membership's admin flag, protected types are for super admins only.
    static let notGrantedByPolicies: Set<String> = [
        "Project", "ProjectMembership", "User", "UserSecurityRequest", "Login", "JsonWebKey", "DomainConfiguration",
    ]

    private static func checkResourceType(_ type: Located<String>, _ entry: MappingReader) -> Located<String>? {
        if notGrantedByPolicies.contains(type.value) {
            entry.sink.warning(.adminOnlyType, at: type.location, "AccessPolicy entries for '\(type.value)' have no effect: Medplum grants it only to project admins (or super admins); give the people who need it a Role with medplum.admin instead")
            return type
        }
        guard type.value != "*", !FHIRResourceTypes.all.contains(type.value) else { return type }
        let hint = Suggestion.didYouMean(type.value, in: FHIRResourceTypes.all.sorted())
            ?? "use a FHIR R4 or Medplum resource type, or '*'"
        entry.sink.error(.unknownResourceType, at: type.location, "unknown FHIR resource type '\(type.value)' in \(entry.reader.subject); \(hint)")
        return nil
    }

    private static func interaction(_ item: NodeReader) -> Located<FHIRInteraction>? {
        guard let code = item.string() else { return nil }
        guard let interaction = FHIRInteraction(rawValue: code.value) else {
            let valid = FHIRInteraction.allCases.map(\.rawValue)
            let hint = Suggestion.didYouMean(code.value, in: valid) ?? "valid interactions are \(valid.joined(separator: ", "))"
            item.sink.error(.unknownInteraction, at: code.location, "unknown interaction '\(code.value)' in \(item.subject); \(hint)")
            return nil
        }
        return code.map { _ in interaction }
    }

    private static func checkFieldPath(_ path: Located<String>, _ entry: MappingReader) -> Bool {
        guard !CriteriaSyntax.isFieldPath(path.value) else { return true }
        entry.sink.error(.invalidFieldPath, at: path.location, "'\(path.value)' in \(entry.reader.subject) is not a field path; write element names separated by dots, e.g. name.family")
        return false
    }
}

/// The shapes Medplum gives meaning to in an AccessPolicy resource entry.
enum CriteriaSyntax {
    /// Why `criteria` is not a FHIR search for `resourceType` (`Type?param=value&…`), or nil.
    static func problem(_ criteria: String, resourceType: String) -> String? {
        let prefix = "\(resourceType)?"
        guard criteria.hasPrefix(prefix) else {
            let query = criteria.split(separator: "?", maxSplits: 1).last.map(String.init) ?? criteria
            return "must start with '\(prefix)'; write '\(prefix)\(query)'"
        }
        let query = criteria.dropFirst(prefix.count)
        guard !query.isEmpty else { return "has no search parameters after '?'; add one, e.g. '\(prefix)status=final'" }
        for parameter in query.split(separator: "&", omittingEmptySubsequences: false) {
            let parts = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count != 2 || parts[0].isEmpty || parts[1].isEmpty {
                return "has '\(parameter)', which is not a name=value search parameter; write parameters as name=value joined by '&'"
            }
        }
        return nil
    }

    /// Whether `path` is a dotted element path such as `name.family` or `value[x]`.
    static func isFieldPath(_ path: String) -> Bool {
        path.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { element in
            let name = element.hasSuffix("[x]") ? element.dropLast(3) : element
            guard let first = name.first, first.isASCII, first.isLetter || first == "_" else { return false }
            return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        }
    }
}
