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

    /// Every origin and the canary are preflighted side by side; the observations keep the
    /// declared order, the canary last.
    @Test func theOriginsArePreflightedSideBySideAndReportedInOrder() async throws {
        try await SandboxHarness.withMedplum(allowedOrigins: ["https://panels.example.org"]) { medplum in
            // Each answer is held back a little, so preflights side by side meet at the server.
            try await medplum.fault(["method": "OPTIONS", "pathPrefix": "/fhir/R4/", "count": 3, "delayMs": 1_000])
            let probe = CorsProbe(baseURL: try ServerURL.parse(medplum.baseURL).get(), transport: HTTPTransport())
            let declared = try ["https://panels.example.org", "https://old.example.org"].map { try WebOrigin.parse($0).get() }
            let observations = try await probe.check(declared)
            #expect(observations.map(\.origin) == ["https://panels.example.org", "https://old.example.org", CorsCheck.canary])
            #expect(observations.map(\.allowed) == [true, false, false])
            #expect(medplum.peakInFlight["OPTIONS /fhir/R4/Patient"] == 3)
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
