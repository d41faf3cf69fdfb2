import Foundation

/// What a response says about when to send the next request: `Retry-After` (seconds or an
/// HTTP date) and the `RateLimit` header Medplum sends (`"requests";r=0;t=42, "fhirInteractions";r=…`).
public struct RateLimitHeaders: Sendable, Equatable {
    /// How long the server asked us to wait, if it said.
    public let retryAfter: Duration?
    /// The longest reset time among exhausted budgets (`r=0`), if any budget is exhausted.
    public let exhaustedFor: Duration?
    /// The longest reset time among all budgets the header reports.
    public let longestReset: Duration?

    public init(_ response: HTTPResponse, now: Date = Date()) {
        retryAfter = response.header("retry-after").flatMap { Self.parseRetryAfter($0, now: now) }
        let budgets = response.header("ratelimit").map(Self.parseRateLimit) ?? []
        exhaustedFor = budgets.filter { $0.remaining <= 0 }.map(\.reset).max()
        longestReset = budgets.map(\.reset).max()
    }

    /// How long to wait before retrying a 429: what the server said (`Retry-After`, or the reset
    /// of the exhausted `RateLimit` budget), or nil to back off.
    public var waitAfterTooManyRequests: Duration? {
        retryAfter ?? exhaustedFor
    }

    static func parseRetryAfter(_ value: String, now: Date) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed), seconds >= 0 { return .milliseconds(Int(seconds * 1000)) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        return .milliseconds(max(0, Int(date.timeIntervalSince(now) * 1000)))
    }

    /// Items of an IETF-style structured `RateLimit` header: each has `r` (remaining) and `t`
    /// (seconds to reset). Unparsable items are skipped.
    static func parseRateLimit(_ value: String) -> [(remaining: Int, reset: Duration)] {
        value.split(separator: ",").compactMap { item in
            var remaining: Int?, reset: Int?
            for parameter in item.split(separator: ";").dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2, let number = Int(pair[1]) else { continue }
                if pair[0] == "r" { remaining = number }
                if pair[0] == "t" { reset = number }
            }
            guard let remaining, let reset else { return nil }
            return (remaining, .seconds(reset))
        }
    }
}
