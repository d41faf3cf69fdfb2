import Foundation
import PlumblineCore
import PlumblineTestSupport

/// `BothSystems` with what the session audit and the doctor read besides: a SessionPolicy, the
/// super-admin credentials (optional) and the app's origins.
enum SessionManifests {
    /// Short limits so sessions can be aged within a password sign-in's 60 minutes.
    static let shortPolicy = "maxAge: 20m\nidleTimeout: 10m\nmaxConcurrent: 3\n"

    static func files(
        policy: String = shortPolicy, superAdmin: Bool = true, origins: [String] = ["http://localhost:3000"],
        people: String = BothSystems.people(), access: String? = nil
    ) -> [String: String] {
        var files = BothSystems.files(people: people)
        var environment = files["environment.yaml"] ?? ""
        if superAdmin {
            environment = environment.replacingOccurrences(of: "  sendInviteEmail: false\n", with: """
                  sendInviteEmail: false
                  superAdmin:
                    clientId: ${env:MEDPLUM_SUPERADMIN_CLIENT_ID}
                    clientSecret: ${env:MEDPLUM_SUPERADMIN_CLIENT_SECRET}

                """)
        }
        files["environment.yaml"] = environment + "\ncors:\n  allowedOrigins: [\(origins.joined(separator: ", "))]\n"
        files["session-policy.yaml"] = "kind: SessionPolicy\nname: default\n" + policy
        if let access { files["access.yaml"] = access }
        return files
    }

    /// Applies `files` to both sandboxes, then runs `body`.
    static func applied(
        _ files: [String: String], medplum: MedplumHandle, stytch: StytchHandle, _ body: (TestManifests) async throws -> Void
    ) async throws {
        let manifests = try TestManifests(files)
        let apply = await runPlumbline(["apply", "--manifests", manifests.directory, "--yes"], medplum: medplum, stytch: stytch)
        guard apply.status == 0 else { throw SetupFailed(description: "apply exited \(apply.status): \(apply.output)\(apply.error)") }
        try await body(manifests)
    }

    struct SetupFailed: Error, CustomStringConvertible { let description: String }
}

/// The pieces of a Stytch member tests need.
extension StytchHandle {
    func memberId(_ slug: String, _ email: String) async throws -> String {
        guard let id = try await member(slug, email)?["member_id"]?.string else { throw SessionManifests.SetupFailed(description: "no member \(email) in \(slug)") }
        return id
    }

    /// Signs in with the sandbox's clock `secondsAgo` in the past, so the session starts (and was
    /// last used) that long ago; the clock is put back afterwards.
    func signIn(_ slug: String, _ email: String, secondsAgo: Double) async throws -> String {
        setClockOffset(-secondsAgo)
        defer { setClockOffset(0) }
        return try await signIn(slug, email)
    }

    /// Uses a session `secondsAgo` (authenticating it moves its last access, contract 6.3).
    func touch(_ token: String, secondsAgo: Double) async throws {
        setClockOffset(-secondsAgo)
        defer { setClockOffset(0) }
        let response = try await request("POST", "v1/b2b/sessions/authenticate", json: ["session_token": .string(token)])
        guard response.status == 200 else { throw SessionManifests.SetupFailed(description: "authenticate answered \(response.status)") }
    }
}
