import Foundation

import Hummingbird

/// A request body as Express's parsers leave it in `req.body`.
enum ParsedBody: Sendable {
    /// No parser applied (missing or other content type): Medplum sees `{}`.
    case none
    case json(JSON)
    case form([(name: String, value: String)])

    /// The body as JSON; form and unparsed bodies read as an empty object.
    var json: JSON {
        switch self {
        case .json(let value): return value
        case .form(let pairs):
            return .object(JSONObject(pairs.map { JSONMember(key: $0.name, value: .string($0.value)) }))
        case .none: return .object(JSONObject())
        }
    }

    var formPairs: [(name: String, value: String)] {
        if case .form(let pairs) = self { return pairs }
        return []
    }
}

/// `express.json({type: ['application/json', 'application/*+json'], limit: '1mb'})` and
/// `express.urlencoded({extended: false})` (limit `100kb`).
enum RequestBodyParser {
    static let jsonLimit = 1_048_576
    static let formLimit = 102_400

    enum Kind { case json, form, other }

    /// Which parser a `Content-Type` selects.
    static func kind(of contentType: String?) -> Kind {
        guard let contentType else { return .other }
        let media = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        if media == "application/json" || (media.hasPrefix("application/") && media.hasSuffix("+json")) { return .json }
        if media == "application/x-www-form-urlencoded" { return .form }
        return .other
    }

    /// Reads and parses the body, failing as body-parser does: 400 "File too large" over the
    /// limit, 400 "Content could not be parsed" for bad JSON (only objects and arrays are accepted).
    static func parse(_ request: Request, contentType: String?) async throws(Outcome) -> ParsedBody {
        let kind = kind(of: contentType)
        guard kind != .other else { return .none }
        let limit = kind == .json ? jsonLimit : formLimit
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw Outcome.badRequest("File too large")
        }
        var bytes: [UInt8] = []
        do {
            for try await buffer in request.body {
                bytes.append(contentsOf: buffer.readableBytesView)
                if bytes.count > limit { throw Outcome.badRequest("File too large") }
            }
        } catch let outcome as Outcome {
            throw outcome
        } catch {
            throw Outcome.badRequest("Content could not be parsed")
        }
        switch kind {
        case .form:
            return .form(URLEncoding.pairs(String(decoding: bytes, as: UTF8.self)))
        default:
            let first = bytes.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }
            guard let first else { return .json(.object(JSONObject())) }
            guard first == UInt8(ascii: "{") || first == UInt8(ascii: "["),
                let value = try? JSONParser.parse(bytes)
            else {
                throw Outcome.badRequest("Content could not be parsed")
            }
            return .json(value)
        }
    }
}
