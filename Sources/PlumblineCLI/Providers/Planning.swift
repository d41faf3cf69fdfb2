import Foundation
import PlumblineCore
import PlumblineMedplum
import PlumblineStytch

/// One plan over every server the environment declares (issue 7: one plan, two systems), and the
/// live state and desired state it was made from.
struct Planning {
    struct MedplumPart {
        let snapshot: MedplumSnapshot
        let desired: MedplumDesiredState
    }

    struct StytchPart {
        let live: StytchLiveState
        let desired: StytchDesiredState
    }

    let medplum: MedplumPart?
    let stytch: StytchPart?
    let plan: Plan

    /// Reads every declared server (concurrently) and plans. Server failures end the command
    /// with 69 or 77; a Stytch role the RBAC policy lacks ends it with 65, before any write.
    static func make(_ context: CommandContext, _ sessions: Sessions, prune: Bool) async throws -> Planning {
        let (snapshot, live) = try await read(context, sessions)
        return make(context, medplum: snapshot, stytch: live, prune: prune)
    }

    static func read(_ context: CommandContext, _ sessions: Sessions) async throws -> (MedplumSnapshot?, StytchLiveState?) {
        let slugs = Set(context.manifests.organizations.map(\.slug.value))
        async let medplum = readMedplum(sessions.medplum)
        async let stytch = readStytch(sessions.stytch, slugs: slugs)
        let results: (MedplumSnapshot?, StytchLiveState?)
        do {
            results = (try await medplum, try await stytch)
        } catch {
            throw CommandFailure.fromServer(error)
        }
        if let roleIds = results.1?.roleIds {
            let missing = StytchRoleCheck.check(context.manifests, roleIds: roleIds)
            if !missing.isEmpty {
                Console.current.write(DiagnosticsRenderer.text(missing))
                throw CommandFailure.exit(.invalidManifests, "Roles name Stytch roles the project does not define; nothing was written")
            }
        }
        return results
    }

    static func readMedplum(_ client: MedplumClient?) async throws -> MedplumSnapshot? {
        guard let client else { return nil }
        return try await MedplumReader(client: client).read()
    }

    static func readStytch(_ client: StytchClient?, slugs: Set<String>) async throws -> StytchLiveState? {
        guard let client else { return nil }
        return try await StytchReader(client: client).read(declaredSlugs: slugs)
    }

    /// The plan for what was read (also used to re-plan a saved plan against a fresh read).
    static func make(_ context: CommandContext, medplum snapshot: MedplumSnapshot?, stytch live: StytchLiveState?, prune: Bool) -> Planning {
        var changes: [Change] = [], conflicts: [PlanConflict] = [], notes: [String] = [], observed: [ObservedObject] = []
        var medplumPart: MedplumPart?
        var stytchPart: StytchPart?
        if let snapshot {
            let (desired, withoutAccess) = MedplumDesiredStateBuilder.build(from: context.manifests, today: context.today)
            let output = MedplumPlanner(desired: desired, withoutAccess: withoutAccess, live: snapshot.state, options: .init(prune: prune)).plan()
            (changes, conflicts, notes) = (changes + output.changes, conflicts + output.conflicts, notes + output.notes)
            observed += snapshot.state.observed
            medplumPart = MedplumPart(snapshot: snapshot, desired: desired)
        }
        if let live {
            let desired = StytchDesiredStateBuilder.build(from: context.manifests, today: context.today)
            let output = StytchPlanner(desired: desired, live: live, options: .init(prune: prune)).plan()
            (changes, conflicts, notes) = (changes + output.changes, conflicts + output.conflicts, notes + output.notes)
            observed += live.observed
            stytchPart = StytchPart(live: live, desired: desired)
        }
        let plan = Plan(
            environment: context.environment.name, manifestsDigest: context.digest, changes: PlanOrder.sorted(changes),
            observed: observed.sorted(), conflicts: conflicts, notes: notes
        )
        return Planning(medplum: medplumPart, stytch: stytchPart, plan: plan)
    }

    /// Every safety refusal for `plan` against what was read.
    func refusals(_ plan: Plan, maxChanges: Int?) -> [Refusal] {
        SafetyRules.check(plan, medplum: medplum?.snapshot.state, limits: .init(maxChanges: maxChanges))
            + (stytch.map { SafetyRules.check(plan, stytch: $0.live) } ?? [])
    }
}
