/// `kind: User` — one person, keyed by lower-cased e-mail, with their roles and organizations.
public struct UserManifest: Sendable {
    /// One per person, copied by each rule and builder: its fields sit behind one reference.
    private struct Fields: Sendable {
        var email: Located<String>
        var firstName: Located<String>
        var lastName: Located<String>
        var organizations: [Located<String>]
        var roles: [Located<String>]
        var active: Located<Bool>?
        var expires: Located<CalendarDate>?
        var location: SourceLocation
    }

    @Shared private var fields: Fields

    /// The e-mail as written; `key` is its lower-cased form.
    public var email: Located<String> { fields.email }
    public var firstName: Located<String> { fields.firstName }
    public var lastName: Located<String> { fields.lastName }
    /// Organization slugs the person is a member of.
    public var organizations: [Located<String>] { fields.organizations }
    public var roles: [Located<String>] { fields.roles }
    /// false offboards the person everywhere.
    public var active: Located<Bool>? { fields.active }
    /// The last day of access (inclusive); after it the person is offboarded.
    public var expires: Located<CalendarDate>? { fields.expires }
    public var location: SourceLocation { fields.location }

    init(
        email: Located<String>, firstName: Located<String>, lastName: Located<String>, organizations: [Located<String>],
        roles: [Located<String>], active: Located<Bool>?, expires: Located<CalendarDate>?, location: SourceLocation
    ) {
        fields = Fields(
            email: email, firstName: firstName, lastName: lastName, organizations: organizations, roles: roles,
            active: active, expires: expires, location: location
        )
    }

    /// The person's key everywhere: the lower-cased e-mail (DESIGN §3).
    public var key: String { email.value.lowercasedIfNeeded }
    public var isActive: Bool { active?.value ?? true }
}

/// A date without a time, as `expires: 2027-03-31` writes it.
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`, rejecting impossible dates such as 2027-02-30.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), day >= 1, day <= Self.days(inMonth: month, of: year)
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public var description: String {
        let pad = { (value: Int, width: Int) in String(repeating: "0", count: max(0, width - String(value).count)) + String(value) }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    static func days(inMonth month: Int, of year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
