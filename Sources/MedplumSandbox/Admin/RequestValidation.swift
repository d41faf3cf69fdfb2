/// The express-validator rules the admin routes use, producing Medplum's `invalidRequest`
/// outcome (random id, one `invalid` issue per failed rule, `oneOf` flattened).
struct RequestValidation {
    private(set) var failures: [(message: String, field: String?)] = []
    let body: JSON

    init(_ body: JSON) {
        self.body = body
    }

    /// `body(field).notEmpty()`: missing, null and `""` fail; other values pass.
    mutating func notEmpty(_ field: String, _ message: String) {
        if !Self.isNotEmpty(body[field]) { failures.append((message, field)) }
    }

    /// `body(field).isIn(values)`.
    mutating func isIn(_ field: String, _ values: [String], _ message: String) {
        if !values.contains(Self.text(body[field]) ?? "\u{0}") { failures.append((message, field)) }
    }

    /// `body(field).isEmail()`.
    mutating func isEmail(_ field: String, _ message: String) {
        if !Self.isEmail(Self.text(body[field])) { failures.append((message, field)) }
    }

    /// `body(field).isLength({min})`.
    mutating func minLength(_ field: String, _ minimum: Int, _ message: String) {
        if (Self.text(body[field]) ?? "").count < minimum { failures.append((message, field)) }
    }

    /// `oneOf([...])`: passes when any alternative passes; otherwise every alternative's failures
    /// are reported (Medplum flattens the nested errors).
    mutating func oneOf(_ alternatives: [(inout RequestValidation) -> Void]) {
        var collected: [(message: String, field: String?)] = []
        for alternative in alternatives {
            var nested = RequestValidation(body)
            alternative(&nested)
            if nested.failures.isEmpty { return }
            collected.append(contentsOf: nested.failures)
        }
        failures.append(contentsOf: collected)
    }

    /// The 400 outcome, or nil when every rule passed.
    var outcome: Outcome? {
        failures.isEmpty ? nil : .invalidRequest(failures)
    }

    /// How express-validator sees a value: strings as they are, numbers and booleans as text.
    private static func text(_ value: JSON?) -> String? {
        switch value {
        case .string(let text)?: return text
        case .number(let number)?: return JSONWriter.format(number)
        case .bool(let flag)?: return flag ? "true" : "false"
        default: return nil
        }
    }

    private static func isNotEmpty(_ value: JSON?) -> Bool {
        switch value {
        case nil, .null?: return false
        case .string(let text)?: return !text.isEmpty
        case .array(let elements)?: return !elements.isEmpty
        default: return true
        }
    }

    /// validator.js `isEmail` for ordinary addresses: a local part, one `@`, a dotted domain with a
    /// top-level label of two or more letters, no spaces.
    static func isEmail(_ value: String?) -> Bool {
        guard let value, !value.contains(" "), value.count <= 254 else { return false }
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64 else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }),
            let top = labels.last, top.count >= 2, top.allSatisfy(\.isLetter)
        else { return false }
        return parts[1].allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." }
    }
}
