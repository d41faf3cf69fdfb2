import Foundation
import PlumblineTestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite("plumbline sandbox and --sandbox", .tags(.large))
struct SandboxCommandTests {
    /// The `plumbline` executable SwiftPM built beside this test bundle.
    var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("plumbline")
    }

    @Test func theSandboxWritesItsVariablesServesAndStopsOnSIGTERM() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: executable.path), "build the plumbline executable first")
        let envFile = FileManager.default.temporaryDirectory.appendingPathComponent("plumbline-\(UUID().uuidString).env").path
        let process = Process()
        process.executableURL = executable
        process.arguments = ["sandbox", "--env-file", envFile, "--medplum-allowed-origins", "https://panels.example.org"]
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }
        var waited = 0
        while !FileManager.default.fileExists(atPath: envFile) || (try? String(contentsOfFile: envFile, encoding: .utf8))?.isEmpty != false {
            try await Task.sleep(for: .milliseconds(50))
            waited += 1
            try #require(waited < 600, "the sandbox did not start")
        }
        let lines = try String(contentsOfFile: envFile, encoding: .utf8).split(separator: "\n")
        let variables = Dictionary(uniqueKeysWithValues: lines.map { line in
            (String(line.prefix { $0 != "=" }), String(line.drop { $0 != "=" }.dropFirst()))
        })
        #expect(Set(variables.keys) == [
            "MEDPLUM_BASE_URL", "MEDPLUM_PROJECT_ID", "MEDPLUM_CLIENT_ID", "MEDPLUM_CLIENT_SECRET", "MEDPLUM_SUPERADMIN_CLIENT_ID",
            "MEDPLUM_SUPERADMIN_CLIENT_SECRET", "STYTCH_BASE_URL", "STYTCH_PROJECT_ID", "STYTCH_SECRET", "STYTCH_MANAGEMENT_BASE_URL",
            "STYTCH_PROJECT_SLUG", "STYTCH_ENVIRONMENT_SLUG", "STYTCH_MANAGEMENT_KEY_ID", "STYTCH_MANAGEMENT_SECRET",
        ])
        #expect(try FileManager.default.attributesOfItem(atPath: envFile)[.posixPermissions] as? Int == 0o600)
        let medplum = try #require(variables["MEDPLUM_BASE_URL"].flatMap(URL.init(string:)))
        let (_, health) = try await URLSession.shared.data(from: medplum.appendingPathComponent("healthcheck"))
        #expect((health as? HTTPURLResponse)?.statusCode == 200)
        var preflight = URLRequest(url: medplum.appendingPathComponent("fhir/R4/Patient"))
        preflight.httpMethod = "OPTIONS"
        preflight.setValue("https://panels.example.org", forHTTPHeaderField: "Origin")
        preflight.setValue("GET", forHTTPHeaderField: "Access-Control-Request-Method")
        let (_, cors) = try await URLSession.shared.data(for: preflight)
        #expect((cors as? HTTPURLResponse)?.value(forHTTPHeaderField: "Access-Control-Allow-Origin") == "https://panels.example.org")

        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }

    @Test func sandboxFlagRunsACommandAgainstFreshEmulators() async {
        let plan = await runPlumbline(["plan", "--sandbox", "--manifests", RepositoryPaths.manifests.path])
        #expect(plan.status == 2, "\(plan.error)")
        #expect(plan.output.hasPrefix("Plan for environment 'sandbox': "))
        // The demo project is seeded with drift the example manifests correct.
        #expect(plan.output.contains("~ medplum AccessPolicy 'panels-backend'"))
        #expect(plan.output.contains("! Medplum membership (offboarded (active: false))"))
        let conflicting = await runPlumbline(["plan", "--sandbox", "--env", "production", "--manifests", RepositoryPaths.manifests.path])
        #expect(conflicting.status == 64)
        #expect(conflicting.error.contains("--sandbox uses the 'sandbox' environment; leave out --env production"))
    }
}
