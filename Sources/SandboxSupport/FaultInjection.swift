import Foundation
import Hummingbird
import Synchronization

/// One injected fault: for the next `count` requests matching `method` and `pathPrefix`, answer
/// `status` with the server's real error body, wait `delayMs` first, or drop the connection.
///
/// JSON form (`POST /_sandbox/faults`):
/// `{"method": "GET", "pathPrefix": "/fhir/R4/", "count": 2, "status": 503}`,
/// `{"pathPrefix": "/v1/b2b/", "delayMs": 1500}`, `{"method": "POST", "drop": true}`.
public struct FaultRule: Codable, Sendable, Equatable {
    /// HTTP method to match (case-insensitive); nil matches every method.
    public var method: String?
    /// Path prefix to match; nil matches every path. `/_sandbox/` itself is never faulted.
    public var pathPrefix: String?
    /// How many matching requests the rule applies to before it is used up.
    public var count: Int
    /// Answer this status instead of handling the request.
    public var status: Int?
    /// Wait this long before answering (then handle normally, or answer `status`).
    public var delayMs: Int?
    /// Close the connection without answering.
    public var drop: Bool
    /// Extra headers to add to a faulted answer (for example `Retry-After`).
    public var headers: [String: String]

    public init(
        method: String? = nil, pathPrefix: String? = nil, count: Int = 1, status: Int? = nil,
        delayMs: Int? = nil, drop: Bool = false, headers: [String: String] = [:]
    ) {
        self.method = method
        self.pathPrefix = pathPrefix
        self.count = count
        self.status = status
        self.delayMs = delayMs
        self.drop = drop
        self.headers = headers
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        method = try container.decodeIfPresent(String.self, forKey: .method)
        pathPrefix = try container.decodeIfPresent(String.self, forKey: .pathPrefix)
        count = try container.decodeIfPresent(Int.self, forKey: .count) ?? 1
        status = try container.decodeIfPresent(Int.self, forKey: .status)
        delayMs = try container.decodeIfPresent(Int.self, forKey: .delayMs)
        drop = try container.decodeIfPresent(Bool.self, forKey: .drop) ?? false
        headers = try container.decodeIfPresent([String: String].self, forKey: .headers) ?? [:]
    }

    func matches(method: String, path: String) -> Bool {
        if let wanted = self.method, wanted.uppercased() != method.uppercased() { return false }
        if let prefix = pathPrefix, !path.hasPrefix(prefix) { return false }
        return true
    }

    /// Why a rule cannot be used, or nil when it is well formed.
    var problem: String? {
        if count < 1 { return "count must be at least 1" }
        if status == nil && delayMs == nil && !drop { return "a fault needs status, delayMs or drop" }
        if let status, !(100...599).contains(status) { return "status must be an HTTP status code" }
        if let delayMs, delayMs < 0 { return "delayMs must not be negative" }
        return nil
    }
}

/// The armed fault rules of one sandbox. Each matching request consumes one use of the first
/// rule that matches it.
public final class FaultInjector: Sendable {
    private let rules = Mutex<[FaultRule]>([])

    public init() {}

    /// Arms more rules, after the ones already armed. Throws when a rule is malformed.
    public func arm(_ newRules: [FaultRule]) throws(FaultRuleError) {
        if let problem = newRules.lazy.compactMap(\.problem).first { throw FaultRuleError(message: problem) }
        rules.withLock { $0.append(contentsOf: newRules) }
    }

    /// Disarms every rule.
    public func clear() {
        rules.withLock { $0.removeAll() }
    }

    /// The rules still armed, with their remaining counts.
    public var armed: [FaultRule] {
        rules.withLock { $0 }
    }

    /// Consumes one use of the first rule matching the request, if any.
    public func take(method: String, path: String) -> FaultRule? {
        guard !path.hasPrefix("/_sandbox/") else { return nil }
        return rules.withLock { rules in
            guard let index = rules.firstIndex(where: { $0.matches(method: method, path: path) }) else { return nil }
            let rule = rules[index]
            rules[index].count -= 1
            if rules[index].count == 0 { rules.remove(at: index) }
            return rule
        }
    }
}

/// A fault rule that cannot be armed.
public struct FaultRuleError: Error, Sendable {
    public let message: String
}
