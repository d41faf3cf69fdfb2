import Foundation
@testable import MedplumSandbox
import Testing

/// `stateDirectory` (`--state`) and the seed file.
@Suite("Persistence and seeding", .tags(.medium))
struct PersistenceTests {
    func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("medplum-state-\(MedplumID.generate())").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func writesSurviveARestart() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configuration = MedplumSandboxConfiguration(stateDirectory: directory)
        let (credentials, policyID, bearer) = try await withSandbox(configuration) { client, sandbox in
            let admin = try await client.adminBearer()
            let policy = try await client.create(["resourceType": "AccessPolicy", "name": "kept"], auth: admin)
            var updated = policy
            updated["name"] = "kept-v2"
            _ = try await client.send("PUT", "fhir/R4/AccessPolicy/\(policy["id"]?.stringValue ?? "")", json: updated, auth: admin)
            let doomed = try await client.create(["resourceType": "Patient"], auth: admin)
            _ = try await client.send("DELETE", "fhir/R4/Patient/\(doomed["id"]?.stringValue ?? "")", headers: ["Authorization": admin])
            return (sandbox.credentials, policy["id"]?.stringValue ?? "", admin)
        }
        try await withSandbox(configuration) { client, sandbox in
            #expect(sandbox.credentials == credentials)
            let admin = try await client.adminBearer()
            let policy = try await client.fetch("fhir/R4/AccessPolicy/\(policyID)", auth: admin).json
            #expect(policy["name"] == "kept-v2")
            let history = try await client.fetch("fhir/R4/AccessPolicy/\(policyID)/_history", auth: admin).json
            #expect(history["entry"]?.arrayValue?.count == 2)
            let projects = try await client.fetch("fhir/R4/Project", auth: admin).json
            #expect(projects["entry"]?.arrayValue?.count == 1)
            #expect(try await client.fetch("fhir/R4/Patient", auth: admin).json["entry"]?.arrayValue?.count == 0)
            // The signing key and the cache-only Login survive too; the issuer is per port, so a
            // token from another port is refused like a token from another server.
            let old = try await client.fetch("auth/me", auth: bearer)
            #expect(old.status == 401)
        }
    }

    @Test func aStateDirectoryRefusesOtherCredentials() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        _ = try await withSandbox(MedplumSandboxConfiguration(stateDirectory: directory)) { _, _ in true }
        let other = MedplumSandboxConfiguration(stateDirectory: directory, credentials: .generate())
        await #expect(throws: StateError.self) { try await withSandbox(other) { _, _ in true } }
    }

    @Test func aTornLastLineIsIgnored() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let configuration = MedplumSandboxConfiguration(stateDirectory: directory)
        _ = try await withSandbox(configuration) { client, _ in
            _ = try await client.create(["resourceType": "Patient", "gender": "female"], auth: try await client.adminBearer())
        }
        let journal = URL(fileURLWithPath: directory).appendingPathComponent("journal.jsonl")
        let handle = try FileHandle(forWritingTo: journal)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"t":"Patient","i":"#.utf8))
        try handle.close()
        try await withSandbox(configuration) { client, _ in
            let found = try await client.fetch("fhir/R4/Patient?gender=female", auth: try await client.adminBearer()).json
            #expect(found["entry"]?.arrayValue?.count == 1)
        }
    }

    @Test func fixedCredentialsAndSeedResources() async throws {
        let credentials = MedplumSandboxCredentials.generate(projectName: "Seeded")
        let practitioner = MedplumID.generate()
        let seed: JSON = [
            "resources": [
                ["resourceType": "AccessPolicy", "name": "seeded-policy"],
                ["resourceType": "Practitioner", "id": .string(practitioner), "name": [["family": "Seed"]]],
            ]
        ]
        let configuration = MedplumSandboxConfiguration(seed: Data(JSONWriter.serialize(seed)), credentials: credentials)
        try await withSandbox(configuration) { client, sandbox in
            #expect(sandbox.credentials == credentials)
            let admin = try await client.adminBearer()
            #expect(try await client.fetch("fhir/R4/AccessPolicy?name:exact=seeded-policy", auth: admin).json["entry"]?.arrayValue?.count == 1)
            let read = try await client.fetch("fhir/R4/Practitioner/\(practitioner)", auth: admin)
            #expect(read.status == 200)
            #expect(try read.json["meta"]?["author"] == nil)
            let extended = try await client.fetch("fhir/R4/Practitioner/\(practitioner)", auth: admin, headers: ["X-Medplum": "extended"])
            #expect(try extended.json["meta"]?["author"] == ["reference": "system"])
        }
        let broken = MedplumSandboxConfiguration(seed: Data("[1]".utf8))
        await #expect(throws: SeedError.self) { try await withSandbox(broken) { _, _ in true } }
    }
}
