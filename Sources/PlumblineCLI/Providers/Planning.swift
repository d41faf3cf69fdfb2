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
    /// `ahead`, when given, is a read already under way for this context (see `ReadAhead`).
    static func make(_ context: CommandContext, _ sessions: Sessions, prune: Bool, adopt: Bool = false, ahead: ReadAhead? = nil) async throws -> Planning {
        let (snapshot, live) = try await read(context, sessions, ahead: ahead)
        return make(context, medplum: snapshot, stytch: live, prune: prune, adopt: adopt)
    }

    static func read(_ context: CommandContext, _ sessions: Sessions, ahead: ReadAhead? = nil) async throws -> (MedplumSnapshot?, StytchLiveState?) {
        let results: (MedplumSnapshot?, StytchLiveState?)
        do {
            if let ahead {
                results = try await ahead.result(for: context)
            } else {
                async let medplum = readMedplum(sessions.medplum)
                async let stytch = readStytch(sessions.stytch, management: frontendSDKClient(context.environment, sessions), slugs: context.declaredSlugs)
                results = (try await medplum, try await stytch)
            }
        } catch {
            throw CommandFailure.fromServer(error)
        }
        try checkStytchRoles(context, results.1)
        return results
    }

    /// The Management API client, when the environment declares the frontend SDK's domains.
    static func frontendSDKClient(_ environment: ResolvedEnvironment, _ sessions: Sessions) -> StytchManagementClient? {
        DesiredFrontendSDK.declared(by: environment) == nil ? nil : sessions.stytchManagement
    }

    /// A Role naming a Stytch role the project's RBAC policy lacks stops the command (exit 65).
    static func checkStytchRoles(_ context: CommandContext, _ live: StytchLiveState?) throws {
        guard let roleIds = live?.roleIds else { return }
        let missing = StytchRoleCheck.check(context.manifests, roleIds: roleIds)
        if !missing.isEmpty {
            Console.current.write(DiagnosticsRenderer.text(missing))
            throw CommandFailure.exit(.invalidManifests, "Roles name Stytch roles the project does not define; nothing was written")
        }
    }

    static func readMedplum(_ client: MedplumClient?) async throws -> MedplumSnapshot? {
        guard let client else { return nil }
        return try await MedplumReader(client: client).read()
    }

    /// The project's organizations and members and, when `management` is given, the frontend
    /// SDK's configuration.
    static func readStytch(_ client: StytchClient?, management: StytchManagementClient? = nil, slugs: Set<String>) async throws -> StytchLiveState? {
        guard let client else { return nil }
        return try await StytchReader(client: client).read(declaredSlugs: slugs, frontendSDK: management.map(FrontendSDKReader.init))
    }

    /// The Stytch desired state for `context`: the manifests plus the SDK domains the environment
    /// declares.
    static func stytchDesired(_ context: CommandContext) -> StytchDesiredState {
        var desired = StytchDesiredStateBuilder.build(from: context.manifests, today: context.today)
        desired.frontendSDK = DesiredFrontendSDK.declared(by: context.environment)
        return desired
    }

    /// The plan for what was read (also used to re-plan a saved plan against a fresh read).
    /// `adopt` adopts every unmanaged object in the way; the `Adoption` manifests adopt theirs.
    static func make(_ context: CommandContext, medplum snapshot: MedplumSnapshot?, stytch live: StytchLiveState?, prune: Bool, adopt: Bool = false) -> Planning {
        let adoption = context.manifests.adoptionScope.union(adopt ? .all : .none)
        var changes: [Change] = [], conflicts: [PlanConflict] = [], notes: [String] = [], observed: [ObservedObject] = []
        var medplumPart: MedplumPart?
        var stytchPart: StytchPart?
        if let snapshot {
            let (desired, withoutAccess) = MedplumDesiredStateBuilder.build(from: context.manifests, today: context.today)
            let output = MedplumPlanner(desired: desired, withoutAccess: withoutAccess, live: snapshot.state, options: .init(prune: prune, adopt: adoption)).plan()
            (changes, conflicts, notes) = (changes + output.changes, conflicts + output.conflicts, notes + output.notes)
            observed += snapshot.state.observed
            medplumPart = MedplumPart(snapshot: snapshot, desired: desired)
        }
        if let live {
            let desired = stytchDesired(context)
            let output = StytchPlanner(desired: desired, live: live, options: .init(prune: prune, adopt: adoption)).plan()
            (changes, conflicts, notes) = (changes + output.changes, conflicts + output.conflicts, notes + output.notes)
            observed += live.observed
            stytchPart = StytchPart(live: live, desired: desired)
        }
        notes += adoptionNotes(context.manifests.adoptions, changes: changes)
        let plan = Plan(
            environment: context.environment.name, manifestsDigest: context.digest, changes: PlanOrder.sorted(changes),
            observed: observed.sorted(), conflicts: conflicts, notes: notes
        )
        return Planning(medplum: medplumPart, stytch: stytchPart, plan: plan)
    }

    /// An `Adoption` manifest none of whose objects needs adopting any more has done its job.
    static func adoptionNotes(_ adoptions: [AdoptionManifest], changes: [Change]) -> [String] {
        let adopting = Set(changes.filter { $0.fields.first?.path == "managed" && $0.fields.first?.before == false }.map(\.resource))
        return adoptions.filter { adoption in !adoption.objects.contains { adopting.contains($0.value) } }.map { adoption in
            "Adoption '\(adoption.name.value)' (\(adoption.location)) has nothing left to adopt: every object it lists carries plumbline's marker or is not on the server; delete it"
        }
    }

    /// Every safety refusal for `plan` against what was read.
    func refusals(_ plan: Plan, maxChanges: Int?) -> [Refusal] {
        SafetyRules.check(plan, medplum: medplum?.snapshot.state, limits: .init(maxChanges: maxChanges))
            + (stytch.map { SafetyRules.check(plan, stytch: $0.live) } ?? [])
    }
}
