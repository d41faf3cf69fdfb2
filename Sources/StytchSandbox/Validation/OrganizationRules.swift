import Foundation

/// The validation rules of organization fields (contract §3.2, §7).
enum OrganizationRules {
    /// `ALL_ALLOWED`/`RESTRICTED`/`NOT_ALLOWED` per setting, as the SDK docstrings list them.
    static let allowedValues: [String: [String]] = [
        "sso_jit_provisioning": ["ALL_ALLOWED", "RESTRICTED", "NOT_ALLOWED"],
        "email_jit_provisioning": ["RESTRICTED", "NOT_ALLOWED"],
        "email_invites": ["ALL_ALLOWED", "RESTRICTED", "NOT_ALLOWED"],
        "auth_methods": ["ALL_ALLOWED", "RESTRICTED"],
        "mfa_policy": ["OPTIONAL", "REQUIRED_FOR_ALL"],
        "mfa_methods": ["ALL_ALLOWED", "RESTRICTED"],
        "oauth_tenant_jit_provisioning": ["RESTRICTED", "NOT_ALLOWED"],
        "first_party_connected_apps_allowed_type": ["ALL_ALLOWED", "RESTRICTED", "NOT_ALLOWED"],
        "third_party_connected_apps_allowed_type": ["ALL_ALLOWED", "RESTRICTED", "NOT_ALLOWED"],
    ]

    static let authMethods: Set<String> = [
        "sso", "magic_link", "email_otp", "password", "google_oauth", "microsoft_oauth", "slack_oauth",
        "github_oauth", "hubspot_oauth",
    ]
    static let mfaMethods: Set<String> = ["sms_otp", "totp"]

    /// Consumer mail providers Stytch refuses as allowed or claimed domains (a representative part
    /// of its "common email domains" list).
    static let commonDomains: Set<String> = [
        "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "ymail.com", "hotmail.com", "hotmail.co.uk",
        "outlook.com", "live.com", "msn.com", "aol.com", "icloud.com", "me.com", "mac.com", "protonmail.com",
        "proton.me", "pm.me", "gmx.com", "gmx.de", "gmx.net", "mail.com", "zoho.com", "yandex.com", "yandex.ru",
        "mail.ru", "qq.com", "163.com", "126.com", "comcast.net", "verizon.net", "att.net", "fastmail.com",
        "hey.com", "tutanota.com", "web.de", "orange.fr", "libero.it", "rediffmail.com",
    ]

    /// 1–128 characters.
    static func checkName(_ name: String) throws(StytchError) {
        guard !name.isEmpty else { throw .organizationNameMissing }
        guard name.count <= 128 else { throw .invalidOrganizationName }
    }

    /// 2–128 characters from alphanumerics and `- . _ ~`, at least one alphanumeric.
    static func checkSlug(_ slug: String) throws(StytchError) {
        let reserved: Set<Character> = ["-", ".", "_", "~"]
        guard (2...128).contains(slug.count),
            slug.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || reserved.contains($0) }),
            slug.contains(where: { $0.isASCII && ($0.isLetter || $0.isNumber) })
        else { throw .invalidOrganizationSlug }
    }

    /// Alphanumerics and `. _ - |`, at most 128 characters (organization and member external ids).
    static func isValidExternalId(_ id: String) -> Bool {
        let extra: Set<Character> = [".", "_", "-", "|"]
        return (1...128).contains(id.count)
            && id.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || extra.contains($0) }
    }

    /// A bare domain such as `example.org`; common consumer domains and duplicates are refused.
    static func checkDomains(_ domains: [String]) throws(StytchError) {
        var seen: Set<String> = []
        for domain in domains {
            let lowered = domain.lowercased()
            let labels = lowered.split(separator: ".", omittingEmptySubsequences: false)
            guard labels.count >= 2, labels.allSatisfy({ label in
                !label.isEmpty && label.allSatisfy { ($0.isASCII && ($0.isLetter || $0.isNumber)) || $0 == "-" }
            }) else { throw .invalidDomain(domain) }
            guard !commonDomains.contains(lowered) else { throw .domainTooCommon(domain) }
            guard seen.insert(lowered).inserted else { throw .duplicateDomain(domain) }
        }
    }

    /// One of the values the setting accepts.
    static func checkSetting(_ field: String, _ value: String) throws(StytchError) {
        guard let allowed = allowedValues[field], allowed.contains(value) else {
            throw .invalidSetting(field, value, allowed: allowedValues[field] ?? [])
        }
    }

    static func checkAllowedMethods(_ field: String, _ values: [String], allowed: Set<String>) throws(StytchError) {
        if let invalid = values.first(where: { !allowed.contains($0) }) { throw .invalidAllowedMethod(field, invalid) }
    }
}

/// The metadata rules of Stytch's metadata resource: top-level merge, `null` deletes a key,
/// nested values replace, at most 20 top-level keys and 4 KB.
enum MetadataRules {
    static let maxKeys = 20
    static let maxBytes = 4096

    /// `existing` with `patch` merged in at the top level.
    static func merge(_ existing: JSONObject, _ patch: JSONObject) -> JSONObject {
        var merged = existing
        for (key, value) in patch {
            if value == .null { merged[key] = nil } else { merged[key] = value }
        }
        return merged
    }

    /// A new object as stored on create: `null` values are dropped.
    static func create(_ value: JSONObject) -> JSONObject {
        value.filter { $0.value != .null }
    }

    static func check(_ value: JSONObject, field: String) throws(StytchError) {
        guard value.count <= maxKeys else { throw .metadataTooManyKeys(field) }
        guard JSONValue.object(value).encodedByteCount <= maxBytes else { throw .metadataTooLarge(field) }
    }
}
