import Foundation
import PlumblineCLI
import PlumblineCore
import PlumblineTestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Faults a real deployment meets — throttling, failing and slow servers, dropped connections,
/// expired tokens, a server restart, plumbline killed mid-apply — and what must hold after each:
/// nothing lost or duplicated, a second run converges, the report tells the truth.
@Suite("Resilience under faults", .tags(.large))
struct ResilienceTests {
    var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("plumbline")
    }

    func apply(_ manifests: TestManifests, _ medplum: MedplumHandle, variables: [String: String] = [:]) async -> CommandResult {
        await Runtime.$current.withValue(Runtime(variables: medplum.variables.merging(variables) { $1 })) {
            await runPlumbline(["apply", "--manifests", manifests.directory, "--yes", "--secrets-dir", manifests.path("secrets")])
        }
    }

    /// One managed membership per person, each with its marker: no double invite, no orphan.
    func expectOneMembershipPerPerson(_ medplum: MedplumHandle) async throws {
        let people = try await medplum.search("ProjectMembership").filter { $0["profile"]?["reference"]?.string?.hasPrefix("Practitioner/") == true && $0["user"]?["display"]?.string != "owner@example.com" }
        let emails = people.compactMap { $0["user"]?["display"]?.string }
        #expect(emails.sorted() == ["alice@northside.example.org", "bob@northside.example.org", "carol@northside.example.org", "dan@northside.example.org"])
        #expect(people.allSatisfy { $0["identifier"]?.array?.isEmpty == false })
    }

    @Test func aStormOf429sIsWaitedOutAsTheServerSays() async throws {
        let manifests = try TestManifests(TestManifests.medplumProject)
        try await SandboxHarness.withMedplum { medplum in
            try await medplum.fault(["method": "POST", "pathPrefix": "/admin/projects/", "count": 3, "status": 429, "headers": ["RateLimit": "\"requests\";r=0;t=1"]])
            // No exhausted budget named: back off exponentially instead.
            try await medplum.fault(["method": "POST", "pathPrefix": "/fhir/R4", "count": 2, "status": 429, "headers": ["RateLimit": "\"requests\";r=5;t=60"]])
            let result = await apply(manifests, medplum)
            #expect(result.status == 0, "\(result.output)\(result.error)")
            let adminPosts = (medplum.requestsByRoute["POST /admin/projects/:id/invite"] ?? 0) + (medplum.requestsByRoute["POST /admin/projects/:id/client"] ?? 0)
            #expect(adminPosts == 5 + 3, "one client and four invitations, three of them refused once")
            #expect(medplum.requestsByRoute["POST /fhir/R4"] == 1 + 2)
            try await expectOneMembershipPerPerson(medplum)
        }
    }

    @Test func serverErrorBurstsOnReadsAreRetried() async throws {
        let manifests = try TestManifests(TestManifests.medplumProject)
        try await SandboxHarness.withMedplum { medplum in
            try await medplum.fault(["method": "GET", "pathPrefix": "/fhir/R4/ProjectMembership", "count": 1, "status": 500])
            try await medplum.fault(["method": "GET", "pathPrefix": "/fhir/R4/AccessPolicy", "count": 1, "status": 502])
            try await medplum.fault(["method": "GET", "pathPrefix": "/fhir/R4/Project/", "count": 2, "status": 503])
            let plan = await runPlumbline(["plan", "--manifests", manifests.directory], medplum: medplum)
            #expect(plan.status == 2, "\(plan.error)")
            #expect(medplum.requestsByRoute["GET /fhir/R4/Project/:id"] == 3)
        }
    }

    @Test func aServerFailingBeyondTheRetriesExits69AndWritesNothing() async throws {
        let manifests = try TestManifests(TestManifests.medplumProject)
        try await SandboxHarness.withMedplum { medplum in
            try await medplum.fault(["method": "GET", "pathPrefix": "/fhir/R4/Project/", "count": 50, "status": 503])
            let result = await apply(manifests, medplum)
            #expect(result.status == 69)
            #expect(result.error.contains("Medplum answered HTTP 503 to GET /fhir/R4/Project/:id"))
            #expect(medplum.writes == 0)
        }
    }

    @Test func aSlowResponsePastTheTimeoutIsRetried() async throws {
        let manifests = try TestManifests(TestManifests.medplumProject)
        try await SandboxHarness.withMedplum { medplum in
            // The timeout leaves room for a slow token on a loaded machine (the whole suite runs at
            // once); the faulted read is slower still, by far.
            try await medplum.fault(["method": "GET", "pathPrefix": "/fhir/R4/ProjectMembership", "count": 1, "delayMs": 10_000])
            let plan = await Runtime.$current.withValue(Runtime(variables: medplum.variables.merging(["PLUMBLINE_HTTP_TIMEOUT": "3"]) { $1 })) {
                await runPlumbline(["plan", "--manifests", manifests.directory])
            }
            #expect(plan.status == 2, "\(plan.error)")
            #expect(medplum.requestsByRoute["GET /fhir/R4/ProjectMembership"] == 2)
        }
    }

    @Test func droppedConnectionsOnReadsAreRetried() async throws {
        let manifests = try TestManifests(TestManifests.medplumProject)
        try await SandboxHarness.withMedplum { medplum in
            try await medplum.fault(["method": "GET", "pathPrefix": "/fhir/R4/ClientApplication", "count": 3, "drop": true])
            let plan = await runPlumbline(["plan", "--manifests", manifests.directory], medplum: medplum)
            #expect(plan.status == 2, "\(plan.error)")
        }
    }

    @Test func aTokenRefusedMidRunIsRenewedOnceAndTheRunGoesOn() async throws {
        let manifests = try TestManifests(TestManifests.medplumProject)
        try await SandboxHarness.withMedplum { medplum in
            try await medplum.fault(["method": "POST", "pathPrefix": "/admin/projects/", "count": 1, "status": 401])
            let result = await apply(manifests, medplum)
            #expect(result.status == 0, "\(result.output)\(result.error)")
            #expect(medplum.requestsByRoute["POST /oauth2/token"] == 2)
            try await expectOneMembershipPerPerson(medplum)
        }
    }

    @Test func plumblineKilledMidApplyThenRunAgainConvergesWithoutDuplicates() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: executable.path))
        for stopAfter in [1, 3] {
            let manifests = try TestManifests(TestManifests.medplumProject)
            try await SandboxHarness.withMedplum { medplum in
                try await medplum.fault(["method": "POST", "pathPrefix": "/admin/projects/", "count": 100, "delayMs": 250])
                try await KilledApply.run(executable, manifests, variables: medplum.variables) {
                    (medplum.requestsByRoute["POST /admin/projects/:id/invite"] ?? 0) >= stopAfter
                } thenWaitUntil: {
                    medplum.inFlight.isEmpty
                }
                try await medplum.request("DELETE", "_sandbox/faults")
                // The killed run could not record its outcome; its intent names every write it may have made.
                let log = try String(contentsOfFile: manifests.path("home/.plumbline/audit.jsonl"), encoding: .utf8)
                let intent = try #require(AuditChain.last(in: log))
                #expect(intent.summary["planned"] == intent.operations.count && intent.operations.allSatisfy { $0.outcome == "planned" })
                #expect(intent.operations.filter { $0.kind == "ProjectMembership" && $0.action == "create" }.count == 4)
                let second = await apply(manifests, medplum)
                #expect(second.status == 0, "\(second.output)\(second.error)")
                #expect(await runPlumbline(["plan", "--manifests", manifests.directory], medplum: medplum).status == 0)
                try await expectOneMembershipPerPerson(medplum)
            }
        }
    }

    @Test func aServerRestartMidApplyLosesNothingAndASecondRunConverges() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: executable.path))
        let manifests = try TestManifests(TestManifests.medplumProject)
        let state = manifests.path("sandbox-state")
        let first = try SandboxProcess(executable: executable, state: state, envFile: manifests.path("first.env"))
        let variables = try await first.variables()
        // Invitations are slow, so the server goes down in the middle of them.
        try await postFault(variables, ["method": "POST", "pathPrefix": "/admin/projects/", "count": 100, "delayMs": 300])
        async let interrupted = Runtime.$current.withValue(Runtime(variables: variables)) {
            await runPlumbline(["apply", "--manifests", manifests.directory, "--yes", "--concurrency", "1", "--secrets-dir", manifests.path("secrets")])
        }
        try await Task.sleep(for: .milliseconds(900))
        first.kill()
        let report = await interrupted
        #expect([3, 69].contains(report.status), "\(report.output)\(report.error)")
        #expect(report.output.contains("FAILED") || report.error.contains("failed"))

        let second = try SandboxProcess(executable: executable, state: state, envFile: manifests.path("second.env"))
        defer { second.kill() }
        let restarted = try await second.variables()
        #expect(restarted["MEDPLUM_CLIENT_SECRET"] == variables["MEDPLUM_CLIENT_SECRET"], "the state kept the credentials")
        let converge = await Runtime.$current.withValue(Runtime(variables: restarted)) {
            await runPlumbline(["apply", "--manifests", manifests.directory, "--yes", "--secrets-dir", manifests.path("secrets")])
        }
        #expect(converge.status == 0, "\(converge.output)\(converge.error)")
        let plan = await Runtime.$current.withValue(Runtime(variables: restarted)) { await runPlumbline(["plan", "--manifests", manifests.directory]) }
        #expect(plan.status == 0, "\(plan.output)")
    }

    private func postFault(_ variables: [String: String], _ rule: JSONValue) async throws {
        var request = URLRequest(url: URL(string: (variables["MEDPLUM_BASE_URL"] ?? "") + "_sandbox/faults")!)
        request.httpMethod = "POST"
        request.httpBody = rule.encoded()
        _ = try await URLSession.shared.data(for: request)
    }
}

/// `plumbline sandbox` as a separate process, so a test can kill it like a crashing server.
final class SandboxProcess: Sendable {
    let process: Process
    let envFile: String

    init(executable: URL, state: String, envFile: String) throws {
        self.envFile = envFile
        process = Process()
        process.executableURL = executable
        process.arguments = ["sandbox", "--state", state, "--env-file", envFile]
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// The variables it wrote once both emulators listened.
    func variables() async throws -> [String: String] {
        for _ in 0..<600 {
            if let text = try? String(contentsOfFile: envFile, encoding: .utf8), text.contains("STYTCH_SECRET") {
                return Dictionary(uniqueKeysWithValues: text.split(separator: "\n").map { line in
                    (String(line.prefix { $0 != "=" }), String(line.drop { $0 != "=" }.dropFirst()))
                })
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw CancellationError()
    }

    func kill() {
        guard process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// `plumbline apply` as a process of its own, killed with SIGKILL as soon as `isTime` holds:
/// plumbline crashing, or a node going away, at that point of an apply.
enum KilledApply {
    /// Starts an apply, kills it with SIGKILL once `isTime`, then waits until `serversIdle`: the
    /// servers still answer what the killed run had sent, and the next run, like a rerun minutes
    /// later, starts after that. (A run racing an answer still being made is the lost-answer
    /// scenario, tested on its own.)
    static func run(
        _ executable: URL, _ manifests: TestManifests, variables: [String: String], when isTime: () -> Bool, thenWaitUntil serversIdle: () -> Bool
    ) async throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = ["apply", "--manifests", manifests.directory, "--yes", "--concurrency", "1", "--secrets-dir", manifests.path("secrets")]
        process.environment = variables.merging(["HOME": manifests.path("home")]) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        try await waitUntil("the apply never got that far") { isTime() }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try await waitUntil("the servers never finished the killed run's requests") { serversIdle() }
    }
}
