import Foundation
import PlumblineCore
import PlumblineTestSupport
import Testing

@Suite("RFC 3339 timestamps", .tags(.small))
struct InternetTimestampTests {
    func formatter(fraction: Bool) -> ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = fraction ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        return formatter
    }

    @Test(arguments: [
        "2026-11-23T22:05:35Z", "2026-11-23T22:05:35.123Z", "1999-12-31T23:59:59Z", "2000-02-29T00:00:00Z",
        "2024-02-29T12:30:00+01:00", "2024-03-01T00:00:00-05:30", "1970-01-01T00:00:00Z"
    ])
    func agreesWithFoundation(_ text: String) throws {
        let expected = try #require(formatter(fraction: true).date(from: text) ?? formatter(fraction: false).date(from: text))
        let parsed = try #require(InternetTimestamp.parse(text))
        #expect(abs(parsed.timeIntervalSince(expected)) < 0.000_5)
    }

    @Test func acceptsLowerCaseSeparatorsAsRFC3339Allows() throws {
        #expect(InternetTimestamp.parse("2026-11-23t22:05:35z") == InternetTimestamp.parse("2026-11-23T22:05:35Z"))
        #expect(InternetTimestamp.parse("2026-11-23T22:05:35Z") == Date(timeIntervalSince1970: 1_795_471_535))
    }

    @Test func keepsSubMillisecondFractions() throws {
        let parsed = try #require(InternetTimestamp.parse("2026-11-23T22:05:35.123456Z"))
        let whole = try #require(InternetTimestamp.parse("2026-11-23T22:05:35Z"))
        #expect(abs(parsed.timeIntervalSince(whole) - 0.123456) < 0.000_001)
    }

    @Test(arguments: ["", "2026-11-23", "2026-13-01T00:00:00Z", "2026-11-23T25:00:00Z", "2026-11-23T22:05:35", "2026-11-23T22:05:35.Z", "not a date"])
    func rejectsWhatIsNotATimestamp(_ text: String) {
        #expect(InternetTimestamp.parse(text) == nil)
    }
}
