extension Diagnostic.Code {
    static let invalidDuration = Self("invalid-duration")
    static let ineffectiveLimit = Self("ineffective-limit")
}

/// Decodes `kind: SessionPolicy`.
enum SessionPolicyDecoder {
    static let keys = ["kind", "name", "maxAge", "idleTimeout", "maxConcurrent", "onViolation"]

    static func decode(_ reader: NodeReader) -> SessionPolicyManifest? {
        guard let root = MappingReader(reader, allowedKeys: keys) else { return nil }
        let name = root.string("name", required: true)
        let maxAge = root.value("maxAge").flatMap(duration)
        let idleTimeout = root.value("idleTimeout").flatMap(duration)
        let maxConcurrent = root.integer("maxConcurrent", minimum: 1)
        let onViolation = root.choice("onViolation", of: ViolationAction.allCases.map(\.rawValue))
            .flatMap { value in ViolationAction(rawValue: value.value).map { Located($0, at: value.location) } }
        if let idleTimeout, let maxAge, idleTimeout.value > maxAge.value {
            root.sink.warning(.ineffectiveLimit, at: idleTimeout.location, "'idleTimeout' (\(idleTimeout.value)) in \(reader.subject) is longer than 'maxAge' (\(maxAge.value)), so it never applies; shorten it")
        }
        if !root.has("maxAge") && !root.has("idleTimeout") && !root.has("maxConcurrent") {
            root.sink.warning(.ineffectiveLimit, at: root.location, "\(reader.subject) sets no limit; add maxAge, idleTimeout or maxConcurrent")
        }
        guard let name else { return nil }
        return SessionPolicyManifest(
            name: name, maxAge: maxAge, idleTimeout: idleTimeout, maxConcurrent: maxConcurrent,
            onViolation: onViolation, location: root.location
        )
    }

    static func duration(_ node: NodeReader) -> Located<ManifestDuration>? {
        guard let text = node.node.scalar, node.node.scalarType == .string else {
            node.reportWrongType(expected: "a duration such as 30m, 12h or 14d", fix: "; add a unit, e.g. 30m")
            return nil
        }
        guard let duration = ManifestDuration(text) else {
            node.sink.error(.invalidDuration, at: node.location, "\(node.described) must be a duration such as 30m, 12h or 14d, found '\(text)'")
            return nil
        }
        return Located(duration, at: node.location)
    }
}
