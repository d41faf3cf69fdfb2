/// A YAML mapping read against a schema: the keys it may hold are declared up front, so unknown
/// keys are reported (with a suggestion) and required ones are reported when missing.
struct MappingReader {
    let reader: NodeReader
    /// The allowed entries in document order: a manifest mapping has a handful of keys, so a
    /// scan costs less than hashing each one into a dictionary.
    private let entries: [(key: String, value: YAMLNode)]

    /// Reads `reader`'s node as a mapping whose keys must be among `allowedKeys`; nil after
    /// reporting that it is not a mapping.
    /// `nestedKeys` (dotted, e.g. `medplum.accessPolicies`) are offered as suggestions when an
    /// unknown key is close to none of `allowedKeys` but to a key one level down.
    init?(_ reader: NodeReader, allowedKeys: [String], nestedKeys: [String] = []) {
        guard case .mapping(let mapping) = reader.node.content else {
            reader.reportWrongType(expected: "a mapping")
            return nil
        }
        self.reader = reader
        var entries: [(key: String, value: YAMLNode)] = []
        entries.reserveCapacity(mapping.count)
        for (key, value) in mapping {
            let keyReader = reader.child(key, path: reader.path)
            guard let name = key.scalar else {
                reader.sink.error(.wrongType, at: keyReader.location, "keys of \(Self.container(reader)) must be strings, found \(key.kindDescription)")
                continue
            }
            guard allowedKeys.contains(name) else {
                let hint = Suggestion.didYouMean(name, in: allowedKeys)
                    ?? Suggestion.didYouMean(name, in: nestedKeys)
                    ?? "valid keys are \(allowedKeys.joined(separator: ", "))"
                reader.sink.error(.unknownKey, at: keyReader.location, "unknown key '\(name)' in \(Self.container(reader)); \(hint)")
                continue
            }
            entries.append((name, value))
        }
        self.entries = entries
    }

    var location: SourceLocation { reader.location }
    var sink: DiagnosticSink { reader.sink }

    /// `Role 'clinician'` at the root, `'medplum' of Environment 'production'` below it.
    private static func container(_ reader: NodeReader) -> String {
        reader.path.isEmpty ? reader.subject : "'\(reader.path)' of \(reader.subject)"
    }

    /// Whether the mapping has `key` at all (even with a wrong value).
    func has(_ key: String) -> Bool { node(key) != nil }

    private func node(_ key: String) -> YAMLNode? { entries.first { $0.key == key }?.value }

    /// The value at `key`, or nil when absent; when `required`, absence is reported.
    func value(_ key: String, required: Bool = false) -> NodeReader? {
        guard let node = node(key) else {
            if required {
                sink.error(.missingKey, at: location, "missing required key '\(key)' in \(Self.container(reader)); add it")
            }
            return nil
        }
        let childPath = reader.path.isEmpty ? key : "\(reader.path).\(key)"
        return reader.child(node, path: childPath)
    }

    func string(_ key: String, required: Bool = false) -> Located<String>? {
        value(key, required: required)?.string()
    }

    func bool(_ key: String) -> Located<Bool>? {
        value(key)?.bool()
    }

    func integer(_ key: String, minimum: Int) -> Located<Int>? {
        value(key)?.integer(minimum: minimum)
    }

    func configValue(_ key: String, required: Bool = false) -> Located<ConfigValue>? {
        value(key, required: required)?.configValue()
    }

    func strings(_ key: String, required: Bool = false) -> [Located<String>]? {
        value(key, required: required)?.strings()
    }

    func choice(_ key: String, of allowed: [String]) -> Located<String>? {
        value(key)?.choice(of: allowed)
    }

    /// A nested mapping with its own schema.
    func mapping(_ key: String, allowedKeys: [String], required: Bool = false) -> MappingReader? {
        value(key, required: required).flatMap { MappingReader($0, allowedKeys: allowedKeys) }
    }

    /// Items of a list of mappings with a shared schema.
    func mappings(_ key: String, allowedKeys: [String], required: Bool = false) -> [MappingReader]? {
        value(key, required: required)?.items()?.compactMap { MappingReader($0, allowedKeys: allowedKeys) }
    }
}
