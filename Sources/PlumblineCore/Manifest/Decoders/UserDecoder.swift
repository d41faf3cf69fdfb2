extension Diagnostic.Code {
    static let invalidEmail = Self("invalid-email")
    static let invalidDate = Self("invalid-date")
    static let noRoles = Self("no-roles")
    static let repeatedEntry = Self("repeated-entry")
}

/// Decodes `kind: User`.
enum UserDecoder {
    static let keys = ["kind", "email", "firstName", "lastName", "organizations", "roles", "active", "expires"]

    static func decode(_ reader: NodeReader) -> UserManifest? {
        guard let root = MappingReader(reader, allowedKeys: keys) else { return nil }
        let email = root.string("email", required: true).flatMap { checkEmail($0, root) }
        let firstName = root.string("firstName", required: true)
        let lastName = root.string("lastName", required: true)
        let organizations = root.strings("organizations").map { unique($0, root) } ?? []
        let roles = root.strings("roles", required: true).map { unique($0, root) }
        let active = root.bool("active")
        let expires = root.value("expires").flatMap(date)
        if let roles, roles.isEmpty, let node = root.value("roles") {
            root.sink.warning(.noRoles, at: node.location, "\(reader.subject) has no roles, so they get no access; add a role or remove the user")
        }
        // Keep the user even when a name is wrong, so duplicate and reference checks still run.
        guard let email else { return nil }
        return UserManifest(
            email: email, firstName: firstName ?? Located("", at: root.location),
            lastName: lastName ?? Located("", at: root.location), organizations: organizations,
            roles: roles ?? [], active: active, expires: expires, location: root.location
        )
    }

    private static func checkEmail(_ email: Located<String>, _ root: MappingReader) -> Located<String>? {
        guard EmailAddress.isValid(email.value) else {
            root.sink.error(.invalidEmail, at: email.location, "'\(email.value)' is not a valid e-mail address; write it as name@domain, e.g. alice@northside.example.org")
            return nil
        }
        return email
    }

    /// `expires` is a date: YAML reads `2027-03-31` as a timestamp, a quoted one as a string.
    static func date(_ node: NodeReader) -> Located<CalendarDate>? {
        guard let text = node.node.scalar, node.node.scalarType == .timestamp || node.node.scalarType == .string else {
            node.reportWrongType(expected: "a date", fix: "; write it as YYYY-MM-DD, e.g. 2027-03-31")
            return nil
        }
        guard let date = CalendarDate(text) else {
            node.sink.error(.invalidDate, at: node.location, "\(node.described) must be a date written YYYY-MM-DD, e.g. 2027-03-31, found '\(text)'")
            return nil
        }
        return Located(date, at: node.location)
    }

    /// Drops repeated entries, warning about each repetition.
    private static func unique(_ values: [Located<String>], _ root: MappingReader) -> [Located<String>] {
        var seen: Set<String> = []
        return values.filter { value in
            guard seen.insert(value.value).inserted else {
                root.sink.warning(.repeatedEntry, at: value.location, "'\(value.value)' is listed twice in \(root.reader.subject); remove the repetition")
                return false
            }
            return true
        }
    }
}
