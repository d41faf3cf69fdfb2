import Foundation
import Logging
import PlumblineCore
import PlumblineHTTP
import PlumblineMedplum

/// The Medplum side of a command: one transport, one authenticated client, and the reads and
/// plans made through them.
struct MedplumSession {
    let client: MedplumClient
    let transport: HTTPTransport

    /// Requires the environment to declare `medplum` (exit 64 otherwise).
    static func make(_ environment: ResolvedEnvironment, concurrency: Int = 8) throws -> MedplumSession {
        guard let connection = environment.medplum else {
            throw CommandFailure.exit(.usage, "environment '\(environment.name)' declares no 'medplum' server")
        }
        let transport = HTTPTransport(configuration: .init(
            limits: ServerLimits(requestsPerSecond: 200, burst: 50, maxConcurrentRequests: max(1, concurrency))
        ))
        return MedplumSession(client: MedplumClient(connection: connection, transport: transport), transport: transport)
    }

    /// Reads the project; server failures end the command with 69 or 77.
    func read() async throws -> MedplumSnapshot {
        do {
            return try await MedplumReader(client: client).read()
        } catch {
            throw CommandFailure.fromServer(error)
        }
    }
}

/// A Medplum plan and what it was made from.
struct MedplumPlanning {
    let snapshot: MedplumSnapshot
    let desired: MedplumDesiredState
    let plan: Plan

    static func make(_ context: CommandContext, _ session: MedplumSession, prune: Bool) async throws -> MedplumPlanning {
        let snapshot = try await session.read()
        return make(context, snapshot: snapshot, prune: prune)
    }

    /// The plan for `snapshot` (also used to re-plan against a fresh read).
    static func make(_ context: CommandContext, snapshot: MedplumSnapshot, prune: Bool) -> MedplumPlanning {
        let (desired, withoutAccess) = MedplumDesiredStateBuilder.build(from: context.manifests, today: context.today)
        let output = MedplumPlanner(desired: desired, withoutAccess: withoutAccess, live: snapshot.state, options: .init(prune: prune)).plan()
        let plan = Plan(
            environment: context.environment.name, manifestsDigest: context.digest, changes: output.changes,
            observed: snapshot.state.observed, conflicts: output.conflicts, notes: output.notes
        )
        return MedplumPlanning(snapshot: snapshot, desired: desired, plan: plan)
    }
}
