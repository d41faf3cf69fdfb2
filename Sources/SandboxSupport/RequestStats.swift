import Foundation
import Synchronization

/// Counts the requests a sandbox served, in total and by method + route template, so tests and
/// benchmarks can assert how many requests a command made (`GET /_sandbox/stats`), and how many
/// of each were answered at once.
public final class RequestStats: Sendable {
    /// A point-in-time copy of the counters, shaped as DESIGN §7's `/_sandbox/stats` body.
    public struct Snapshot: Codable, Sendable, Equatable {
        public struct Requests: Codable, Sendable, Equatable {
            public var total: Int
            public var byRoute: [String: Int]
        }
        public var requests: Requests
    }

    private let counters = Mutex<(total: Int, byRoute: [String: Int])>((0, [:]))
    /// Requests of each route being answered now, and the most there have been at once: whether
    /// a client reads side by side, seen from the server without timing anything.
    private let flights = Mutex<(now: [String: Int], peak: [String: Int])>(([:], [:]))
    private let template: @Sendable (String) -> String

    /// - Parameter template: maps a request path to its route template (ids replaced by `:id`).
    public init(template: @escaping @Sendable (String) -> String = RouteTemplate.replacingIdentifiers) {
        self.template = template
    }

    /// Records one request and counts it in flight until `answering` returns.
    public func record<Answer>(method: String, path: String, answering: () async throws -> Answer) async rethrows -> Answer {
        let key = "\(method) \(template(path))"
        counters.withLock { counters in
            counters.total += 1
            counters.byRoute[key, default: 0] += 1
        }
        flights.withLock { flights in
            flights.now[key, default: 0] += 1
            flights.peak[key] = max(flights.peak[key] ?? 0, flights.now[key] ?? 0)
        }
        defer { flights.withLock { $0.now[key, default: 1] -= 1 } }
        return try await answering()
    }

    /// The most requests of each route (`GET /fhir/R4/Project/:id`) answered at once since the
    /// last reset.
    public var peakInFlight: [String: Int] { flights.withLock { $0.peak } }

    /// The requests of each route being answered now (routes with none left out).
    public var inFlight: [String: Int] { flights.withLock { $0.now.filter { $0.value > 0 } } }

    /// The counters as they stand.
    public func snapshot() -> Snapshot {
        counters.withLock { Snapshot(requests: .init(total: $0.total, byRoute: $0.byRoute)) }
    }

    /// Sets every counter back to zero; the peaks start again from the requests now in flight.
    public func reset() {
        counters.withLock { $0 = (0, [:]) }
        flights.withLock { $0.peak = $0.now }
    }
}

/// Turns concrete request paths into route templates for the request counters.
public enum RouteTemplate {
    /// Replaces every path segment that looks like an identifier — a UUID, a Stytch-style prefixed
    /// id (`member-test-<uuid>`), or a number — with `:id`, and drops the query string.
    @Sendable
    public static func replacingIdentifiers(_ path: String) -> String {
        let pathOnly = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? path
        let segments = pathOnly.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            looksLikeIdentifier(segment) ? ":id" : String(segment)
        }
        return segments.joined(separator: "/")
    }

    /// True for UUIDs, prefixed ids ending in a UUID, and all-digit segments.
    public static func looksLikeIdentifier(_ segment: Substring) -> Bool {
        guard !segment.isEmpty else { return false }
        if segment.allSatisfy(\.isNumber) { return true }
        guard segment.count >= 36 else { return false }
        return UUID(uuidString: String(segment.suffix(36))) != nil
    }
}
