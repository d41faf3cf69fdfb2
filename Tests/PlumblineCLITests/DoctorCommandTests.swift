import Foundation
import PlumblineCLI
import PlumblineCore
import PlumblineTestSupport
import Testing

/// One check of `plumbline doctor --output json`.
struct CheckResult: Decodable, Equatable {
    let id: String
    let status: String
    let observed: String
    let remedy: String?
}

struct DoctorDocument: Decodable {
    let formatVersion: Int
    let user: String
    let checks: [CheckResult]

    func check(_ id: String) -> CheckResult? { checks.first { $0.id == id } }
    var statuses: [String: String] { Dictionary(uniqueKeysWithValues: checks.map { ($0.id, $0.status) }) }
}

@Suite("plumbline doctor", .tags(.large))
struct DoctorCommandTests {
    static let bob = "bob@eastside.example.org"
    static let allPass = [
        "medplum-reachable", "medplum-credentials", "stytch-credentials", "person-declared", "medplum-membership",
        "access-policies", "stytch-membership", "sessions", "cors",
    ]

    /// Policies wide enough that one can lose a resource type.
    static let access = BothSystems.files()["access.yaml"]!.replacingOccurrences(
        of: "name: clinician\nresources: [{ resourceType: Patient, interactions: [read, search, update] }]",
        with: "name: clinician\nresources:\n  - { resourceType: Patient, interactions: [read, search, update] }\n  - { resourceType: Observation, interactions: [read, search, create] }"
    )

    func doctor(_ manifests: TestManifests, _ medplum: MedplumHandle, _ stytch: StytchHandle, json: Bool = true) async throws -> (CommandResult, DoctorDocument?) {
        let result = await runPlumbline(["doctor", "--user", Self.bob, "--manifests", manifests.directory] + (json ? ["--output", "json"] : []), medplum: medplum, stytch: stytch)
        for secret in medplum.secrets + stytch.secrets { #expect(!result.output.contains(secret) && !result.error.contains(secret)) }
        return (result, json ? try JSONDecoder().decode(DoctorDocument.self, from: Data(result.output.utf8)) : nil)
    }

    /// Applies the manifests, signs Bob in, breaks something, and runs the doctor while `watching`
    /// looks on.
    func diagnose(
        files: [String: String] = SessionManifests.files(access: access), allowedOrigins: [String] = ["http://localhost:3000"],
        breaking: (MedplumHandle, StytchHandle) async throws -> Void = { _, _ in },
        watching: @escaping @Sendable (MedplumHandle, StytchHandle) async -> Void = { _, _ in }
    ) async throws -> (CommandResult, DoctorDocument) {
        try await SandboxHarness.withMedplum(allowedOrigins: allowedOrigins) { medplum in
            try await SandboxHarness.withStytch { stytch in
                let manifests = try TestManifests(files)
                let apply = await runPlumbline(["apply", "--manifests", manifests.directory, "--yes"], medplum: medplum, stytch: stytch)
                try #require(apply.status == 0, "\(apply.output)\(apply.error)")
                _ = try await stytch.signIn("eastside", Self.bob)
                try await breaking(medplum, stytch)
                async let watched: Void = watching(medplum, stytch)
                let (result, document) = try await doctor(manifests, medplum, stytch)
                await watched
                return (result, try #require(document))
            }
        }
    }

    @Test func aHealthyPersonPassesEveryCheck() async throws {
        try await SandboxHarness.withBoth { medplum, stytch in
            let manifests = try TestManifests(SessionManifests.files(access: Self.access))
            #expect(await runPlumbline(["apply", "--manifests", manifests.directory, "--yes"], medplum: medplum, stytch: stytch).status == 0)
            _ = try await stytch.signIn("eastside", Self.bob)
            let writes = (medplum.writes, stytch.writes)
            let (json, document) = try await doctor(manifests, medplum, stytch)
            #expect(json.status == 0, "\(json.output)")
            #expect(document?.checks.map(\.id) == Self.allPass)
            #expect(document?.checks.allSatisfy { $0.status == "pass" && $0.remedy == nil } == true)
            #expect(document?.check("access-policies")?.observed == "policy 'clinician' grants what the roles need on Observation, Patient")
            #expect(document?.check("sessions")?.observed == "1 live session(s), all within SessionPolicy 'default'")
            let (text, _) = try await doctor(manifests, medplum, stytch, json: false)
            #expect(text.status == 0)
            #expect(text.output.contains("PASS  medplum-membership"))
            #expect(text.output.hasSuffix("\n9 passed, 0 failed, 0 skipped\n"))
            #expect(medplum.writes == writes.0 && stytch.writes == writes.1, "the doctor only reads")
        }
    }

    @Test func noMembershipIsProjectNotFound() async throws {
        let (result, document) = try await diagnose { medplum, _ in
            let membership = try #require(try await medplum.search("ProjectMembership").first { $0["user"]?["display"]?.string == Self.bob })
            try #require(try await medplum.request("DELETE", "fhir/R4/ProjectMembership/\(membership["id"]?.string ?? "")").status == 200)
        }
        #expect(result.status == 2)
        let check = try #require(document.check("medplum-membership"))
        #expect(check.status == "fail")
        #expect(check.observed.hasSuffix("has no ProjectMembership for bob@eastside.example.org: signing in to Medplum fails with \"Project not found\""))
        #expect(check.remedy == "run plumbline apply to invite them (in the Medplum console: Admin → Project → Members → Add Member, with profile Practitioner, access policy clinician)")
        #expect(document.check("access-policies")?.status == "skipped")
        #expect(document.checks.filter { $0.status == "fail" }.map(\.id) == ["medplum-membership"])
    }

    @Test func aPolicyMissingAResourceTypeFailsTheAccessCheck() async throws {
        let (result, document) = try await diagnose { medplum, _ in
            var policy = try #require(try await medplum.search("AccessPolicy", "name:exact=clinician").first)
            policy["resource"] = [["resourceType": "Patient", "interaction": ["read", "search", "update"]]]
            try #require(try await medplum.request("PUT", "fhir/R4/AccessPolicy/\(policy["id"]?.string ?? "")", json: policy).status == 200)
        }
        #expect(result.status == 2)
        let check = try #require(document.check("access-policies"))
        #expect(check.status == "fail")
        #expect(check.observed == "policy 'clinician' lacks: Observation needs read, create, search (granted: nothing) — the app gets 403 \"Access denied\" there")
        #expect(check.remedy?.hasPrefix("run plumbline apply to restore the declared policy (clinician)") == true)
        #expect(document.checks.filter { $0.status == "fail" }.map(\.id) == ["access-policies"])
    }

    @Test func anInactiveStytchMemberFailsTheMemberCheck() async throws {
        let (result, document) = try await diagnose { _, stytch in
            let id = try await stytch.memberId("eastside", Self.bob)
            try #require(try await stytch.request("DELETE", "v1/b2b/organizations/eastside/members/\(id)").status == 200)
        }
        #expect(result.status == 2)
        let check = try #require(document.check("stytch-membership"))
        #expect(check.status == "fail")
        #expect(check.observed.hasPrefix("eastside: member member-test-"))
        #expect(check.observed.hasSuffix(" is deleted, so Stytch refuses the sign-in"))
        #expect(check.remedy == "run plumbline apply to reactivate them in eastside")
        #expect(document.checks.filter { $0.status == "fail" }.map(\.id) == ["stytch-membership"], "deleting the member ended its sessions too")
    }

    @Test func anOriginTheServerRefusesFailsTheCorsCheck() async throws {
        let (result, document) = try await diagnose(allowedOrigins: ["https://other.example.org"])
        #expect(result.status == 2)
        let check = try #require(document.check("cors"))
        #expect(check.status == "fail")
        #expect(check.observed.hasPrefix("preflight OPTIONS /fhir/R4/Patient: http://localhost:3000 refused (HTTP "))
        #expect(check.remedy?.contains("\"allowedOrigins\": \"http://localhost:3000\" in medplum.config.json (MEDPLUM_ALLOWED_ORIGINS) — and restart the server") == true)
        #expect(document.checks.filter { $0.status == "fail" }.map(\.id) == ["cors"])
    }

    /// The two systems are looked at side by side: while Medplum's healthcheck is held back,
    /// Stytch is already being read.
    @Test func stytchIsReadWhileMedplumIsStillBeingChecked() async throws {
        let (_, document) = try await diagnose { medplum, stytch in
            stytch.resetStats()
            try await medplum.fault(["pathPrefix": "/healthcheck", "count": 1, "delayMs": 2_000])
        } watching: { medplum, stytch in
            // Watches until Stytch's first read arrives (for as long as a slow machine may need to
            // start the doctor), then looks whether Medplum's healthcheck is still held.
            var healthcheckHeldWhenStytchWasRead: Bool?
            for _ in 0..<1_000 where healthcheckHeldWhenStytchWasRead == nil {
                if stytch.requestsByRoute["POST /v1/b2b/organizations/search"] != nil {
                    healthcheckHeldWhenStytchWasRead = medplum.inFlight["GET /healthcheck"] == 1
                } else {
                    try? await Task.sleep(for: .milliseconds(10))
                }
            }
            #expect(healthcheckHeldWhenStytchWasRead == true)
        }
        #expect(document.checks.allSatisfy { $0.status == "pass" }, "\(document.statuses)")
    }

    @Test func aServerThatIsDownFailsReachabilityAndSkipsWhatNeedsIt() async throws {
        let (result, document) = try await diagnose { medplum, _ in
            try await medplum.fault(["pathPrefix": "/", "count": 1_000, "status": 503])
        }
        #expect(result.status == 2)
        #expect(document.check("medplum-reachable")?.observed == "GET /healthcheck answered 503")
        #expect(document.check("medplum-reachable")?.remedy?.contains("docker-compose -f docker-compose.full-stack.yml up -d") == true)
        #expect(document.statuses == [
            "medplum-reachable": "fail", "medplum-credentials": "skipped", "stytch-credentials": "pass", "person-declared": "pass",
            "medplum-membership": "skipped", "access-policies": "skipped", "stytch-membership": "pass", "sessions": "pass", "cors": "skipped",
        ])
        #expect(document.check("cors")?.observed == "not checked: medplum-reachable did not pass")
    }

    @Test func anAddressThatIsNotAnEmailIsAUsageError() async {
        let result = await runPlumbline(["doctor", "--user", "bob"])
        #expect(result.status == 64)
        #expect(result.error.contains("--user takes the person's e-mail address"))
    }
}
