extension Diagnostic.Code {
    static let insecureHTTP = Self("insecure-http")
}

/// Base URLs and origins must be well formed, and plain `http:` is only for loopback: an error in
/// the environment named `production`, a warning elsewhere. Clients are applied to every
/// environment, so their origins are held to the production rule whenever one exists.
///
/// Values that are references are checked the same way once resolved (`EnvironmentResolver`).
struct InsecureTransportRule: ValidationRule {
    let id = "transport"
    let summary = "base URLs and origins are well formed and use https outside loopback"

    func check(_ manifests: ManifestSet) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for environment in manifests.environments {
            for endpoint in EndpointField.all(of: environment) {
                guard let text = endpoint.value.value.literalValue else { continue }
                diagnostics += TransportCheck.check(endpoint, text: text, environment: environment, shown: text)
            }
        }
        let production = manifests.environments.first(where: \.isProduction)
        for client in manifests.clients {
            for origin in client.allowedOrigins {
                guard case .success(let parsed) = WebOrigin.parse(origin.value), parsed.scheme == "http", !parsed.isLoopback else { continue }
                let scope = production.map { "; clients are applied to Environment '\($0.name.value)'" } ?? ""
                diagnostics.append(Diagnostic(
                    production == nil ? .warning : .error, .insecureHTTP, at: origin.location,
                    "origin '\(origin.value)' in Client '\(client.name.value)' uses http outside loopback\(scope); serve the app over https"
                ))
            }
        }
        return diagnostics
    }
}

/// A URL-valued field of an environment: which one, and what it must be.
struct EndpointField {
    enum Shape { case serverURL, origin }

    let field: String
    let shape: Shape
    let value: Located<ConfigValue>

    static func all(of environment: EnvironmentManifest) -> [EndpointField] {
        var fields: [EndpointField] = []
        if let medplum = environment.medplum {
            fields.append(EndpointField(field: "medplum.baseUrl", shape: .serverURL, value: medplum.baseUrl))
        }
        if let stytch = environment.stytch {
            if let baseUrl = stytch.baseUrl { fields.append(EndpointField(field: "stytch.baseUrl", shape: .serverURL, value: baseUrl)) }
            if let baseUrl = stytch.management?.baseUrl {
                fields.append(EndpointField(field: "stytch.management.baseUrl", shape: .serverURL, value: baseUrl))
            }
        }
        for (index, origin) in environment.corsOrigins.enumerated() {
            fields.append(EndpointField(field: "cors.allowedOrigins[\(index)]", shape: .origin, value: origin))
        }
        return fields
    }
}

/// The checks of one URL-valued field, on a literal or on a resolved reference.
enum TransportCheck {
    /// `shown` is how the value may appear in the message: the literal itself, or the reference
    /// it came from (a resolved value is never printed).
    static func check(_ endpoint: EndpointField, text: String, environment: EnvironmentManifest, shown: String) -> [Diagnostic] {
        let subject = "'\(endpoint.field)' in Environment '\(environment.name.value)'"
        let location = endpoint.value.location
        switch endpoint.shape {
        case .serverURL:
            switch ServerURL.parse(text) {
            case .failure:
                return [Diagnostic(.error, .invalidURL, at: location, "\(subject) is not a server URL ('\(shown)'); write it as https://host[:port]/[path]")]
            case .success(let url) where url.scheme == "http" && !url.isLoopback:
                return [insecure(subject, "sends credentials and patient data unencrypted; use https", environment, location)]
            case .success:
                return []
            }
        case .origin:
            switch WebOrigin.parse(text) {
            case .failure(let error):
                let reason = shown == text ? error.reason : "from \(shown) is not an origin"
                return [Diagnostic(.error, .invalidOrigin, at: location, "origin \(reason) (in Environment '\(environment.name.value)')")]
            case .success(let origin) where origin.scheme == "http" && !origin.isLoopback:
                return [insecure("origin '\(shown)' in Environment '\(environment.name.value)'", "serve the app over https", environment, location)]
            case .success:
                return []
            }
        }
    }

    private static func insecure(_ subject: String, _ advice: String, _ environment: EnvironmentManifest, _ location: SourceLocation) -> Diagnostic {
        Diagnostic(
            environment.isProduction ? .error : .warning, .insecureHTTP, at: location,
            "\(subject) uses http outside loopback; \(advice)"
        )
    }
}
