import Foundation
import Testing

/// Checks Stytch's error body (contract §1.6): the status, the type, and all five core fields.
func expectError(
    _ response: TestResponse, _ status: Int, _ type: String, sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(response.status == status, "status of \(response.text)", sourceLocation: sourceLocation)
    let json = response.json
    #expect(json["status_code"] as? Int == status, sourceLocation: sourceLocation)
    #expect(json["error_type"] as? String == type, "body: \(response.text)", sourceLocation: sourceLocation)
    #expect((json["request_id"] as? String)?.hasPrefix("request-id-test-") == true, sourceLocation: sourceLocation)
    #expect((json["error_message"] as? String)?.isEmpty == false, sourceLocation: sourceLocation)
    #expect(
        (json["error_url"] as? String)?.hasPrefix("https://stytch.com/docs/") == true, sourceLocation: sourceLocation)
    #expect(response.header("Content-Type")?.hasPrefix("application/json") == true, sourceLocation: sourceLocation)
}

/// Checks the success envelope (contract §1.5) and returns the body.
@discardableResult
func expectSuccess(_ response: TestResponse, sourceLocation: SourceLocation = #_sourceLocation) -> [String: Any] {
    #expect(response.status == 200, "body: \(response.text)", sourceLocation: sourceLocation)
    let json = response.json
    #expect(json["status_code"] as? Int == 200, sourceLocation: sourceLocation)
    #expect((json["request_id"] as? String)?.hasPrefix("request-id-test-") == true, sourceLocation: sourceLocation)
    return json
}

/// Common shapes.
extension Dictionary where Key == String, Value == Any {
    func object(_ key: String) -> [String: Any] { self[key] as? [String: Any] ?? [:] }
    func objects(_ key: String) -> [[String: Any]] { self[key] as? [[String: Any]] ?? [] }
    func string(_ key: String) -> String? { self[key] as? String }
    func strings(_ key: String) -> [String]? { self[key] as? [String] }
    func bool(_ key: String) -> Bool? { self[key] as? Bool }
    func int(_ key: String) -> Int? { self[key] as? Int }
}

/// Whether a value is an RFC 3339 UTC timestamp such as `2021-12-29T12:33:09Z`.
func isTimestamp(_ value: Any?) -> Bool {
    guard let text = value as? String else { return false }
    return text.range(of: #"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$"#, options: .regularExpression) != nil
}
