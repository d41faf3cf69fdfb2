import Foundation
@testable import MedplumSandbox
import Testing

/// Keeps a sandbox up for manual checks with curl or a vendor client until `plumbline sandbox`
/// exists: `PLUMBLINE_SANDBOX_SERVE_SECONDS=300 swift test --filter ServeForManualChecks` writes
/// the `MEDPLUM_*` variables to `PLUMBLINE_SANDBOX_ENV_FILE` (default
/// `/tmp/medplum-sandbox.env`) once it listens.
@Suite("Serve for manual checks (opt-in)")
struct ServeForManualChecks {
    static var seconds: Int? { ProcessInfo.processInfo.environment["PLUMBLINE_SANDBOX_SERVE_SECONDS"].flatMap(Int.init) }

    @Test(.enabled(if: seconds != nil, "set PLUMBLINE_SANDBOX_SERVE_SECONDS"))
    func serve() async throws {
        let path = ProcessInfo.processInfo.environment["PLUMBLINE_SANDBOX_ENV_FILE"] ?? "/tmp/medplum-sandbox.env"
        try await withSandbox { _, sandbox in
            let credentials = sandbox.credentials
            let lines = [
                "MEDPLUM_BASE_URL=\(sandbox.baseURL)", "MEDPLUM_PROJECT_ID=\(credentials.projectId)",
                "MEDPLUM_CLIENT_ID=\(credentials.clientId)", "MEDPLUM_CLIENT_SECRET=\(credentials.clientSecret)",
                "MEDPLUM_SUPERADMIN_CLIENT_ID=\(credentials.superAdminClientId)",
                "MEDPLUM_SUPERADMIN_CLIENT_SECRET=\(credentials.superAdminClientSecret)",
            ]
            try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            try await Task.sleep(for: .seconds(Self.seconds ?? 0))
        }
    }
}
