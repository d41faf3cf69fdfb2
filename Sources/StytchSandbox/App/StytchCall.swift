import Foundation
import HTTPTypes
import Hummingbird
import SandboxSupport

/// One API request as the handlers see it: decoded path parameters, the query, the body, and the
/// store. Reading it follows the SDK's habits (contract §1.3): GETs repeat path parameters in the
/// query, bodies echo them, booleans in queries are Python-formatted, unknown keys are ignored.
struct StytchCall: Sendable {
    let request: Request
    /// Path parameters, percent-decoded.
    let parameters: [String: String]
    /// Query parameters, form-decoded; the first value of a repeated key wins.
    let query: [String: String]
    let body: Data
    let store: StytchStore

    /// The member-session headers that make the request run with a member's permissions.
    var memberSession: MemberSessionHeaders {
        MemberSessionHeaders(
            token: request.headers[values: Self.sessionHeader].first,
            jwt: request.headers[values: Self.sessionJWTHeader].first)
    }

    /// Enforces a requirement when the request carries member-session headers (contract §1.2).
    func authorize(_ requirement: RBACRequirement) async throws {
        let headers = memberSession
        guard headers.isPresent else { return }
        try await store.authorize(headers, requirement)
    }

    static let sessionHeader = HTTPField.Name("X-Stytch-Member-Session") ?? .authorization
    static let sessionJWTHeader = HTTPField.Name("X-Stytch-Member-SessionJWT") ?? .authorization

    /// A path parameter the route declares.
    func parameter(_ name: String) -> String {
        parameters[name] ?? ""
    }

    /// A query parameter, or nil when absent.
    func queryValue(_ name: String) -> String? {
        query[name]
    }

    /// A boolean query parameter: `true`, `True`, `1` (and their opposites); nil when absent.
    func queryBool(_ name: String) throws(StytchError) -> Bool? {
        guard let raw = query[name] else { return nil }
        switch raw.lowercased() {
        case "true", "1": return true
        case "false", "0", "": return false
        default: throw .invalidField(name, "must be a boolean")
        }
    }

    /// The JSON body decoded as `T`; an empty body reads as `{}`. Unknown keys are ignored and a
    /// mistyped field is a 400 naming the field.
    func decode<T: Decodable>(_ type: T.Type) throws(StytchError) -> T {
        let data = body.isEmpty || body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 })
            ? Data("{}".utf8) : body
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let DecodingError.typeMismatch(_, context) {
            throw .invalidField(Self.fieldName(context.codingPath), "has the wrong type")
        } catch let DecodingError.valueNotFound(_, context) {
            throw .invalidField(Self.fieldName(context.codingPath), "must not be null")
        } catch let DecodingError.keyNotFound(key, context) {
            throw .missingField(Self.fieldName(context.codingPath + [key]))
        } catch {
            throw StytchError(.badRequest, "bad_request", "The request body is not valid JSON.")
        }
    }

    private static func fieldName(_ path: [any CodingKey]) -> String {
        path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            .replacingOccurrences(of: ".[", with: "[")
    }

    /// Parses a raw query string with form rules: `+` is a space, then percent-decoding.
    static func parseQuery(_ raw: String?) -> [String: String] {
        guard let raw, !raw.isEmpty else { return [:] }
        var result: [String: String] = [:]
        for pair in raw.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = formDecode(parts[0])
            let value = parts.count > 1 ? formDecode(parts[1]) : ""
            if result[key] == nil { result[key] = value }
        }
        return result
    }

    private static func formDecode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
