import Foundation
import PlumblineTestSupport
import Testing

@Suite("plumbline validate", .tags(.large))
struct ValidateCommandTests {
    let manifests = RepositoryPaths.manifests.path
    let invalid = RepositoryPaths.fixtures.appendingPathComponent("invalid").path

    @Test func theExamplesAreValid() async {
        let result = await runPlumbline(["validate", "--manifests", manifests])
        #expect(result.status == 0)
        #expect(result.output == "")
        #expect(result.error == "valid: 8 files, no problems\n")
    }

    @Test func theExampleJobsAreValid() async {
        let result = await runPlumbline(["validate", "--manifests", RepositoryPaths.jobs.path])
        #expect(result.status == 0)
        #expect(result.output == "")
    }

    @Test func invalidManifestsExit65WithOneLinePerProblem() async {
        let directory = "\(invalid)/11-unresolved-roles"
        let result = await runPlumbline(["validate", "--manifests", directory])
        #expect(result.status == 65)
        #expect(result.output == """
            \(directory)/people.yaml:6:9: error: User 'carol@northside.example.org' refers to role 'nurce', but no Role has that name; did you mean 'nurse'?
            \(directory)/people.yaml:6:16: error: User 'carol@northside.example.org' refers to role 'supervisor', but no Role has that name; declare a Role named 'supervisor' or fix the name

            """)
        #expect(result.error == "2 errors, 0 warnings in 1 file\n")
    }

    @Test func jsonOutputIsAnArrayOfDiagnostics() async throws {
        let directory = "\(invalid)/08-duplicate-names-across-files"
        let result = await runPlumbline(["validate", "--manifests", directory, "--output", "json"])
        #expect(result.status == 65)
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [[String: Any]])
        #expect(entries.count == 1)
        #expect(entries.first?["file"] as? String == "\(directory)/roles-b.yaml")
        #expect(entries.first?["line"] as? Int == 3)
        #expect(entries.first?["column"] as? Int == 7)
        #expect(entries.first?["severity"] as? String == "error")
        #expect((entries.first?["message"] as? String)?.hasPrefix("duplicate Role 'clinician'; the first is defined at \(directory)/roles-a.yaml:2:7") == true)
    }

    @Test func warningsAloneDoNotFailValidation() async throws {
        let directory = try temporaryManifests(["policy.yaml": "kind: AccessPolicy\nname: all\nresources: [{ resourceType: \"*\" }]\n"])
        let result = await runPlumbline(["validate", "--manifests", directory])
        #expect(result.status == 0)
        #expect(result.output.contains(": warning: AccessPolicy 'all' grants update, delete, create on every resource type"))
        #expect(result.error == "0 errors, 1 warning in 1 file\n")
    }

    @Test func aMissingDirectoryIsAUsageError() async {
        let result = await runPlumbline(["validate", "--manifests", "/nonexistent/manifests"])
        #expect(result.status == 64)
        #expect(result.error == "error: manifests directory '/nonexistent/manifests' does not exist; pass --manifests DIR\n")
    }

    @Test func aDirectoryWithoutManifestsIsInvalid() async throws {
        let directory = try temporaryManifests(["README.txt": "nothing"])
        let result = await runPlumbline(["validate", "--manifests", directory])
        #expect(result.status == 65)
        #expect(result.error == "error: no *.yaml or *.yml files under '\(directory)'; pass --manifests DIR\n")
    }

    @Test func aJobsEnvironmentMustExistInItsManifests() async throws {
        let directory = try temporaryManifests([
            "Jobs/nightly.yaml": "kind: Job\nname: nightly\nenvironment: prod\nmanifests: ../Manifests\nsteps: [plan]\nsessions: { policy: strict }\n",
            "Manifests/env.yaml": "kind: Environment\nname: production\nstytch: { projectId: \"${env:P}\", secret: \"${env:S}\" }\n",
        ])
        let result = await runPlumbline(["validate", "--manifests", "\(directory)/Jobs"])
        #expect(result.status == 65)
        #expect(result.output == """
            \(directory)/Jobs/nightly.yaml:3:14: error: Job 'nightly' runs in environment 'prod', which its manifests do not declare; declared environments are production
            \(directory)/Jobs/nightly.yaml:6:21: error: Job 'nightly' audits sessions with policy 'strict', which its manifests do not declare; declare a SessionPolicy named 'strict' or fix the name

            """)
    }

    /// A job without `manifests:` runs on the directory being validated, and jobs may share a
    /// directory: each is checked against it (read and validated once for all of them).
    @Test func jobsAreCheckedAgainstTheDirectoryTheyShare() async throws {
        let directory = try temporaryManifests([
            "env.yaml": "kind: Environment\nname: production\nstytch: { projectId: \"${env:P}\", secret: \"${env:S}\" }\n",
            "jobs.yaml": """
                kind: Job
                name: here
                environment: prod
                steps: [plan]
                ---
                kind: Job
                name: also-here
                environment: production
                manifests: .
                steps: [sessions]
                sessions: { policy: strict }

                """,
        ])
        let result = await runPlumbline(["validate", "--manifests", directory])
        #expect(result.status == 65)
        #expect(result.output == """
            \(directory)/jobs.yaml:3:14: error: Job 'here' runs in environment 'prod', which its manifests do not declare; declared environments are production
            \(directory)/jobs.yaml:11:21: error: Job 'also-here' audits sessions with policy 'strict', which its manifests do not declare; declare a SessionPolicy named 'strict' or fix the name

            """)
    }

    @Test func unknownFlagsAreUsageErrors() async {
        let result = await runPlumbline(["validate", "--manifest", manifests])
        #expect(result.status == 64)
        #expect(result.error.contains("Unknown option '--manifest'"))
    }

    /// Writes `files` (relative path → text) under a new temporary directory.
    private func temporaryManifests(_ files: [String: String]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("plumbline-\(UUID().uuidString)")
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return root.path
    }
}
