import Foundation
import PlumblineCore
import PlumblineHTTP

extension StytchApplier {
    /// Writes the frontend SDK's authorized domains: reads the configuration again, refuses if it
    /// changed since the plan read it, then PUTs the whole `basic` object with `domains` replaced
    /// (a sub-object in a PUT replaces the stored one whole, contract 8.2, so every other field of
    /// `basic` goes back as read), and checks the answer holds exactly the declared domains.
    func applyFrontendSDK(_ change: Change) async throws {
        guard let management, let wanted = desired.frontendSDK else {
            throw VerificationFailed(description: "the frontend SDK's domains need the environment's stytch.management credentials")
        }
        let reader = FrontendSDKReader(client: management)
        let (basic, current) = try await reader.readBasic()
        guard current.version == change.target?.version else {
            throw StaleConfiguration(description: "the frontend SDK configuration changed since the plan read it; run plan again")
        }
        let existing = basic["domains"]?.array ?? []
        let domains = wanted.domains.map { domain -> JSONValue in
            // Keep a kept domain's entry as it is (its slug_pattern included).
            existing.first { $0["domain"]?.string?.lowercased() == domain.lowercased() } ?? ["domain": .string(domain)]
        }
        var updated = basic
        updated["domains"] = .array(domains)
        let response = try await management.call(.put, "sdk/b2b", body: ["config": ["basic": updated]], route: "sdk/b2b")
        let written = FrontendSDKReader.live(response["config"]?["basic"] ?? [:], key: management.key)
        guard Set(written.domains.map { $0.lowercased() }) == Set(wanted.domains.map { $0.lowercased() }) else {
            throw VerificationFailed(description: "the frontend SDK answered with domains \(written.domains) instead of \(wanted.domains)")
        }
    }
}

/// What apply read differs from what the plan read: the change is stale.
struct StaleConfiguration: Error, CustomStringConvertible {
    let description: String
}
