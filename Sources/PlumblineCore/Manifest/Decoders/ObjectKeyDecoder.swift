extension Diagnostic.Code {
    static let invalidObjectKey = Self("invalid-object-key")
}

/// Decodes an object key as DESIGN §3 writes it — `{ system: medplum, kind: ProjectMembership,
/// key: bob@northside.example.org }` — the form drift reports and acknowledgements and adoptions
/// share. E-mails in keys are lower-cased, as plumbline keys people.
enum ObjectKeyDecoder {
    static let keys = ["system", "kind", "key"]

    static func decode(_ reader: NodeReader) -> Located<ResourceKey>? {
        guard let mapping = MappingReader(reader, allowedKeys: keys) else { return nil }
        let system = mapping.choice("system", of: ManagedSystem.allCases.map(\.rawValue))
        if !mapping.has("system") { _ = mapping.value("system", required: true) }
        let kind = mapping.choice("kind", of: ResourceKind.allCases.map(\.rawValue))
        if !mapping.has("kind") { _ = mapping.value("kind", required: true) }
        let key = mapping.string("key", required: true)
        guard let system, let kind, let key,
              let managedSystem = ManagedSystem(rawValue: system.value), let resourceKind = ResourceKind(rawValue: kind.value)
        else { return nil }
        guard resourceKind.system == managedSystem else {
            let kinds = ResourceKind.allCases.filter { $0.system == managedSystem }.map(\.rawValue).joined(separator: ", ")
            mapping.sink.error(.invalidObjectKey, at: kind.location, "'\(reader.path).kind' in \(reader.subject) is '\(kind.value)', a \(resourceKind.system.rawValue) kind, not a \(managedSystem.rawValue) one; \(managedSystem.rawValue) kinds are \(kinds)")
            return nil
        }
        return Located(ResourceKey(managedSystem, resourceKind, normalised(key.value, kind: resourceKind)), at: mapping.location)
    }

    /// People are keyed by lower-cased e-mail (DESIGN §3): `Bob@X` and `bob@x` are one person.
    static func normalised(_ key: String, kind: ResourceKind) -> String {
        switch kind {
        case .projectMembership:
            return key.lowercased()
        case .member:
            guard let slash = key.firstIndex(of: "/") else { return key }
            return String(key[...slash]) + key[key.index(after: slash)...].lowercased()
        default:
            return key
        }
    }
}
