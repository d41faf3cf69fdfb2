/// DNS names as e-mail domains, origins and Stytch's allowed domains use them.
public enum DomainName {
    /// Whether `name` is a syntactically valid host name: labels of letters, digits and hyphens,
    /// 1–63 characters, not starting or ending with a hyphen; at least two labels when
    /// `requireDot` (as e-mail domains need), and a last label that is not all digits unless the
    /// whole name is an IPv4 address.
    public static func isValid(_ name: String, requireDot: Bool) -> Bool {
        guard !name.isEmpty, name.count <= 253 else { return false }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        guard !requireDot || labels.count >= 2 else { return false }
        let labelsValid = labels.allSatisfy { label in
            (1...63).contains(label.count) && label.first != "-" && label.last != "-"
                && label.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }
        }
        guard labelsValid, let last = labels.last else { return false }
        let isIPv4 = labels.count == 4 && labels.allSatisfy { UInt8($0) != nil }
        return isIPv4 || !last.allSatisfy(\.isNumber)
    }

    /// Consumer mail domains Stytch refuses as an organization's allowed domains
    /// (`organization_settings_domain_too_common`).
    public static let tooCommon: Set<String> = [
        "gmail.com", "googlemail.com", "yahoo.com", "ymail.com", "hotmail.com", "outlook.com", "live.com",
        "msn.com", "aol.com", "icloud.com", "me.com", "mac.com", "protonmail.com", "proton.me", "gmx.com",
        "gmx.net", "mail.com", "yandex.com", "yandex.ru", "zoho.com", "qq.com", "163.com", "126.com",
        "hey.com", "fastmail.com",
    ]
}

/// E-mail addresses, compared lower-cased everywhere.
public enum EmailAddress {
    /// Whether `address` is a plausible mailbox: `local@domain` with a dot-atom local part of at
    /// most 64 characters and a valid domain with at least two labels.
    public static func isValid(_ address: String) -> Bool {
        guard address.count <= 254 else { return false }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return false }
        let local = parts[0], domain = String(parts[1])
        let allowed = "!#$%&'*+/=?^_`{|}~.-"
        guard (1...64).contains(local.count), local.first != ".", local.last != ".", !local.contains(".."),
              local.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || allowed.contains($0)) })
        else { return false }
        return DomainName.isValid(domain, requireDot: true)
    }
}

/// Stytch's organization slug rule (contract §3.2): 2–128 characters, alphanumerics and `- . _ ~`,
/// at least one alphanumeric.
public enum OrganizationSlug {
    public static func isValid(_ slug: String) -> Bool {
        (2...128).contains(slug.count)
            && slug.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-._~".contains($0)) }
            && slug.contains { $0.isASCII && ($0.isLetter || $0.isNumber) }
    }

    /// Stytch's own wording of the rule, used in the diagnostic.
    public static let rule =
        "it must be at least 2 characters long and may only contain alphanumerics and the reserved characters '-', '.', '_', or '~', with at least one alphanumeric"
}
