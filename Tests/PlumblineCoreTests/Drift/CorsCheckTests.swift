import PlumblineCore
import PlumblineTestSupport
import Testing

@Suite("Judging CORS preflights", .tags(.small))
struct CorsCheckTests {
    let declared = ["https://panels.example.org", "http://localhost:3000"].compactMap { try? WebOrigin.parse($0).get() }

    func observe(_ allowed: Set<String>, wildcard: Bool = false) -> [CorsObservation] {
        (declared.map(\.description) + [CorsCheck.canary]).map { origin in
            CorsObservation(origin: origin, status: allowed.contains(origin) ? 204 : 401, allowed: allowed.contains(origin), wildcard: wildcard)
        }
    }

    @Test func aServerThatAcceptsExactlyTheDeclaredOriginsAgrees() {
        let observations = observe(["https://panels.example.org", "http://localhost:3000"])
        #expect(CorsCheck.findings(declared: declared, observations: observations).isEmpty)
        #expect(CorsCheck.advice(declared: declared, observations: observations).agrees)
    }

    @Test func aRefusedDeclaredOriginIsMissingWithTheValueToDeploy() {
        let observations = observe(["http://localhost:3000"])
        let findings = CorsCheck.findings(declared: declared, observations: observations)
        #expect(findings.map { "\($0.type) \($0.resource)" } == ["missing medplum AllowedOrigin 'https://panels.example.org'"])
        #expect(findings[0].detail?.contains("deploy \"allowedOrigins\": \"https://panels.example.org,http://localhost:3000\" (or MEDPLUM_ALLOWED_ORIGINS=https://panels.example.org,http://localhost:3000)") == true)
        let advice = CorsCheck.advice(declared: declared, observations: observations)
        #expect(!advice.agrees)
        #expect(advice.refused == ["https://panels.example.org"])
        #expect(advice.configurationLine == "\"allowedOrigins\": \"https://panels.example.org,http://localhost:3000\"")
        #expect(advice.environmentVariable == "MEDPLUM_ALLOWED_ORIGINS=https://panels.example.org,http://localhost:3000")
    }

    @Test func anAcceptedCanaryMeansTooPermissive() {
        let findings = CorsCheck.findings(declared: declared, observations: observe(["https://panels.example.org", "http://localhost:3000", CorsCheck.canary]))
        #expect(findings.map { "\($0.type) \($0.resource)" } == ["unmanaged medplum AllowedOrigin 'https://plumbline-canary.invalid'"])
    }

    @Test func aWildcardAnswerIsReportedOnce() {
        let findings = CorsCheck.findings(declared: declared, observations: observe(["https://panels.example.org", "http://localhost:3000", CorsCheck.canary], wildcard: true))
        #expect(findings.map { "\($0.type) \($0.resource)" } == ["unmanaged medplum AllowedOrigin '*'"])
    }
}
