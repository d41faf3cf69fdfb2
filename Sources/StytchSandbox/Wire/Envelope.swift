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

/// A 200 response carrying `payload` in the success envelope, written with `JSONWriter` (the
/// search pages).
func success(_ payload: some JSONFields) -> Response {
    var writer = JSONWriter(capacity: 64 * 1024)
    writer.beginObject()
    payload.writeFields(to: &writer)
    writer.field("status_code", 200)
    writer.field("request_id", RequestID.make())
    writer.endObject()
    return Response(
        status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: writer.bytes)))
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
    /// Formats by hand from the broken-down UTC time: search pages format two per member, and
    /// the general-purpose formatters are needlessly slow for one fixed layout.
    static func format(_ date: Date) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        append(date, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the 20 bytes of the timestamp to `bytes`.
    static func append(_ date: Date, to bytes: inout [UInt8]) {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func digits(_ value: Int32, _ width: Int) {
            var divisor: Int32 = 1
            for _ in 1..<width { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: (rest / divisor) % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(parts.tm_year + 1900, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(parts.tm_mon + 1, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(parts.tm_mday, 2)
        bytes.append(UInt8(ascii: "T"))
        digits(parts.tm_hour, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(parts.tm_min, 2)
        bytes.append(UInt8(ascii: ":"))
        digits(parts.tm_sec, 2)
        bytes.append(UInt8(ascii: "Z"))
    }

    /// Parses what `format` writes (and fractional seconds), or nil.
    static func parse(_ text: String) -> Date? {
        (try? Date(text, strategy: .iso8601))
            ?? (try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)))
    }
}
