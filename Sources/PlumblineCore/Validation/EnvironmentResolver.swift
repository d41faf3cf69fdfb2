extension Diagnostic.Code {
    static let unsetVariable = Self("unset-variable")
    static let unreadableFile = Self("unreadable-file")
}

/// Several diagnostics as one error, for APIs that fail with all the problems they found.
public struct DiagnosticsError: Error, Sendable {
    public let diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics.sorted()
    }
}

/// Where references are resolved from: the process environment and the file system, both
/// injected so the core stays free of I/O.
public struct ReferenceSource: Sendable {
    public let variables: [String: String]
    /// Reads a file's text; throws when it cannot.
    public let readFile: @Sendable (String) throws -> String

    public init(variables: [String: String], readFile: @escaping @Sendable (String) throws -> String) {
        self.variables = variables
        self.readFile = readFile
    }
}

/// Resolves the `${env:…}` and `${file:…}` references of one environment when it is used. An unset
/// variable or unreadable file is an error naming the reference and where it is written — never a
/// value — and resolved URLs are held to the same rules as literal ones.
public enum EnvironmentResolver {
    public static func resolve(
        _ environment: EnvironmentManifest, using source: ReferenceSource
    ) -> Result<ResolvedEnvironment, DiagnosticsError> {
        var resolver = Resolution(environment: environment, source: source)
        let medplum = environment.medplum.map { resolver.medplum($0) }
        let stytch = environment.stytch.map { resolver.stytch($0) }
        let origins = environment.corsOrigins.enumerated().compactMap { index, origin in
            resolver.origin(origin, field: "cors.allowedOrigins[\(index)]")
        }
        guard !resolver.diagnostics.containsErrors else { return .failure(DiagnosticsError(resolver.diagnostics)) }
        return .success(ResolvedEnvironment(
            name: environment.name.value, isProduction: environment.isProduction,
            medplum: medplum ?? nil, stytch: stytch ?? nil, corsOrigins: origins,
            sessionPolicyName: environment.sessionPolicy?.value
        ))
    }
}

/// The state of one resolution: the diagnostics found so far.
private struct Resolution {
    let environment: EnvironmentManifest
    let source: ReferenceSource
    var diagnostics: [Diagnostic] = []

    init(environment: EnvironmentManifest, source: ReferenceSource) {
        self.environment = environment
        self.source = source
    }

    mutating func medplum(_ target: MedplumTarget) -> MedplumConnection? {
        let baseURL = serverURL(target.baseUrl, field: "medplum.baseUrl")
        let projectId = text(target.projectId, field: "medplum.projectId")
        let clientId = text(target.clientId, field: "medplum.clientId")
        let clientSecret = text(target.clientSecret, field: "medplum.clientSecret")
        var superAdmin: ClientCredentials?
        if let target = target.superAdmin { superAdmin = credentials(target, field: "medplum.superAdmin") }
        guard let baseURL, let projectId, let clientId, let clientSecret else { return nil }
        return MedplumConnection(
            baseURL: baseURL, projectId: projectId,
            client: ClientCredentials(clientId: clientId, clientSecret: Secret(clientSecret)),
            superAdmin: superAdmin, sendInviteEmail: target.sendInviteEmail?.value ?? true
        )
    }

    mutating func stytch(_ target: StytchTarget) -> StytchConnection? {
        let projectId = text(target.projectId, field: "stytch.projectId")
        let secret = text(target.secret, field: "stytch.secret")
        let baseURL: ServerURL?
        if let written = target.baseUrl {
            baseURL = serverURL(written, field: "stytch.baseUrl")
        } else {
            baseURL = projectId.map(Self.defaultStytchURL)
        }
        var management: StytchManagementConnection?
        if let target = target.management { management = self.management(target) }
        guard let projectId, let secret, let baseURL else { return nil }
        return StytchConnection(baseURL: baseURL, projectId: projectId, secret: Secret(secret), management: management)
    }

    private mutating func management(_ target: StytchManagementTarget) -> StytchManagementConnection? {
        let baseURL: ServerURL?
        if let written = target.baseUrl {
            baseURL = serverURL(written, field: "stytch.management.baseUrl")
        } else {
            baseURL = ServerURL(scheme: "https", host: "management.stytch.com", port: nil, path: "/")
        }
        let projectSlug = text(target.projectSlug, field: "stytch.management.projectSlug")
        let environmentSlug = text(target.environmentSlug, field: "stytch.management.environmentSlug")
        let keyId = text(target.keyId, field: "stytch.management.keyId")
        let secret = text(target.secret, field: "stytch.management.secret")
        guard let baseURL, let projectSlug, let environmentSlug, let keyId, let secret else { return nil }
        return StytchManagementConnection(
            baseURL: baseURL, projectSlug: projectSlug, environmentSlug: environmentSlug, keyId: keyId, secret: Secret(secret)
        )
    }

    /// Stytch's SDKs pick live or test from the project id (contract 1.1).
    static func defaultStytchURL(projectId: String) -> ServerURL {
        let host = projectId.hasPrefix("project-live-") ? "api.stytch.com" : "test.stytch.com"
        return ServerURL(scheme: "https", host: host, port: nil, path: "/")
    }

    private mutating func credentials(_ target: ClientCredentialReferences, field: String) -> ClientCredentials? {
        let clientId = text(target.clientId, field: "\(field).clientId")
        let clientSecret = text(target.clientSecret, field: "\(field).clientSecret")
        guard let clientId, let clientSecret else { return nil }
        return ClientCredentials(clientId: clientId, clientSecret: Secret(clientSecret))
    }

    mutating func origin(_ value: Located<ConfigValue>, field: String) -> WebOrigin? {
        let endpoint = EndpointField(field: field, shape: .origin, value: value)
        guard let resolved = text(value, field: field) else { return nil }
        let found = TransportCheck.check(endpoint, text: resolved, environment: environment, shown: shown(value, resolved))
        diagnostics += found
        return found.containsErrors ? nil : try? WebOrigin.parse(resolved).get()
    }

    private mutating func serverURL(_ value: Located<ConfigValue>, field: String) -> ServerURL? {
        let endpoint = EndpointField(field: field, shape: .serverURL, value: value)
        guard let resolved = text(value, field: field) else { return nil }
        // Literal URLs were already checked by validation; only resolved ones are new here.
        if value.value.literalValue == nil {
            diagnostics += TransportCheck.check(endpoint, text: resolved, environment: environment, shown: shown(value, resolved))
        }
        return try? ServerURL.parse(resolved).get()
    }

    /// A literal may be shown in messages; a resolved value never is, only the reference.
    private func shown(_ value: Located<ConfigValue>, _ resolved: String) -> String {
        value.value.literalValue ?? value.value.written
    }

    /// The value with every reference replaced, or nil after reporting each one that failed.
    private mutating func text(_ value: Located<ConfigValue>, field: String) -> String? {
        var result = ""
        var failed = false
        for segment in value.value.segments {
            switch segment {
            case .literal(let text):
                result += text
            case .reference(let reference):
                if let resolved = resolve(reference, at: value.location, field: field) { result += resolved } else { failed = true }
            }
        }
        return failed ? nil : result
    }

    private mutating func resolve(_ reference: ConfigValue.Reference, at location: SourceLocation, field: String) -> String? {
        let subject = "'\(field)' in Environment '\(environment.name.value)'"
        switch reference {
        case .environment(let name):
            guard let value = source.variables[name], !value.isEmpty else {
                let state = source.variables[name] == nil ? "is not set" : "is empty"
                diagnostics.append(Diagnostic(.error, .unsetVariable, at: location, "environment variable \(name) \(state) (\(reference), used by \(subject)); export it before running plumbline"))
                return nil
            }
            return value
        case .file(let path):
            let fullPath = Self.path(path, relativeTo: location.file)
            do {
                return try source.readFile(fullPath).trimmingTrailingNewlines
            } catch {
                diagnostics.append(Diagnostic(.error, .unreadableFile, at: location, "cannot read file '\(fullPath)' (\(reference), used by \(subject)); create it or fix the path"))
                return nil
            }
        }
    }

    /// `${file:…}` paths are relative to the manifest that names them.
    static func path(_ path: String, relativeTo manifest: String) -> String {
        guard !path.hasPrefix("/"), let slash = manifest.lastIndex(of: "/") else { return path }
        return String(manifest[...slash]) + path
    }
}

extension String {
    /// Secret files usually end with a newline that is not part of the secret.
    var trimmingTrailingNewlines: String {
        var text = Substring(self)
        while let last = text.last, last == "\n" || last == "\r" { text = text.dropLast() }
        return String(text)
    }
}
