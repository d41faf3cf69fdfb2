import Foundation

import HTTPTypes
import Hummingbird

/// The parts of an HTTP request the emulation looks at, copied out of Hummingbird's `Request` so
/// they can cross into the store actor.
struct IncomingRequest: Sendable {
    /// Upper-case method.
    let method: String
    /// The path as sent (`/api/fhir/R4/Patient`), still percent-encoded.
    let originalPath: String
    /// The path with an `/api` mount prefix removed, still percent-encoded.
    let path: String
    /// `originalUrl` as Express sees it: path plus `?query` when present.
    let originalURL: String
    /// The raw query string without `?`, nil when the URL had none.
    let queryString: String?
    let query: [(name: String, value: String)]
    let headers: HTTPFields
    /// `req.ip` with `trust proxy` set to one hop: the last `X-Forwarded-For` entry, else the peer.
    let clientIP: String
    let tracing: Tracing

    init(_ request: Request, peerAddress: String) {
        method = request.method.rawValue.uppercased()
        originalPath = request.uri.path
        path = Self.unmounted(originalPath)
        queryString = request.uri.query
        originalURL = originalPath + (queryString.map { "?" + $0 } ?? "")
        query = queryString.map(URLEncoding.pairs) ?? []
        headers = request.headers
        let forwarded = HTTPField.Name("X-Forwarded-For").flatMap { request.headers[$0] }?
            .split(separator: ",").last.map { $0.trimmingCharacters(in: .whitespaces) }
        clientIP = forwarded.flatMap { $0.isEmpty ? nil : $0 } ?? peerAddress
        tracing = Tracing(requestID: MedplumID.generate(), traceID: Self.traceID(request.headers))
    }

    /// A header value (first occurrence).
    func header(_ name: String) -> String? {
        guard let field = HTTPField.Name(name) else { return nil }
        return headers[field]
    }

    /// Path segments after a prefix of `count` segments, percent-decoded.
    func segments(droppingFirst count: Int) -> [String] {
        Array(path.split(separator: "/", omittingEmptySubsequences: true).dropFirst(count)).map(URLEncoding.decodePath)
    }

    /// Every router is mounted at `/` and at `/api/`.
    private static func unmounted(_ path: String) -> String {
        if path == "/api" { return "/" }
        if path.hasPrefix("/api/") { return String(path.dropFirst(4)) }
        return path
    }

    /// `x-trace-id` when it is a UUID, a valid `traceparent`, the Root of `x-amzn-trace-id`, or a
    /// fresh UUID (Medplum's `getTraceId`).
    private static func traceID(_ headers: HTTPFields) -> String {
        if let value = HTTPField.Name("x-trace-id").flatMap({ headers[$0] }), MedplumID.isUUID(value) { return value }
        if let value = HTTPField.Name("traceparent").flatMap({ headers[$0] }),
            value.split(separator: "-").count == 4
        {
            return value
        }
        if let value = HTTPField.Name("x-amzn-trace-id").flatMap({ headers[$0] }),
            let range = value.range(of: "Root=") ?? value.range(of: "Self=")
        {
            return String(value[range.upperBound...].prefix(while: { $0 != ";" }))
        }
        return MedplumID.generate()
    }
}
