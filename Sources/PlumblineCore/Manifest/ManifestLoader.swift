extension Diagnostic.Code {
    static let unknownKind = Self("unknown-kind")
    static let missingKind = Self("missing-kind")
    static let notAMapping = Self("not-a-mapping")
}

/// Turns manifest files into a `ManifestSet`, reporting every problem of every document instead of
/// stopping at the first.
public enum ManifestLoader {
    /// Loads every document of `files`, in path order and document order within a file.
    public static func load(_ files: [SourceFile]) -> (manifests: ManifestSet, diagnostics: [Diagnostic]) {
        let sink = DiagnosticSink()
        var manifests = ManifestSet()
        for file in files.sorted(by: { $0.path < $1.path }) {
            let (documents, syntaxErrors) = YAMLDocuments.parse(file)
            syntaxErrors.forEach(sink.append)
            for document in documents {
                decode(document, into: &manifests, sink: sink)
            }
        }
        return (manifests, sink.diagnostics)
    }

    static func decode(_ document: YAMLDocument, into manifests: inout ManifestSet, sink: DiagnosticSink) {
        let root = NodeReader(node: document.root, file: document.file, path: "", subject: "document", sink: sink)
        guard case .mapping = document.root.content else {
            sink.error(.notAMapping, at: root.location, "a manifest document must be a mapping with a 'kind' key, found \(document.root.kindDescription)")
            return
        }
        let kinds = ManifestKind.allCases.map(\.rawValue)
        guard let kindNode = document.root.value(forKey: "kind") else {
            sink.error(.missingKind, at: root.location, "document has no 'kind'; add one of \(kinds.joined(separator: ", "))")
            return
        }
        guard let kindName = root.child(kindNode, path: "kind").string() else { return }
        guard let kind = ManifestKind(rawValue: kindName.value) else {
            let hint = Suggestion.didYouMean(kindName.value, in: kinds) ?? "expected one of \(kinds.joined(separator: ", "))"
            sink.error(.unknownKind, at: kindName.location, "unknown kind '\(kindName.value)'; \(hint)")
            return
        }
        let subject = subject(of: kind, in: document.root)
        let reader = NodeReader(node: document.root, file: document.file, path: "", subject: subject, sink: sink)
        switch kind {
        case .environment: EnvironmentDecoder.decode(reader).map { manifests.environments.append($0) }
        case .accessPolicy: AccessPolicyDecoder.decode(reader).map { manifests.accessPolicies.append($0) }
        case .role: RoleDecoder.decode(reader).map { manifests.roles.append($0) }
        case .organization: OrganizationDecoder.decode(reader).map { manifests.organizations.append($0) }
        case .user: UserDecoder.decode(reader).map { manifests.users.append($0) }
        case .client: ClientDecoder.decode(reader).map { manifests.clients.append($0) }
        case .sessionPolicy: SessionPolicyDecoder.decode(reader).map { manifests.sessionPolicies.append($0) }
        case .job: JobDecoder.decode(reader).map { manifests.jobs.append($0) }
        case .driftAcknowledgement: DriftAcknowledgementDecoder.decode(reader).map { manifests.driftAcknowledgements.append($0) }
        case .adoption: AdoptionDecoder.decode(reader).map { manifests.adoptions.append($0) }
        }
    }

    /// `Role 'clinician'`, `User 'alice@example.org'`, or just the kind when the document has no
    /// usable identity yet (that problem is reported by the kind's decoder).
    private static func subject(of kind: ManifestKind, in root: YAMLNode) -> String {
        guard let node = root.value(forKey: kind.identifyingKey), let identity = node.scalar, node.scalarType == .string,
              !identity.trimmingWhitespace.isEmpty
        else { return kind.rawValue }
        return "\(kind.rawValue) '\(identity)'"
    }
}
