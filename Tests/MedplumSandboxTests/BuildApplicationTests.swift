import Foundation
import Hummingbird
@testable import MedplumSandbox
import NIOCore
import SandboxSupport
import ServiceLifecycle
import Testing

/// The template-style entry point (STYLE rule 14), run by the caller.
@Suite("buildApplication", .tags(.medium))
struct BuildApplicationTests {
    @Test func theBuiltApplicationServesMedplum() async throws {
        let credentials = MedplumSandboxCredentials.generate()
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let application = try await MedplumSandbox.buildApplication(
            MedplumSandboxConfiguration(credentials: credentials), controls: SandboxControls()
        ) { channel in
            continuation.yield(channel.localAddress?.port ?? 0)
        }
        let services = ServiceGroup(
            configuration: .init(services: [application], gracefulShutdownSignals: [], logger: application.logger))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await services.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            let client = SandboxClient(baseURL: "http://127.0.0.1:\(port)/", credentials: credentials)
            let bearer = try await client.adminBearer()
            let me = try await client.fetch("auth/me", auth: bearer).json
            #expect(me["project"]?["id"]?.stringValue == credentials.projectId)
            await services.triggerGracefulShutdown()
            try await group.waitForAll()
        }
    }
}
