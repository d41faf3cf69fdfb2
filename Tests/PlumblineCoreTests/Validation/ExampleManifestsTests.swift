import Foundation
import PlumblineCore
import PlumblineTestSupport
import Testing

@Suite("The example manifests", .tags(.small))
struct ExampleManifestsTests {
    @Test func validateWithoutAnyProblem() throws {
        let report = Validator.validate(try sourceFiles(in: RepositoryPaths.manifests))
        #expect(report.diagnostics.map(\.description) == [])
    }

    /// The examples model the seeds' stack (issue 3, deliverable 4); if they shrink, the demo,
    /// the README and later tests lose what they show.
    @Test func modelTheSeedsStack() throws {
        let manifests = Validator.validate(try sourceFiles(in: RepositoryPaths.manifests)).manifests
        #expect(Set(manifests.environments.map(\.name.value)) == ["sandbox", "production"])
        #expect(Set(manifests.accessPolicies.map(\.name.value)).isSuperset(of: ["clinician", "nurse", "front-desk"]))
        #expect(manifests.organizations.count == 2)
        #expect(manifests.users.count >= 12)
        #expect(manifests.users.filter { !$0.isActive }.count == 1)
        #expect(manifests.clients.contains { !$0.allowedOrigins.isEmpty })
        #expect(manifests.sessionPolicies.count == 1)
    }

    /// The sandbox environment reads exactly the variables `plumbline sandbox --env-file` writes
    /// (DESIGN §7).
    @Test func sandboxEnvironmentReadsExactlyTheSandboxVariables() throws {
        let manifests = Validator.validate(try sourceFiles(in: RepositoryPaths.manifests)).manifests
        let sandbox = try #require(manifests.environment(named: "sandbox"))
        var references: [ConfigValue.Reference] = []
        if let medplum = sandbox.medplum {
            references += [medplum.baseUrl, medplum.projectId, medplum.clientId, medplum.clientSecret].flatMap(\.value.references)
            references += [medplum.superAdmin?.clientId, medplum.superAdmin?.clientSecret].compactMap { $0 }.flatMap(\.value.references)
        }
        if let stytch = sandbox.stytch {
            references += [stytch.baseUrl, stytch.projectId, stytch.secret].compactMap { $0 }.flatMap(\.value.references)
            if let management = stytch.management {
                references += [management.baseUrl, management.projectSlug, management.environmentSlug, management.keyId, management.secret]
                    .compactMap { $0 }.flatMap(\.value.references)
            }
        }
        let variables = references.compactMap { if case .environment(let name) = $0 { name } else { nil } }
        #expect(Set(variables) == [
            "MEDPLUM_BASE_URL", "MEDPLUM_PROJECT_ID", "MEDPLUM_CLIENT_ID", "MEDPLUM_CLIENT_SECRET",
            "MEDPLUM_SUPERADMIN_CLIENT_ID", "MEDPLUM_SUPERADMIN_CLIENT_SECRET", "STYTCH_BASE_URL", "STYTCH_PROJECT_ID",
            "STYTCH_SECRET", "STYTCH_MANAGEMENT_BASE_URL", "STYTCH_PROJECT_SLUG", "STYTCH_ENVIRONMENT_SLUG",
            "STYTCH_MANAGEMENT_KEY_ID", "STYTCH_MANAGEMENT_SECRET",
        ])
        #expect(variables.count == 14)
    }

    @Test func exampleJobsValidateAgainstTheExamples() throws {
        let jobs = Validator.validate(try sourceFiles(in: RepositoryPaths.jobs))
        #expect(jobs.diagnostics.map(\.description) == [])
        let manifests = Validator.validate(try sourceFiles(in: RepositoryPaths.manifests)).manifests
        for job in jobs.manifests.jobs {
            #expect(JobReferences.check(job, against: manifests).map(\.description) == [])
        }
        #expect(!jobs.manifests.jobs.isEmpty)
    }
}
