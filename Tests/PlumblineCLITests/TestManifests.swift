import Foundation

/// A manifests directory in a fresh temporary folder, made from named files, that tests can
/// edit between runs.
struct TestManifests {
    let root: URL
    var directory: String { root.appendingPathComponent("Manifests").path }

    init(_ files: [String: String]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("plumbline-\(UUID().uuidString)")
        for (path, text) in files { try write(path, text) }
    }

    /// Writes (or replaces) `Manifests/<path>`.
    func write(_ path: String, _ text: String) throws {
        let url = root.appendingPathComponent("Manifests/\(path)")
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    /// A path under the temporary folder, outside the manifests.
    func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    /// A Medplum-only project: an environment reading the sandbox variables, two policies, three
    /// roles, four people (one admin) and the web app's client.
    static let medplumProject: [String: String] = [
        "environment.yaml": """
            kind: Environment
            name: sandbox
            medplum:
              baseUrl: ${env:MEDPLUM_BASE_URL}
              projectId: ${env:MEDPLUM_PROJECT_ID}
              clientId: ${env:MEDPLUM_CLIENT_ID}
              clientSecret: ${env:MEDPLUM_CLIENT_SECRET}
              sendInviteEmail: false
            """,
        "policies.yaml": """
            kind: AccessPolicy
            name: clinician
            resources:
              - resourceType: Patient
                interactions: [read, search, update]
              - resourceType: Observation
                interactions: [read, search, create]
            ---
            kind: AccessPolicy
            name: nurse
            resources:
              - resourceType: Patient
                interactions: [read, search]
            """,
        "roles.yaml": """
            kind: Role
            name: clinician
            medplum: { profileType: Practitioner, accessPolicies: [clinician] }
            ---
            kind: Role
            name: nurse
            medplum: { profileType: Practitioner, accessPolicies: [nurse] }
            ---
            kind: Role
            name: lead
            medplum: { profileType: Practitioner, accessPolicies: [clinician, nurse], admin: true }
            """,
        "people.yaml": people(),
        "clients.yaml": """
            kind: Client
            name: panels-web
            allowedOrigins: [http://localhost:3000]
            redirectUris: [http://localhost:3000/callback]
            accessPolicy: nurse
            """,
    ]

    /// The people of `medplumProject`, with `overrides` appended to the named person's document.
    static func people(_ overrides: [String: String] = [:]) -> String {
        [("alice@northside.example.org", "Alice", "Doe", "lead"), ("bob@northside.example.org", "Bob", "Okafor", "clinician"),
         ("carol@northside.example.org", "Carol", "Nguyen", "nurse"), ("dan@northside.example.org", "Dan", "Silva", "nurse")]
            .map { email, first, last, role in
                "kind: User\nemail: \(email)\nfirstName: \(first)\nlastName: \(last)\nroles: [\(role)]\n" + (overrides[email] ?? "")
            }
            .joined(separator: "---\n")
    }
}
