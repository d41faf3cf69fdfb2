import Foundation
import PlumblineCore
import PlumblineTestSupport
import Testing

/// A healthy project for Bob, which each test breaks in one place.
struct DoctorFixture {
    static let manifests = Validator.validate([SourceFile(path: "m.yaml", text: """
        kind: AccessPolicy
        name: clinician
        resources:
          - { resourceType: Patient, interactions: [read, search, update] }
          - { resourceType: Observation, interactions: [read, search, create] }
        ---
        kind: Role
        name: clinician
        stytch: { roles: [clinician] }
        medplum: { profileType: Practitioner, accessPolicies: [clinician] }
        ---
        kind: Organization
        name: Eastside
        slug: eastside
        ---
        kind: User
        email: bob@eastside.example.org
        firstName: Bob
        lastName: Okafor
        organizations: [eastside]
        roles: [clinician]
        ---
        kind: User
        email: frank@eastside.example.org
        firstName: Frank
        lastName: Meyer
        organizations: [eastside]
        roles: [clinician]
        active: false
        """)]).manifests

    static let clinician = LivePolicy(id: "p1", version: "1", name: "clinician", grants: [
        PolicyGrant(resourceType: "Patient", interactions: [.read, .search, .update]),
        PolicyGrant(resourceType: "Observation", interactions: [.read, .search, .create]),
    ], managedKey: "clinician")

    static func membership(active: Bool = true, policies: [String] = ["p1"], email: String = "bob@eastside.example.org") -> LiveMembership {
        LiveMembership(
            id: "m1", version: "1", userReference: "User/u1", email: email, profileReference: "Practitioner/r1",
            profileType: "Practitioner", policyIds: policies, usesAccessList: true, admin: false, active: active, managedKey: email
        )
    }

    static func member(status: String = "active", roles: [String] = ["clinician"], email: String = "bob@eastside.example.org") -> LiveMember {
        LiveMember(
            id: "member-1", version: "v", organizationId: "org-1", slug: "eastside", email: email, name: "Bob Okafor",
            status: status, explicitRoles: roles, managed: true
        )
    }

    var health: Probe<MedplumHealth> = .observed(MedplumHealth(status: 200, body: ["ok": true, "version": "5.0.10", "postgres": true, "redis": true]))
    var policies = [Self.clinician]
    var memberships = [Self.membership()]
    var members = [Self.member()]
    var sessions: Probe<SessionAudit> = .observed(SessionAudit(environment: "sandbox", limits: SessionLimits(name: "default", idleTimeout: 1800), verdicts: [], stytchMembersRead: 1, medplumLoginsRead: 0))
    var preflights: Probe<[PreflightObservation]> = .observed([
        PreflightObservation(origin: "http://localhost:3000", status: 204, allowOrigin: "http://localhost:3000", allowCredentials: true, allowed: true),
    ])
    var email = "bob@eastside.example.org"

    func report() -> DoctorReport {
        let reachable = health.value?.status == 200
        let medplum: Probe<MedplumLiveState> = reachable
            ? .observed(MedplumLiveState(projectId: "project-1", ownerUserReference: nil, selfMembershipId: nil, policies: policies, memberships: memberships, clients: []))
            : .notAttempted
        return Doctor.examine(DoctorInputs(
            email: email, environment: "sandbox", manifests: Self.manifests, today: CalendarDate(year: 2026, month: 7, day: 1),
            health: health, medplum: medplum,
            stytch: .observed(StytchLiveState(organizations: [LiveOrganization(id: "org-1", version: "v", slug: "eastside", name: "Eastside", settings: [:], managed: true)], members: members, roleIds: [])),
            sessions: sessions, preflights: reachable || health.value != nil ? preflights : .notAttempted
        ))
    }
}

@Suite("Doctor: the troubleshooting guide as checks", .tags(.small))
struct DoctorTests {
    func statuses(_ report: DoctorReport) -> [String: DoctorCheck.Status] {
        Dictionary(uniqueKeysWithValues: report.checks.map { ($0.id, $0.status) })
    }

    @Test func aHealthyPersonPassesEveryCheckInTheGuidesOrder() {
        let report = DoctorFixture().report()
        #expect(report.checks.map(\.id) == CheckID.allCases.map(\.rawValue))
        #expect(report.checks.allSatisfy { $0.status == .pass }, "\(report.checks.filter { $0.status != .pass })")
        #expect(report.check(.accessPolicies)?.observed == "policy 'clinician' grants what the roles need on Observation, Patient")
        #expect(report.checks.allSatisfy { $0.remedy == nil })
    }

    @Test func noMembershipIsProjectNotFound() throws {
        var fixture = DoctorFixture()
        fixture.memberships = []
        let report = fixture.report()
        let check = try #require(report.check(.medplumMembership))
        #expect(check.status == .fail)
        #expect(check.observed.contains("has no ProjectMembership for bob@eastside.example.org: signing in to Medplum fails with \"Project not found\""))
        #expect(check.remedy?.contains("run plumbline apply to invite them (in the Medplum console: Admin → Project → Members → Add Member, with profile Practitioner, access policy clinician)") == true)
        #expect(report.check(.accessPolicies)?.status == .skipped)
        #expect(report.check(.accessPolicies)?.observed == "not checked: medplum-membership did not pass")
        #expect(report.failed.map(\.id) == ["medplum-membership"])
    }

    @Test func aPolicyMissingAResourceTypeNamesTheTypeAndTheInteractions() throws {
        var fixture = DoctorFixture()
        fixture.policies = [LivePolicy(id: "p1", version: "2", name: "clinician", grants: [PolicyGrant(resourceType: "Patient", interactions: [.read, .search, .update])], managedKey: "clinician")]
        let check = try #require(fixture.report().check(.accessPolicies))
        #expect(check.status == .fail)
        #expect(check.observed == "policy 'clinician' lacks: Observation needs read, create, search (granted: nothing) — the app gets 403 \"Access denied\" there")
        #expect(check.remedy?.hasPrefix("run plumbline apply to restore the declared policy (clinician)") == true)
    }

    @Test func aMembershipPointingAtADeletedPolicyCannotSignIn() throws {
        var fixture = DoctorFixture()
        fixture.memberships = [DoctorFixture.membership(policies: ["gone"])]
        let check = try #require(fixture.report().check(.accessPolicies))
        #expect(check.status == .fail)
        #expect(check.observed.contains("AccessPolicy/gone, which does not exist"))
    }

    @Test func anInactiveMembershipFailsWithTheReactivationRemedy() throws {
        var fixture = DoctorFixture()
        fixture.memberships = [DoctorFixture.membership(active: false)]
        let check = try #require(fixture.report().check(.medplumMembership))
        #expect(check.status == .fail)
        #expect(check.remedy == "run plumbline apply to reactivate the membership")
    }

    @Test(arguments: [
        ("deleted", ["clinician"], "eastside: member member-1 is deleted, so Stytch refuses the sign-in", "run plumbline apply to reactivate them in eastside"),
        ("invited", ["clinician"], "eastside: member member-1 is invited: the person has not finished signing up", "ask them to accept the invitation or complete sign-up in eastside (a member becomes active once they authenticate)"),
        ("active", [], "eastside: active but lacks role clinician (holds stytch_member)", "run plumbline apply to give them the declared roles in eastside"),
    ])
    func anInactiveOrMisroledStytchMemberFails(status: String, roles: [String], observed: String, remedy: String) throws {
        var fixture = DoctorFixture()
        fixture.members = [DoctorFixture.member(status: status, roles: roles)]
        let check = try #require(fixture.report().check(.stytchMembership))
        #expect(check.status == .fail)
        #expect(check.observed == observed)
        #expect(check.remedy == remedy)
    }

    @Test func anUndeclaredProjectAdminPassesAndIsNamed() throws {
        var fixture = DoctorFixture()
        var membership = DoctorFixture.membership()
        membership.admin = true
        fixture.memberships = [membership]
        let check = try #require(fixture.report().check(.medplumMembership))
        #expect(check.status == .pass)
        #expect(check.observed == "ProjectMembership/m1 (Practitioner, project admin) is active; it makes them a project admin, which no Role of theirs declares (plumbline apply removes it)")
    }

    @Test func anInactiveMembershipWithTheWrongProfileSaysBoth() throws {
        var fixture = DoctorFixture()
        var membership = DoctorFixture.membership(active: false)
        membership.profileType = "Patient"
        fixture.memberships = [membership]
        let check = try #require(fixture.report().check(.medplumMembership))
        #expect(check.status == .fail)
        #expect(check.observed == "ProjectMembership/m1 (Patient) is inactive (active: false): Medplum refuses new logins (\"Profile not active\"); its profile is a Patient where the Role declares Practitioner (plumbline plan shows the change)")
    }

    @Test func aRoleBeyondTheDeclaredOnesPassesAndIsNamed() throws {
        var fixture = DoctorFixture()
        fixture.members = [DoctorFixture.member(status: "active", roles: ["clinician", "billing"])]
        let check = try #require(fixture.report().check(.stytchMembership))
        #expect(check.status == .pass)
        #expect(check.observed == "eastside: active (stytch_member, billing, clinician); also holds billing, which the manifests do not grant (plumbline apply removes it)")
    }

    @Test func aMissingStytchMemberFails() throws {
        var fixture = DoctorFixture()
        fixture.members = []
        #expect(fixture.report().check(.stytchMembership)?.observed == "not a member of eastside")
    }

    @Test func aRefusedOriginFailsWithTheServerConfigurationToDeploy() throws {
        var fixture = DoctorFixture()
        fixture.preflights = .observed([
            PreflightObservation(origin: "http://localhost:3000", status: 401, allowOrigin: nil, allowCredentials: false, allowed: false),
            PreflightObservation(origin: "https://panels.example.org", status: 204, allowOrigin: "https://panels.example.org", allowCredentials: true, allowed: true),
        ])
        let check = try #require(fixture.report().check(.cors))
        #expect(check.status == .fail)
        #expect(check.observed == "preflight OPTIONS /fhir/R4/Patient: http://localhost:3000 refused (HTTP 401, no Access-Control-Allow-Origin); accepted: https://panels.example.org")
        #expect(check.remedy?.contains("\"allowedOrigins\": \"http://localhost:3000,https://panels.example.org\" in medplum.config.json") == true)
    }

    @Test func aServerThatIsDownFailsReachabilityAndSkipsWhatDependsOnIt() throws {
        var fixture = DoctorFixture()
        fixture.health = .failed("GET /healthcheck to 127.0.0.1:1 failed after 5 attempts: connection refused", .unavailable)
        let report = fixture.report()
        #expect(report.check(.medplumReachable)?.status == .fail)
        #expect(report.check(.medplumReachable)?.remedy?.contains("docker-compose") == true)
        #expect(statuses(report) == [
            "medplum-reachable": .fail, "medplum-credentials": .skipped, "stytch-credentials": .pass, "person-declared": .pass,
            "medplum-membership": .skipped, "access-policies": .skipped, "stytch-membership": .pass, "sessions": .pass, "cors": .skipped,
        ])
        #expect(report.check(.medplumCredentials)?.observed == "not checked: medplum-reachable did not pass")
    }

    @Test func aServerAnsweringWithAnErrorIsNotHealthy() {
        var fixture = DoctorFixture()
        fixture.health = .observed(MedplumHealth(status: 503, body: nil))
        let report = fixture.report()
        #expect(report.check(.medplumReachable)?.observed == "GET /healthcheck answered 503")
        #expect(report.check(.medplumReachable)?.status == .fail)
    }

    @Test func anOffboardedPersonFailsTheDeclarationCheck() throws {
        var fixture = DoctorFixture()
        fixture.email = "frank@eastside.example.org"
        fixture.memberships = []
        fixture.members = []
        let check = try #require(fixture.report().check(.personDeclared))
        #expect(check.status == .fail)
        #expect(check.observed.hasSuffix("but active: false (offboarded)"))
    }

    /// Access the manifests took away but the servers still grant is the finding, not a pass:
    /// an offboarded person's live membership and member fail, with the remedy that removes them.
    @Test func anOffboardedPersonsLiveAccessFailsAndItsRemovalPasses() throws {
        var fixture = DoctorFixture()
        fixture.email = "frank@eastside.example.org"
        fixture.memberships = [DoctorFixture.membership(email: fixture.email)]
        fixture.members = [DoctorFixture.member(email: fixture.email)]
        var report = fixture.report()
        let membership = try #require(report.check(.medplumMembership))
        #expect(membership.status == .fail)
        #expect(membership.observed == "ProjectMembership/m1 is still active although the person is offboarded (active: false): they can still sign in to Medplum")
        #expect(membership.remedy == "run plumbline apply to deactivate it, then plumbline sessions --revoke to end the sessions they hold")
        #expect(membership.title == "their Medplum membership no longer lets them in", "the check asks whether the access is gone")
        let member = try #require(report.check(.stytchMembership))
        #expect(member.status == .fail)
        #expect(member.observed == "eastside: member member-1 is still active although the person is offboarded (active: false)")
        #expect(member.remedy == "run plumbline apply to delete them from eastside and revoke their sessions")
        #expect(member.title == "their Stytch members no longer let them in")
        #expect(report.check(.accessPolicies)?.status == .skipped)
        #expect(report.check(.accessPolicies)?.observed == "the person is offboarded (active: false), so the manifests declare no access to compare with")

        fixture.memberships = [DoctorFixture.membership(active: false, email: fixture.email)]
        fixture.members = [DoctorFixture.member(status: "deleted", email: fixture.email)]
        report = fixture.report()
        #expect(report.check(.medplumMembership)?.status == .pass)
        #expect(report.check(.medplumMembership)?.observed == "ProjectMembership/m1 is inactive, as the person is offboarded (active: false)")
        #expect(report.check(.stytchMembership)?.status == .pass)
        #expect(report.check(.stytchMembership)?.observed == "eastside: deleted, as the person is offboarded (active: false)")
        #expect(report.failed.map(\.id) == ["person-declared"], "only the declaration says why they cannot sign in")

        fixture.memberships = []
        fixture.members = []
        report = fixture.report()
        #expect(report.check(.medplumMembership)?.observed == "no ProjectMembership, as the person is offboarded (active: false)")
        #expect(report.check(.stytchMembership)?.observed == "eastside: no member, as the person is offboarded (active: false)")
        #expect(report.failed.map(\.id) == ["person-declared"])
    }

    @Test func anUndeclaredPersonSkipsTheChecksThatNeedTheirRoles() {
        var fixture = DoctorFixture()
        fixture.email = "stranger@eastside.example.org"
        var report = fixture.report()
        #expect(report.check(.personDeclared)?.status == .fail)
        #expect(report.check(.stytchMembership)?.status == .skipped)

        fixture.memberships = [DoctorFixture.membership(active: false, email: fixture.email)]
        report = fixture.report()
        #expect(report.check(.medplumMembership)?.remedy == "if they should have access, declare them (see person-declared) and run plumbline apply")
    }

    @Test func flaggedSessionsFailWithTheRevokeRemedy() throws {
        var fixture = DoctorFixture()
        let session = ObservedSession(holder: SessionHolder(.stytch, "eastside/bob@eastside.example.org"), sessionId: "s1", startedAt: Date(timeIntervalSince1970: 0), lastActiveAt: Date(timeIntervalSince1970: 0), expiresAt: nil)
        fixture.sessions = .observed(SessionAudit(environment: "sandbox", limits: SessionLimits(name: "default", idleTimeout: 60), verdicts: [SessionVerdict(session: session, reasons: [.idle])], stytchMembersRead: 1, medplumLoginsRead: nil, notes: ["Medplum logins were not audited"]))
        let check = try #require(fixture.report().check(.sessions))
        #expect(check.status == .fail)
        #expect(check.observed == "1 of 1 session(s) break SessionPolicy 'default': stytch eastside/bob@eastside.example.org session s1: idle; Medplum logins were not audited")
        #expect(check.remedy?.hasPrefix("run plumbline sessions --revoke") == true)
    }
}
