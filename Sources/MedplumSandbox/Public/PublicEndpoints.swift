/// The unauthenticated endpoints of contract 1.1 and 7.
enum PublicEndpoints {
    /// The server version the sandbox emulates (contract 0): `<semver>-<commit>`.
    static let version = "5.0.10-8a37915"

    /// The documents under `/.well-known/`.
    static let wellKnownNames: Set<String> = [
        "jwks.json", "openid-configuration", "oauth-authorization-server", "oauth-protected-resource",
        "smart-configuration", "smart-styles.json",
    ]

    /// `GET /healthcheck`.
    static func healthcheck() -> Reply {
        .json([
            "ok": true, "version": .string(version), "platform": "linux", "runtime": "v22.12.0", "postgres": true,
            "redis": true,
        ])
    }

    /// `GET /.well-known/openid-configuration` and `/.well-known/oauth-authorization-server`.
    static func openIDConfiguration(baseURL: String) -> Reply {
        .json([
            "issuer": .string(baseURL),
            "authorization_endpoint": .string(baseURL + "oauth2/authorize"),
            "token_endpoint": .string(baseURL + "oauth2/token"),
            "userinfo_endpoint": .string(baseURL + "oauth2/userinfo"),
            "jwks_uri": .string(baseURL + ".well-known/jwks.json"),
            "introspection_endpoint": .string(baseURL + "oauth2/introspect"),
            "registration_endpoint": .string(baseURL + "oauth2/register"),
            "id_token_signing_alg_values_supported": ["ES256", "RS256"],
            "grant_types_supported": [
                "client_credentials", "authorization_code", "refresh_token",
                "urn:ietf:params:oauth:grant-type:token-exchange",
            ],
            "response_types_supported": ["code", "id_token", "token id_token"],
            "subject_types_supported": ["pairwise", "public"],
            "scopes_supported": ["openid", "profile", "email", "phone", "address"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "private_key_jwt"],
            "request_object_signing_alg_values_supported": ["none"],
        ])
    }

    /// `GET /.well-known/oauth-protected-resource`.
    static func protectedResource(baseURL: String) -> Reply {
        .json([
            "issuer": .string(baseURL),
            "authorization_servers": [.string(baseURL)],
            "scopes_supported": ["openid", "profile", "email", "phone", "address"],
            "bearer_methods_supported": ["header"],
            "introspection_endpoint": .string(baseURL + "oauth2/introspect"),
        ])
    }

    /// `GET /.well-known/smart-configuration` (also under `fhir/R4/`).
    static func smartConfiguration(baseURL: String) -> Reply {
        .json([
            "issuer": .string(baseURL),
            "jwks_uri": .string(baseURL + ".well-known/jwks.json"),
            "authorization_endpoint": .string(baseURL + "oauth2/authorize"),
            "grant_types_supported": ["authorization_code", "client_credentials", "refresh_token"],
            "token_endpoint": .string(baseURL + "oauth2/token"),
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "private_key_jwt"],
            "scopes_supported": [
                "openid", "profile", "fhirUser", "launch", "launch/patient", "patient/*.*", "user/*.*",
                "offline_access",
            ],
            "response_types_supported": ["code"],
            "introspection_endpoint": .string(baseURL + "oauth2/introspect"),
            "capabilities": [
                "client-confidential-asymmetric", "client-confidential-symmetric", "client-public",
                "context-ehr-patient", "context-standalone-patient", "launch-ehr", "launch-standalone",
                "permission-offline", "permission-patient", "permission-user", "sso-openid-connect",
            ],
            "code_challenge_methods_supported": ["S256"],
        ])
    }

    /// `GET /.well-known/smart-styles.json`.
    static let smartStyles = Reply.json([
        "color_background": "#edeae3", "color_error": "#9e2d2d", "color_highlight": "#69b5ce",
        "color_modal_backdrop": "", "color_success": "#498e49", "color_text": "#303030", "dim_border_radius": "6px",
        "dim_font_size": "13px", "dim_spacing_size": "20px", "font_family_body": "Georgia, Times, 'Times New Roman', serif",
        "font_family_heading": "Georgia, Times, 'Times New Roman', serif",
    ])

    /// `GET /fhir/R4/metadata`: a small CapabilityStatement naming the types the sandbox serves.
    static func capabilityStatement(baseURL: String) -> Reply {
        let interactions: JSON = [
            ["code": "create"], ["code": "read"], ["code": "vread"], ["code": "update"], ["code": "patch"],
            ["code": "delete"], ["code": "history-instance"], ["code": "search-type"],
        ]
        let served = [
            "AccessPolicy", "AuditEvent", "Bot", "ClientApplication", "Login", "Organization", "Patient", "Practitioner",
            "Project", "ProjectMembership", "RelatedPerson", "User", "UserConfiguration",
        ]
        let resources: [JSON] = served.map { type in
            [
                "type": .string(type), "interaction": interactions, "versioning": "versioned",
                "readHistory": true, "updateCreate": false, "conditionalCreate": true,
                "conditionalUpdate": true, "conditionalDelete": "single",
            ]
        }
        return .fhir([
            "resourceType": "CapabilityStatement",
            "status": "active",
            "date": "2025-12-26T00:00:00.000Z",
            "publisher": "Medplum",
            "kind": "instance",
            "software": ["name": "medplum", "version": .string(version)],
            "implementation": ["description": "Medplum FHIR Server (plumbline sandbox)", "url": .string(baseURL + "fhir/R4")],
            "fhirVersion": "4.0.1",
            "format": ["json"],
            "rest": [
                [
                    "mode": "server",
                    "security": [
                        "cors": true,
                        "service": [["coding": [["system": "http://terminology.hl7.org/CodeSystem/restful-security-service", "code": "SMART-on-FHIR"]]]],
                    ],
                    "resource": .array(resources),
                    "interaction": [["code": "transaction"], ["code": "batch"]],
                ]
            ],
        ])
    }

    /// `GET /fhir/R4/$versions`.
    static let versions = Reply.fhir(["versions": ["4.0"], "default": "4.0"])

    /// `GET /openapi.json`: a small but valid OpenAPI 3.1.0 document.
    static func openAPI(baseURL: String) -> Reply {
        let types = ["AccessPolicy", "ClientApplication", "Patient", "Practitioner", "ProjectMembership", "User"]
        var paths = JSONObject()
        for type in types {
            paths["/fhir/R4/\(type)"] = [
                "get": ["summary": .string("Search \(type)"), "responses": ["200": ["description": "Bundle"]]],
                "post": ["summary": .string("Create \(type)"), "responses": ["201": ["description": "Created"]]],
            ]
            paths["/fhir/R4/\(type)/{id}"] = [
                "parameters": [["name": "id", "in": "path", "required": true, "schema": ["type": "string"]]],
                "get": ["summary": .string("Read \(type)"), "responses": ["200": ["description": "Resource"]]],
                "put": ["summary": .string("Update \(type)"), "responses": ["200": ["description": "Updated"]]],
                "delete": ["summary": .string("Delete \(type)"), "responses": ["200": ["description": "Deleted"]]],
            ]
        }
        return .json([
            "openapi": "3.1.0",
            "info": ["title": "Medplum - OpenAPI 3.0", "version": .string(version)],
            "servers": [["url": .string(baseURL)]],
            "components": [
                "securitySchemes": [
                    "BasicAuth": ["type": "http", "scheme": "basic"],
                    "BearerAuth": ["type": "http", "scheme": "bearer"],
                    "OpenID": ["type": "openIdConnect", "openIdConnectUrl": .string(baseURL + ".well-known/openid-configuration")],
                ]
            ],
            "security": [["BasicAuth": []], ["BearerAuth": []], ["OpenID": []]],
            "paths": .object(paths),
        ])
    }
}
