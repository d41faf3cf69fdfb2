/// One problem found in the manifests: where, how bad, what, and (in the message) how to fix it.
///
/// Printed as `path:line:column: error: message`; the JSON form carries the same fields plus the
/// stable `code`.
public struct Diagnostic: Error, Sendable, Hashable, Comparable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable, Codable, Comparable {
        case error
        case warning

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs == .error && rhs == .warning
        }
    }

    public let severity: Severity
    /// A stable identifier of the rule that emitted this diagnostic (for filtering and docs).
    public let code: Code
    public let location: SourceLocation
    /// Lowercase, names quoted, no trailing period; ends by saying how to fix the problem.
    public let message: String

    public init(_ severity: Severity, _ code: Code, at location: SourceLocation, _ message: String) {
        self.severity = severity
        self.code = code
        self.location = location
        self.message = Self.printable(message)
    }

    /// Control characters from a hostile manifest are shown escaped (`\u{1B}`), never sent raw to
    /// a terminal or a CI log.
    static func printable(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return text }
        return String(text.unicodeScalars.map { scalar in
            scalar.properties.generalCategory == .control ? "\\u{\(String(scalar.value, radix: 16, uppercase: true))}" : String(scalar)
        }.joined())
    }

    /// `path:line:column: severity: message`.
    public var description: String {
        "\(location): \(severity.rawValue): \(message)"
    }

    /// Diagnostics sort by file, line and column, then errors before warnings, then by message.
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        if lhs.location != rhs.location { return lhs.location < rhs.location }
        if lhs.severity != rhs.severity { return lhs.severity < rhs.severity }
        return lhs.message < rhs.message
    }
}

extension Diagnostic {
    /// The stable code of a diagnostic; each rule declares its own next to its messages.
    public struct Code: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }
    }
}

extension Array where Element == Diagnostic {
    /// Whether any diagnostic is an error (warnings alone do not fail validation).
    public var containsErrors: Bool { contains { $0.severity == .error } }
}
