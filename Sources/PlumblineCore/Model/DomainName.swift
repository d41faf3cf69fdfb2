/// DNS names as e-mail domains, origins and Stytch's allowed domains use them.
public enum DomainName {
    /// Whether `name` is a syntactically valid host name: labels of letters, digits and hyphens,
    /// 1–63 characters, not starting or ending with a hyphen; at least two labels when
    /// `requireDot` (as e-mail domains need), and a last label that is not all digits unless the
    /// whole name is an IPv4 address.
    public static func isValid(_ name: String, requireDot: Bool) -> Bool {
        isValid(ASCIIText(name.utf8)[...], requireDot: requireDot)
    }

    /// The same over the name's bytes: a valid name is ASCII, so nothing else needs decoding.
    static func isValid(_ name: ArraySlice<UInt8>, requireDot: Bool) -> Bool {
        guard !name.isEmpty, name.count <= 253 else { return false }
        let labels = name.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard !requireDot || labels.count >= 2 else { return false }
        let labelsValid = labels.allSatisfy { label in
            (1...63).contains(label.count) && label.first != UInt8(ascii: "-") && label.last != UInt8(ascii: "-")
                && label.allSatisfy { ASCIIText.isLetterOrDigit($0) || $0 == UInt8(ascii: "-") }
        }
        guard labelsValid, let last = labels.last else { return false }
        let isIPv4 = labels.count == 4 && labels.allSatisfy { label in label.allSatisfy(ASCIIText.isDigit) && label.count <= 3 && Int(ASCIIText.string(label))! <= 255 }
        return isIPv4 || !last.allSatisfy(ASCIIText.isDigit)
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
        let bytes = ASCIIText(address.utf8)
        guard bytes.count <= 254, let at = bytes.firstIndex(of: UInt8(ascii: "@")), bytes.lastIndex(of: UInt8(ascii: "@")) == at else { return false }
        let local = bytes[..<at], domain = bytes[(at + 1)...]
        guard (1...64).contains(local.count), local.first != UInt8(ascii: "."), local.last != UInt8(ascii: "."),
              !zip(local, local.dropFirst()).contains(where: { $0 == UInt8(ascii: ".") && $1 == UInt8(ascii: ".") }),
              local.allSatisfy({ ASCIIText.isLetterOrDigit($0) || localPartSymbols.contains($0) })
        else { return false }
        return DomainName.isValid(domain, requireDot: true)
    }

    /// What a dot-atom local part may hold besides letters and digits.
    private static let localPartSymbols = Set("!#$%&'*+/=?^_`{|}~.-".utf8)
}

/// A string's UTF-8 bytes, for the syntax checks whose valid inputs are all ASCII: any byte
/// above 0x7F fails them, exactly as a non-ASCII character did when they compared characters.
typealias ASCIIText = [UInt8]

extension ASCIIText {
    static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

    static func isLetterOrDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    static func string(_ bytes: ArraySlice<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }
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
