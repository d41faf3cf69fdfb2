import Foundation
import Hummingbird

/// An error as Stytch reports it: HTTP status plus the JSON body of contract §1.6, with all five
/// core fields always present so that the SDKs can parse it (a body without `request_id` or
/// `error_message` makes the Python SDK fall back to "An unknown error occurred").
struct StytchError: Error, HTTPResponseError, Equatable {
    let status: HTTPResponse.Status
    /// The stable machine-readable type, e.g. `organization_not_found`.
    let type: String
    /// The human-readable message.
    let message: String
    /// Optional extra detail (`error_details`), as stytch-go's error struct carries.
    var details: JSONObject?

    init(_ status: HTTPResponse.Status, _ type: String, _ message: String, details: JSONObject? = nil) {
        self.status = status
        self.type = type
        self.message = message
        self.details = details
    }

    /// The documentation link real responses carry; clients must not parse it.
    var url: String {
        "https://stytch.com/docs/api-reference/b2b/api/errors/\(status.code)#\(type)"
    }

    /// The error body, with a fresh request id.
    var body: ErrorBody {
        ErrorBody(
            statusCode: status.code, requestId: RequestID.make(), errorType: type, errorMessage: message,
            errorURL: url, errorDetails: details)
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        try render()
    }

    /// The HTTP response carrying this error.
    func render(extraHeaders: HTTPFields = [:]) throws -> Response {
        var response = try wireResponse(body, status: status)
        response.headers.append(contentsOf: extraHeaders)
        return response
    }
}

/// The wire form of an error (contract §1.6).
struct ErrorBody: Encodable {
    let statusCode: Int
    let requestId: String
    let errorType: String
    let errorMessage: String
    let errorURL: String
    let errorDetails: JSONObject?

    enum CodingKeys: String, CodingKey {
        case statusCode = "status_code", requestId = "request_id", errorType = "error_type"
        case errorMessage = "error_message", errorURL = "error_url", errorDetails = "error_details"
    }
}

/// Request ids as Stytch formats them: `request-id-test-<uuid>`.
enum RequestID {
    static func make() -> String { "request-id-test-\(UUID().uuidString.lowercased())" }
}
