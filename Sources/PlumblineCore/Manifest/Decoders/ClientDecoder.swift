extension Diagnostic.Code {
    static let invalidOrigin = Self("invalid-origin")
    static let invalidURL = Self("invalid-url")
}

/// Decodes `kind: Client`.
enum ClientDecoder {
    static let keys = ["kind", "name", "description", "allowedOrigins", "redirectUris", "accessPolicy"]

    static func decode(_ reader: NodeReader) -> ClientManifest? {
        guard let root = MappingReader(reader, allowedKeys: keys) else { return nil }
        let name = root.string("name", required: true)
        let description = root.value("description")?.string(allowEmpty: true)
        let origins = root.strings("allowedOrigins")?.filter { OriginCheck.isValid($0, in: reader.subject, sink: root.sink) } ?? []
        let redirects = root.strings("redirectUris")?.filter { checkRedirect($0, root) } ?? []
        let accessPolicy = root.string("accessPolicy")
        guard let name else { return nil }
        return ClientManifest(
            name: name, description: description, allowedOrigins: origins, redirectUris: redirects,
            accessPolicy: accessPolicy, location: root.location
        )
    }

    /// Redirect URIs are absolute http(s) URLs without a fragment (OAuth 2.0 §3.1.2).
    private static func checkRedirect(_ uri: Located<String>, _ root: MappingReader) -> Bool {
        let lowered = uri.value.lowercased()
        let schemeOK = lowered.hasPrefix("https://") || lowered.hasPrefix("http://")
        let host = uri.value.split(separator: "/", omittingEmptySubsequences: false).dropFirst(2).first ?? ""
        guard schemeOK, !host.isEmpty, !uri.value.contains("#"), !uri.value.contains(" ") else {
            root.sink.error(.invalidURL, at: uri.location, "redirect URI '\(uri.value)' in \(root.reader.subject) must be an absolute http(s) URL without a fragment, e.g. https://app.example.org/callback")
            return false
        }
        return true
    }
}

/// Origin syntax checks shared by clients and environments.
enum OriginCheck {
    static func isValid(_ origin: Located<String>, in subject: String, sink: DiagnosticSink) -> Bool {
        switch WebOrigin.parse(origin.value) {
        case .success:
            return true
        case .failure(let error):
            sink.error(.invalidOrigin, at: origin.location, "origin \(error.reason) (in \(subject))")
            return false
        }
    }
}
