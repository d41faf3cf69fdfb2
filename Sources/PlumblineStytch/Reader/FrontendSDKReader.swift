import Foundation
import PlumblineCore
import PlumblineHTTP

/// The B2B frontend SDK's configuration (contract 8.2): `GET …/sdk/b2b`, and the `basic` object
/// whose `domains` are the origins the SDK accepts.
public struct FrontendSDKReader: Sendable {
    let client: StytchManagementClient

    public init(client: StytchManagementClient) {
        self.client = client
    }

    /// The configuration as the core sees it.
    public func read() async throws -> LiveFrontendSDK {
        try await readBasic().live
    }

    /// The `basic` object as the server sent it (a PUT must carry it whole) and its core view.
    func readBasic() async throws -> (basic: JSONValue, live: LiveFrontendSDK) {
        let response = try await client.call(.get, "sdk/b2b", route: "sdk/b2b")
        let basic = response["config"]?["basic"] ?? [:]
        return (basic, Self.live(basic, key: client.key))
    }

    static func live(_ basic: JSONValue, key: String) -> LiveFrontendSDK {
        LiveFrontendSDK(
            key: key, domains: (basic["domains"]?.array ?? []).compactMap { $0["domain"]?.string },
            version: Fingerprint.sha256(basic.encoded())
        )
    }
}
