import PlumblineCore
import PlumblineHTTP
import PlumblineStytch
import PlumblineTestSupport
import Testing

@Suite("Reading a Stytch project", .tags(.medium))
struct StytchReaderTests {
    func clients(_ stytch: StytchHandle) throws -> (StytchClient, FrontendSDKReader) {
        let connection = try #require(SandboxEnvironment.resolve(stytch.variables, medplum: false, management: true)?.stytch)
        let management = try #require(connection.management)
        let transport = HTTPTransport()
        return (StytchClient(connection: connection, transport: transport), FrontendSDKReader(client: StytchManagementClient(connection: management, transport: transport)))
    }

    /// The RBAC policy, the organizations and the frontend SDK's configuration do not wait for
    /// each other: while the policy's answer is held back (and then refused), the other two have
    /// already been sent. A sequential read would have sent neither. The member search needs the
    /// organizations and the policy, so it is never sent.
    @Test func thePolicyTheOrganizationsAndTheSDKAreReadSideBySide() async throws {
        try await SandboxHarness.withStytch { stytch in
            let (client, sdk) = try clients(stytch)
            try await stytch.fault(["method": "GET", "pathPrefix": "/v1/b2b/rbac/", "count": 1, "delayMs": 1_000, "status": 403])
            let error = await #expect(throws: StytchError.self) {
                try await StytchReader(client: client).read(declaredSlugs: [], frontendSDK: sdk)
            }
            #expect(error?.request == "GET /v1/b2b/rbac/policy")
            let routes = stytch.requestsByRoute
            #expect(routes["GET /v1/b2b/rbac/policy"] == 1)
            #expect(routes["POST /v1/b2b/organizations/search"] == 1)
            #expect(routes.keys.contains { $0.hasPrefix("GET ") && $0.hasSuffix("/sdk/b2b") }, "routes: \(routes)")
            #expect(routes["POST /v1/b2b/organizations/members/search"] == nil)
        }
    }

    /// When several reads fail, the error reported is the one a sequential read meets first,
    /// whichever answer came back first.
    @Test func theFirstReadsErrorIsReportedWhenSeveralFail() async throws {
        try await SandboxHarness.withStytch { stytch in
            let (client, sdk) = try clients(stytch)
            try await stytch.fault(["method": "GET", "pathPrefix": "/v1/b2b/rbac/", "count": 1, "delayMs": 300, "status": 403])
            try await stytch.fault(["method": "POST", "pathPrefix": "/v1/b2b/organizations/search", "count": 1, "status": 400])
            let error = await #expect(throws: StytchError.self) {
                try await StytchReader(client: client).read(declaredSlugs: [], frontendSDK: sdk)
            }
            #expect(error?.request == "GET /v1/b2b/rbac/policy")
            #expect(error?.status == 403)
        }
    }
}
