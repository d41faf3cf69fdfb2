/// `kind: User` — one person, keyed by lower-cased e-mail, with their roles and organizations.
public struct UserManifest: Sendable {
    /// The e-mail as written; `key` is its lower-cased form.
    public var email: Located<String>
    public var firstName: Located<String>
    public var lastName: Located<String>
    /// Organization slugs the person is a member of.
    public var organizations: [Located<String>]
    public var roles: [Located<String>]
    /// false offboards the person everywhere.
    public var active: Located<Bool>?
    /// The last day of access (inclusive); after it the person is offboarded.
    public var expires: Located<CalendarDate>?
    public var location: SourceLocation

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
