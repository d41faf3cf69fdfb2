import Foundation
import PlumblineCLI
import PlumblineCore
import PlumblineTestSupport
import Testing

/// SECURITY.md's redaction claim, checked: every command, in every output format, on success and
/// on failure, run against both sandboxes with the example manifests — and no credential of
/// either sandbox, nor a client secret plumbline itself created, appears on stdout, on stderr or
/// in a file plumbline wrote other than the secrets directory.
@Suite("No secret in any output", .tags(.large))
struct RedactionCoverageTests {
    @Test func noCommandPrintsOrWritesASecret() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plumbline-redaction-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let manifests = RepositoryPaths.manifests.path
        let job = try writeDryRunJob(in: folder, manifests: manifests)
        try await SandboxHarness.withBoth { medplum, stytch in
            var variables = medplum.variables.merging(stytch.variables) { $1 }
            variables["HOME"] = folder.path
            variables["PLUMBLINE_AUDIT_LOG"] = folder.appendingPathComponent("audit.jsonl").path
            let commands: [[String]] = [
                ["validate", "--manifests", manifests], ["validate", "--manifests", manifests, "--output", "json"],
                ["plan", "--manifests", manifests], ["plan", "--manifests", manifests, "--output", "json"], ["plan", "--manifests", manifests, "--output", "markdown"],
                ["plan", "--manifests", manifests, "--out", folder.appendingPathComponent("plan.json").path],
                ["apply", "--manifests", manifests, "--yes", "--secrets-dir", folder.appendingPathComponent("secrets").path],
                ["apply", "--manifests", manifests, "--yes", "--output", "json"],
                ["drift", "--manifests", manifests], ["drift", "--manifests", manifests, "--output", "json"], ["drift", "--manifests", manifests, "--output", "markdown"],
                ["sessions", "--manifests", manifests], ["sessions", "--manifests", manifests, "--output", "json"], ["sessions", "--manifests", manifests, "--revoke"],
                ["doctor", "--manifests", manifests, "--user", "alice.doe@northside.example.org"],
                ["doctor", "--manifests", manifests, "--user", "alice.doe@northside.example.org", "--output", "json"],
                ["review", "--manifests", manifests], ["review", "--manifests", manifests, "--output", "csv"], ["review", "--manifests", manifests, "--output", "json"],
                ["import", "--manifests", manifests, "--out", folder.appendingPathComponent("imported").path],
                ["run", job], ["audit", "verify"],
            ]
            var outputs: [(String, String)] = []
            // The example manifests declare two environments; the sandbox's is chosen explicitly.
            let talksToServers: Set<String> = ["plan", "apply", "drift", "sessions", "doctor", "review", "import"]
            for command in commands.map({ talksToServers.contains($0[0]) ? $0 + ["--env", "sandbox"] : $0 }) {
                let result = await Runtime.$current.withValue(Runtime(variables: variables)) { await runPlumbline(command) }
                #expect(result.status != 1 && result.status != 70, "\(command.joined(separator: " ")) failed unexpectedly: \(result.error)")
                outputs.append((command.joined(separator: " "), result.output + result.error))
            }
            // Failures print what went wrong: a refused secret and a server that is down.
            for (name, value) in [("MEDPLUM_CLIENT_SECRET", "wrong-\(UUID().uuidString)"), ("STYTCH_SECRET", "wrong-\(UUID().uuidString)")] {
                var refused = variables
                refused[name] = value
                let result = await Runtime.$current.withValue(Runtime(variables: refused)) { await runPlumbline(["plan", "--manifests", manifests, "--env", "sandbox"]) }
                #expect(result.status == 77, "\(name) refused: \(result.error)")
                #expect(!(result.output + result.error).contains(value), "the refused \(name) is not echoed")
                outputs.append(("plan with a refused \(name)", result.output + result.error))
            }

            let created = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("secrets").path).map {
                try String(contentsOfFile: folder.appendingPathComponent("secrets/\($0)").path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            }
            #expect(!created.isEmpty, "apply created the example client and stored its secret")
            let secrets = medplum.secrets + stytch.secrets + created
            for (command, output) in outputs {
                for secret in secrets { #expect(!output.contains(secret), "\(command) printed a secret") }
            }
            for file in try writtenFiles(under: folder) where !file.contains("/secrets/") {
                let text = try String(contentsOfFile: file, encoding: .utf8)
                for secret in secrets { #expect(!text.contains(secret), "\(file) holds a secret") }
            }
        }
    }

    func writeDryRunJob(in folder: URL, manifests: String) throws -> String {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("job.yaml").path
        try """
            kind: Job
            name: redaction
            environment: sandbox
            manifests: \(manifests)
            steps: [validate, plan, drift, sessions]
            report: { dir: \(folder.path)/reports, markdown: true, metricsFile: \(folder.path)/metrics.prom }
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func writtenFiles(under folder: URL) throws -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder.path)
        var files: [String] = []
        while let name = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = folder.appendingPathComponent(name).path
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue { files.append(path) }
        }
        #expect(files.contains { $0.hasSuffix("audit.jsonl") } && files.contains { $0.hasSuffix("plan.json") } && files.contains { $0.contains("/imported/") })
        return files
    }
}
