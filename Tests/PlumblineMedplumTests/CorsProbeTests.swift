import Foundation
import PlumblineCore
import PlumblineHTTP
import PlumblineMedplum
import PlumblineTestSupport
import Testing

@Suite("Probing Medplum's CORS configuration", .tags(.medium))
struct CorsProbeTests {
    @Test func allowedOriginsAreEchoedAndOthersGetNothing() async throws {
        try await SandboxHarness.withMedplum(allowedOrigins: ["https://panels.example.org"]) { medplum in
            let probe = CorsProbe(baseURL: try ServerURL.parse(medplum.baseURL).get(), transport: HTTPTransport())
            let allowed = try await probe.preflight(from: "https://panels.example.org")
            #expect(allowed == PreflightAnswer(origin: "https://panels.example.org", status: 204, allowOrigin: "https://panels.example.org", allowCredentials: true))
            #expect(allowed.allowed)
            let refused = try await probe.preflight(from: "https://evil.example.com")
            #expect(!refused.allowed)
            #expect(refused.allowOrigin == nil)
        }
    }

    @Test func aWildcardConfigurationStillEchoesTheOrigin() async throws {
        try await SandboxHarness.withMedplum(allowedOrigins: ["*"]) { medplum in
            let probe = CorsProbe(baseURL: try ServerURL.parse(medplum.baseURL).get(), transport: HTTPTransport())
            let canary = try await probe.preflight(from: "https://canary.plumbline.invalid")
            #expect(canary.allowed, "Medplum echoes any origin when configured with '*': the canary reveals it")
            #expect(!canary.wildcard)
        }
    }
}
