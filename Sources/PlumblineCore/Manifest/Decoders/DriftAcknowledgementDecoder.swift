/// Decodes `kind: DriftAcknowledgement` and `kind: Adoption`.
enum DriftAcknowledgementDecoder {
    static let keys = ["kind", "name", "object", "type", "reason", "until"]

    static func decode(_ reader: NodeReader) -> DriftAcknowledgementManifest? {
        let nested = ObjectKeyDecoder.keys.map { "object.\($0)" }
        guard let root = MappingReader(reader, allowedKeys: keys, nestedKeys: nested) else { return nil }
        let name = root.string("name", required: true)
        let object = root.value("object", required: true).flatMap(ObjectKeyDecoder.decode)
        let type = root.choice("type", of: DriftType.allCases.map(\.rawValue))
            .flatMap { value in DriftType(rawValue: value.value).map { Located($0, at: value.location) } }
        let reason = root.string("reason", required: true)
        let until = root.value("until", required: true).flatMap(UserDecoder.date)
        guard let name, let object, let reason, let until else { return nil }
        return DriftAcknowledgementManifest(name: name, object: object, type: type, reason: reason, until: until, location: root.location)
    }
}

/// Decodes `kind: Adoption`.
enum AdoptionDecoder {
    static let keys = ["kind", "name", "reason", "objects"]

    static func decode(_ reader: NodeReader) -> AdoptionManifest? {
        guard let root = MappingReader(reader, allowedKeys: keys) else { return nil }
        let name = root.string("name", required: true)
        let reason = root.string("reason")
        let items = root.value("objects", required: true)?.items()
        if let items, items.isEmpty, let node = root.value("objects") {
            root.sink.error(.emptyValue, at: node.location, "\(node.described) is empty; list the objects to adopt or remove the document")
        }
        let objects = items?.compactMap(ObjectKeyDecoder.decode) ?? []
        guard let name else { return nil }
        return AdoptionManifest(name: name, reason: reason, objects: objects, location: root.location)
    }
}
