/// What a planned change does to a live object (DESIGN §3), with the symbol the text renderer
/// shows for it.
public enum Action: String, Sendable, Codable, Hashable, CaseIterable, Comparable {
    case create, update, delete, deactivate, reactivate, revoke

    public var symbol: String {
        switch self {
        case .create: "+"
        case .update: "~"
        case .delete: "-"
        case .deactivate: "!"
        case .reactivate: "^"
        case .revoke: "x"
        }
    }

    public static func < (lhs: Action, rhs: Action) -> Bool {
        (allCases.firstIndex(of: lhs) ?? 0) < (allCases.firstIndex(of: rhs) ?? 0)
    }
}

/// One field of a change: its path and the values before and after (nil = absent).
public struct FieldChange: Sendable, Codable, Hashable {
    public let path: String
    public let before: JSONValue?
    public let after: JSONValue?

    public init(_ path: String, before: JSONValue?, after: JSONValue?) {
        self.path = path
        self.before = before
        self.after = after
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        try container.encode(before ?? .null, forKey: .before)
        try container.encode(after ?? .null, forKey: .after)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        path = try container.decode(String.self, forKey: .path)
        let before = try container.decodeIfPresent(JSONValue.self, forKey: .before)
        let after = try container.decodeIfPresent(JSONValue.self, forKey: .after)
        self.before = before == .null ? nil : before
        self.after = after == .null ? nil : after
    }

    private enum CodingKeys: String, CodingKey { case path, before, after }
}
