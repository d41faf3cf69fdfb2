import Foundation

/// The B2B frontend-SDK configuration of the Management API (contract §8.2). Each sub-object is
/// replaced whole by a PUT that carries it; fields missing from a carried sub-object take their
/// zero value (so a `basic` without `domains` clears the allow-list), and absent sub-objects are
/// left as they were.
struct B2BSDKConfig: Codable, Sendable, Equatable {
    struct Domain: Codable, Sendable, Equatable {
        var domain: String
        var slugPattern: String

        enum CodingKeys: String, CodingKey {
            case domain, slugPattern = "slug_pattern"
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            domain = try c.decodeIfPresent(String.self, forKey: .domain) ?? ""
            slugPattern = try c.decodeIfPresent(String.self, forKey: .slugPattern) ?? ""
        }
    }

    struct Basic: Codable, Sendable, Equatable {
        var enabled = false
        var allowSelfOnboarding = false
        var enableMemberPermissions = false
        var domains: [Domain] = []
        var bundleIds: [String] = []

        enum CodingKeys: String, CodingKey {
            case enabled, allowSelfOnboarding = "allow_self_onboarding"
            case enableMemberPermissions = "enable_member_permissions", domains, bundleIds = "bundle_ids"
        }

        init() {}

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            enabled = try c.decodeIfPresent(Bool.self, forKey: .enabled) ?? false
            allowSelfOnboarding = try c.decodeIfPresent(Bool.self, forKey: .allowSelfOnboarding) ?? false
            enableMemberPermissions = try c.decodeIfPresent(Bool.self, forKey: .enableMemberPermissions) ?? false
            domains = try c.decodeIfPresent([Domain].self, forKey: .domains) ?? []
            bundleIds = try c.decodeIfPresent([String].self, forKey: .bundleIds) ?? []
        }
    }

    /// The sub-objects other than `basic`, kept as the JSON objects they were set to, with every
    /// field of their schema filled in (booleans false, strings empty) on the way out.
    var basic = Basic()
    var others: [String: JSONObject] = B2BSDKConfig.defaultOthers

    /// The fields of each non-basic sub-object and their zero values.
    static let schemas: [String: JSONObject] = [
        "sessions": ["max_session_duration_minutes": .int(0)],
        "magic_links": ["enabled": .bool(false), "pkce_required": .bool(false)],
        "oauth": ["enabled": .bool(false), "pkce_required": .bool(false)],
        "totps": ["enabled": .bool(false), "create_totps": .bool(false)],
        "sso": ["enabled": .bool(false), "pkce_required": .bool(false)],
        "otps": ["sms_enabled": .bool(false), "sms_autofill_metadata": .array([]), "email_enabled": .bool(false)],
        "dfppa": ["enabled": .string("DISABLED"), "on_challenge": .string("ALLOW")],
        "passwords": ["enabled": .bool(false), "pkce_required_for_password_resets": .bool(false)],
        "cookies": ["http_only": .string("DISABLED")],
        "user_impersonation": ["enabled": .bool(false)],
    ]

    static let defaultOthers: [String: JSONObject] = {
        var others = schemas
        others["sessions"] = ["max_session_duration_minutes": .int(60)]
        return others
    }()

    /// A new environment: the SDK enabled with no authorized domains yet.
    static var initial: B2BSDKConfig {
        var config = B2BSDKConfig()
        config.basic.enabled = true
        return config
    }

    /// The `config` object of GET/PUT responses.
    var wire: JSONObject {
        var object: JSONObject = [:]
        for (name, fields) in others { object[name] = .object(fields) }
        object["basic"] = .object([
            "enabled": .bool(basic.enabled), "allow_self_onboarding": .bool(basic.allowSelfOnboarding),
            "enable_member_permissions": .bool(basic.enableMemberPermissions),
            "domains": .array(basic.domains.map { .object(["domain": .string($0.domain), "slug_pattern": .string($0.slugPattern)]) }),
            "bundle_ids": .array(basic.bundleIds.map { .string($0) }),
        ])
        return object
    }

    /// Applies a PUT's `config`: every sub-object present replaces the stored one.
    mutating func replace(with config: JSONObject) throws(StytchError) {
        var updated = self
        for (name, value) in config {
            guard let fields = value.objectValue else { throw .invalidField("config.\(name)", "must be an object") }
            if name == "basic" {
                updated.basic = try Self.decodeBasic(fields)
            } else if let schema = Self.schemas[name] {
                updated.others[name] = try Self.fill(fields, schema: schema, name: name)
            }
            // Unknown sub-objects are ignored, like unknown keys everywhere else.
        }
        self = updated
    }

    private static func decodeBasic(_ fields: JSONObject) throws(StytchError) -> Basic {
        let basic: Basic
        do {
            basic = try JSONDecoder().decode(Basic.self, from: JSONEncoder().encode(JSONValue.object(fields)))
        } catch {
            throw .invalidField("config.basic", "has a field of the wrong type")
        }
        for domain in basic.domains {
            try checkOrigin(domain.domain)
            if !domain.slugPattern.isEmpty {
                guard domain.slugPattern.contains("{{slug}}") else { throw .invalidSlugPattern }
                try checkOrigin(domain.slugPattern.replacingOccurrences(of: "{{slug}}", with: "slug"))
            }
        }
        return basic
    }

    /// An origin such as `https://example.org` or `http://localhost:3000` (scheme optional).
    private static func checkOrigin(_ origin: String) throws(StytchError) {
        var rest = Substring(origin)
        if let range = origin.range(of: "://") {
            guard ["http", "https"].contains(origin[..<range.lowerBound].lowercased()) else { throw .invalidSDKDomain(origin) }
            rest = origin[range.upperBound...]
        }
        let host = rest.split(separator: ":", maxSplits: 1).first ?? ""
        guard !host.isEmpty, !rest.contains("/"),
            host.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "*" })
        else { throw .invalidSDKDomain(origin) }
    }

    /// The carried fields over the schema's zero values, each checked for its type.
    private static func fill(_ fields: JSONObject, schema: JSONObject, name: String) throws(StytchError) -> JSONObject {
        var result = schema
        for (key, value) in fields {
            guard let zero = schema[key] else { continue }
            switch (zero, value) {
            case (.bool, .bool), (.string, .string), (.int, .int), (.array, .array): result[key] = value
            default: throw .invalidField("config.\(name).\(key)", "has the wrong type")
            }
        }
        return result
    }
}
