import Foundation

/// One HTTP answer before it becomes a Hummingbird `Response`: plain data, so that handlers
/// running inside the store actor can build it and send it back across the isolation boundary.
struct Reply: Sendable {
    struct Header: Sendable, Equatable {
        var name: String
        var value: String
    }

    var status: Int
    var headers: [Header]
    var body: [UInt8]
    /// The `"fhirInteractions";r=..;t=..` part of `RateLimit`, which the pipeline appends after the
    /// request limiter's part (not sent on its own).
    var fhirInteractions: String?

    init(status: Int, headers: [Header] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of the first header called `name` (case-insensitive).
    func header(_ name: String) -> String? {
        headers.first(where: { $0.name.lowercased() == name.lowercased() })?.value
    }

    /// Replaces every header called `name` with one value.
    mutating func setHeader(_ name: String, _ value: String) {
        headers.removeAll(where: { $0.name.lowercased() == name.lowercased() })
        headers.append(Header(name: name, value: value))
    }

    /// Adds a header without touching existing ones.
    mutating func appendHeader(_ name: String, _ value: String) {
        headers.append(Header(name: name, value: value))
    }

    /// Adds `token` to the `Vary` header, as the `vary` package does (one header, comma-joined).
    mutating func addVary(_ token: String) {
        guard let existing = header("Vary") else {
            headers.append(Header(name: "Vary", value: token))
            return
        }
        let tokens = existing.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard !tokens.contains(token.lowercased()) else { return }
        setHeader("Vary", existing + ", " + token)
    }
}

// MARK: - The content types Express produces

extension Reply {
    static let fhirJSONType = "application/fhir+json; charset=utf-8"
    static let jsonType = "application/json; charset=utf-8"
    static let htmlType = "text/html; charset=utf-8"
    static let textType = "text/plain; charset=utf-8"

    /// `res.json(value)`.
    static func json(_ value: JSON, status: Int = 200) -> Reply {
        Reply(status: status, headers: [Header(name: "Content-Type", value: jsonType)], body: JSONWriter.serialize(value))
    }

    /// A FHIR body (`sendResponse`): `application/fhir+json`, indented with `_pretty=true`.
    static func fhir(_ value: JSON, status: Int = 200, pretty: Bool = false) -> Reply {
        Reply(
            status: status, headers: [Header(name: "Content-Type", value: fhirJSONType)],
            body: JSONWriter.serialize(value, indent: pretty ? 2 : 0))
    }

    /// A FHIR body that is already serialised.
    static func fhir(bytes: [UInt8], status: Int = 200) -> Reply {
        Reply(status: status, headers: [Header(name: "Content-Type", value: fhirJSONType)], body: bytes)
    }

    /// `sendOutcome(res, outcome)`: the outcome with its tracing extension, status from its id.
    static func outcome(_ outcome: Outcome, tracing: Tracing?) -> Reply {
        .fhir(outcome.json(tracing: tracing), status: outcome.status)
    }

    /// `res.send(string)`: Express labels a string body `text/html`. With `allow`, the automatic
    /// `OPTIONS` answer: the methods as body and `Allow` header.
    static func html(_ text: String, status: Int, allow: [String]? = nil) -> Reply {
        var reply = Reply(status: status, headers: [Header(name: "Content-Type", value: htmlType)], body: Array(text.utf8))
        if let allow { reply.setHeader("Allow", allow.joined(separator: ",")) }
        return reply
    }

    /// `res.type('text/plain').send(text)` and `res.sendStatus(code)`.
    static func text(_ text: String, status: Int = 200) -> Reply {
        Reply(status: status, headers: [Header(name: "Content-Type", value: textType)], body: Array(text.utf8))
    }
}

/// Thrown by a handler that has already decided the exact answer (OAuth errors, plain-text
/// refusals), so it travels through the same `throws` path as an `Outcome`.
struct ReplyError: Error, Sendable {
    let reply: Reply
}
