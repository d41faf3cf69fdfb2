extension Diagnostic.Code {
    static let invalidSlug = Self("invalid-slug")
    static let invalidDomain = Self("invalid-domain")
    static let restrictedWithoutList = Self("restricted-without-list")
}

/// Decodes `kind: Organization`, applying Stytch's own rules so the server never refuses a plan.
enum OrganizationDecoder {
    typealias Values = OrganizationSettingValues
    static let keys = [
        "kind", "name", "slug", "externalId", "emailAllowedDomains", "emailJitProvisioning", "emailInvites",
        "authMethods", "allowedAuthMethods", "mfaPolicy", "mfaMethods", "allowedMfaMethods",
    ]

    static func decode(_ reader: NodeReader) -> OrganizationManifest? {
        guard let root = MappingReader(reader, allowedKeys: keys) else { return nil }
        let name = root.string("name", required: true).flatMap { checkName($0, root) }
        let slug = root.string("slug", required: true).flatMap { checkSlug($0, root) }
        let externalId = root.string("externalId").flatMap { checkExternalId($0, root) }
        let domains = root.strings("emailAllowedDomains")?.filter { checkDomain($0, root) }
        let organization = OrganizationManifest(
            name: name ?? Located("", at: root.location),
            slug: slug ?? Located("", at: root.location),
            externalId: externalId,
            emailAllowedDomains: domains,
            emailJitProvisioning: root.choice("emailJitProvisioning", of: Values.emailJitProvisioning),
            emailInvites: root.choice("emailInvites", of: Values.emailInvites),
            authMethods: root.choice("authMethods", of: Values.authMethods),
            allowedAuthMethods: root.value("allowedAuthMethods")?.items()?.compactMap { $0.choice(of: Values.allowedAuthMethods) },
            mfaPolicy: root.choice("mfaPolicy", of: Values.mfaPolicy),
            mfaMethods: root.choice("mfaMethods", of: Values.mfaMethods),
            allowedMfaMethods: root.value("allowedMfaMethods")?.items()?.compactMap { $0.choice(of: Values.allowedMfaMethods) },
            location: root.location
        )
        checkRestrictions(organization, root)
        guard name != nil, slug != nil else { return nil }
        return organization
    }

    private static func checkName(_ name: Located<String>, _ root: MappingReader) -> Located<String>? {
        guard name.value.count <= 128 else {
            root.sink.error(.invalidValue, at: name.location, "'name' in \(root.reader.subject) is \(name.value.count) characters long; Stytch allows at most 128")
            return nil
        }
        return name
    }

    private static func checkSlug(_ slug: Located<String>, _ root: MappingReader) -> Located<String>? {
        guard OrganizationSlug.isValid(slug.value) else {
            root.sink.error(.invalidSlug, at: slug.location, "slug '\(slug.value)' in \(root.reader.subject) is invalid: \(OrganizationSlug.rule)")
            return nil
        }
        return slug
    }

    private static func checkExternalId(_ id: Located<String>, _ root: MappingReader) -> Located<String>? {
        let valid = id.value.count <= 128 && id.value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-|".contains($0)) }
        guard valid else {
            root.sink.error(.invalidValue, at: id.location, "'externalId' in \(root.reader.subject) may only contain alphanumerics and '.', '_', '-', '|', at most 128 characters; change '\(id.value)'")
            return nil
        }
        return id
    }

    private static func checkDomain(_ domain: Located<String>, _ root: MappingReader) -> Bool {
        let lowered = domain.value.lowercased()
        guard DomainName.isValid(lowered, requireDot: true) else {
            root.sink.error(.invalidDomain, at: domain.location, "'\(domain.value)' in \(root.reader.subject) is not a domain name; write only the domain, e.g. northside.example.org")
            return false
        }
        guard !DomainName.tooCommon.contains(lowered) else {
            root.sink.error(.invalidDomain, at: domain.location, "'\(domain.value)' in \(root.reader.subject) is a public mail domain, which Stytch refuses as an allowed domain; use the organization's own domain")
            return false
        }
        return true
    }

    /// RESTRICTED settings need their allow-lists, as Stytch requires (contract §2, §7).
    private static func checkRestrictions(_ organization: OrganizationManifest, _ root: MappingReader) {
        let subject = root.reader.subject
        if let auth = organization.authMethods, auth.value == "RESTRICTED", organization.allowedAuthMethods?.isEmpty ?? true {
            root.sink.error(.restrictedWithoutList, at: auth.location, "'authMethods' in \(subject) is RESTRICTED but 'allowedAuthMethods' lists nothing; list the allowed methods")
        }
        if let mfa = organization.mfaMethods, mfa.value == "RESTRICTED", organization.allowedMfaMethods?.isEmpty ?? true {
            root.sink.error(.restrictedWithoutList, at: mfa.location, "'mfaMethods' in \(subject) is RESTRICTED but 'allowedMfaMethods' lists nothing; list the allowed methods")
        }
        for setting in [organization.emailJitProvisioning, organization.emailInvites].compactMap({ $0 })
        where setting.value == "RESTRICTED" && (organization.emailAllowedDomains?.isEmpty ?? true) {
            root.sink.warning(.restrictedWithoutList, at: setting.location, "\(subject) restricts e-mail sign-up to 'emailAllowedDomains', which lists nothing, so nobody can join that way; add the organization's domains")
        }
    }
}
