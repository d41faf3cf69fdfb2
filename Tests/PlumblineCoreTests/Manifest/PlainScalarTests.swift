@testable import PlumblineCore
import PlumblineTestSupport
import Testing
import Yams

/// The plain scalars plumbline types by their spelling get the type and value Yams' YAML 1.1
/// rules give them; everything else is left to those rules.
@Suite("Plain scalars typed by their spelling", .tags(.small))
struct PlainScalarTests {
    static let texts = [
        "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
        "on", "On", "ON", "off", "Off", "OFF", "null", "Null", "NULL", "nULL", "tRUE", "y", "n", "~", "",
        "0", "3", "42", "1000", "9223372036854775807", "9223372036854775808", "012", "09", "00", "0x1F",
        "1_000", "+1", "-1", "1.5", "1e3", "2027-03-31", "2027-3-31", "2027-03-31T10:00:00Z", "2027-03-3x",
        "2027/03/31", "190:20:30", "<<", "=", "alice", "3 people", "12h", "30m", "14d", "90s", "1week",
        "0x", "0b", "0o", "1e", "0x1F", "0b101", "0o17", "1e3x", "12h5", "12 h", "12h ", "12_h", "١٢h",
    ]

    @Test(arguments: texts)
    func settledTypesAgreeWithYams(_ text: String) throws {
        guard let settled = PlainScalar.settledType(text) else { return }
        let yams: YAMLNode.ScalarType? = switch Resolver.default.resolveTag(of: Node(text)) {
        case .bool: .bool
        case .int: .int
        case .null: .null
        case .timestamp: .timestamp
        case .str: .string
        default: nil
        }
        #expect(settled == yams, "'\(text)'")
    }

    @Test(arguments: texts)
    func settledValuesAgreeWithYams(_ text: String) {
        if let value = PlainScalar.bool(text) { #expect(value == Node(text).bool, "'\(text)'") }
        if let value = PlainScalar.decimal(text) { #expect(value == Node(text).int, "'\(text)'") }
    }

    @Test func theCommonScalarsAreSettledAndTheRestAreNot() {
        #expect(["true", "off", "NULL", "0", "42", "2027-03-31", "12h", "30m"].allSatisfy { PlainScalar.settledType($0) != nil })
        #expect(["012", "09", "0x1F", "1_000", "+1", "1.5", "2027-3-31", "2027-03-31T10:00:00Z", "0x1F", "12h5", "~", ""].allSatisfy { PlainScalar.settledType($0) == nil })
    }
}
