import Foundation
import Hummingbird

/// The success envelope of contract §1.5: the endpoint's payload plus `status_code` (always equal
/// to the HTTP status, 200 for creates too) and `request_id`. The SDK fails to parse a 2xx body
/// missing either field.
struct Envelope<Payload: Encodable>: Encodable {
    let payload: Payload
    let statusCode: Int
    let requestId: String

    enum CodingKeys: String, CodingKey {
        case statusCode = "status_code", requestId = "request_id"
    }

    func encode(to encoder: any Encoder) throws {
        // The payload and the envelope keys share one keyed container: the JSON encoder merges
        // keyed containers requested from the same encoder, which flattens the payload in.
        try payload.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(statusCode, forKey: .statusCode)
        try container.encode(requestId, forKey: .requestId)
    }
}

/// A payload with no fields of its own (for example, session revoke).
struct EmptyPayload: Encodable {
    func encode(to encoder: any Encoder) throws {
        _ = encoder.container(keyedBy: Envelope<EmptyPayload>.CodingKeys.self)
    }
}

/// A 200 response carrying `payload` in the success envelope.
func success(_ payload: some Encodable) throws -> Response {
    try wireResponse(Envelope(payload: payload, statusCode: 200, requestId: RequestID.make()), status: .ok)
}

/// JSON response with `Content-Type: application/json`.
func wireResponse(_ value: some Encodable, status: HTTPResponse.Status) throws -> Response {
    let data = try JSONEncoder().encode(value)
    return Response(
        status: status,
        headers: [.contentType: "application/json"],
        body: .init(byteBuffer: ByteBuffer(bytes: data))
    )
}

/// RFC 3339 UTC timestamps as Stytch writes them: `2021-12-29T12:33:09Z`.
enum Timestamp {
    /// Formats by hand from the broken-down UTC time: search pages format thousands of these, and
    /// the general-purpose formatters are needlessly slow for one fixed layout.
    static func format(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return "\(pad(Int(parts.tm_year) + 1900, 4))-\(pad(Int(parts.tm_mon) + 1, 2))-\(pad(Int(parts.tm_mday), 2))"
            + "T\(pad(Int(parts.tm_hour), 2)):\(pad(Int(parts.tm_min), 2)):\(pad(Int(parts.tm_sec), 2))Z"
    }

    /// Parses what `format` writes (and fractional seconds), or nil.
    static func parse(_ text: String) -> Date? {
        try? Date(text, strategy: .iso8601)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
