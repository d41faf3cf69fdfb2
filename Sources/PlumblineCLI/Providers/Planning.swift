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
        // What the manifests ask for does not depend on what is read: it is worked out while
        // the reads finish.
        async let desired = Desired(context)
        async let medplumRead = readMedplum(context, sessions, ahead: ahead)
        async let stytchRead = readStytch(context, sessions, ahead: ahead)
        let options = options(context, prune: prune, adopt: adopt)
        // Medplum's read usually ends first: it is planned while Stytch's finishes. Neither
        // system's plan looks at the other's state.
        let snapshot = try await medplumRead
        let wanted = await desired
        async let medplum = both(snapshot, wanted.medplum).map { plan($0, $1, options) }
        let stytch = both(try await stytchRead, wanted.stytch).map { plan($0, $1, options) }
        return assemble(context, medplum: await medplum, stytch: stytch)
    }

    /// Both systems' state. A failure of Medplum's read is the one reported when both fail.
    static func read(_ context: CommandContext, _ sessions: Sessions, ahead: ReadAhead? = nil) async throws -> (MedplumSnapshot?, StytchLiveState?) {
        async let medplum = readMedplum(context, sessions, ahead: ahead)
        async let stytch = readStytch(context, sessions, ahead: ahead)
        return (try await medplum, try await stytch)
    }

    private static func readMedplum(_ context: CommandContext, _ sessions: Sessions, ahead: ReadAhead?) async throws -> MedplumSnapshot? {
        do {
            if let ahead { return try await ahead.medplumResult() }
            return try await readMedplum(sessions.medplum)
        } catch {
            throw CommandFailure.fromServer(error)
        }
    }

    /// Stytch's state, once its roles are known to include every one the manifests name.
    private static func readStytch(_ context: CommandContext, _ sessions: Sessions, ahead: ReadAhead?) async throws -> StytchLiveState? {
        let live: StytchLiveState?
        do {
            if let ahead {
                live = try await ahead.stytchResult(for: context)
            } else {
                live = try await readStytch(sessions.stytch, management: frontendSDKClient(context.environment, sessions), slugs: context.declaredSlugs)
            }
        } catch {
            throw CommandFailure.fromServer(error)
        }
        try checkStytchRoles(context, live)
        return live
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

    /// What the manifests ask of each system the environment declares.
    struct Desired: Sendable {
        let medplum: (state: MedplumDesiredState, withoutAccess: [String])?
        let stytch: StytchDesiredState?

        init(_ context: CommandContext) {
            medplum = context.environment.medplum.map { _ in MedplumDesiredStateBuilder.build(from: context.manifests, today: context.today) }
            stytch = context.environment.stytch.map { _ in stytchDesired(context) }
        }
    }

    /// One system's share of a plan: its part, what its planner found, and the objects it read.
    struct SystemPlan<Part: Sendable>: Sendable {
        let part: Part
        let changes: [Change]
        let conflicts: [PlanConflict]
        let notes: [String]
        let observed: [ObservedObject]
    }

    /// The plan for what was read (also used to re-plan a saved plan against a fresh read).
    /// `adopt` adopts every unmanaged object in the way; the `Adoption` manifests adopt theirs.
    static func make(_ context: CommandContext, medplum snapshot: MedplumSnapshot?, stytch live: StytchLiveState?, prune: Bool, adopt: Bool = false) -> Planning {
        let options = options(context, prune: prune, adopt: adopt)
        let desired = Desired(context)
        return assemble(
            context, medplum: both(snapshot, desired.medplum).map { plan($0, $1, options) }, stytch: both(live, desired.stytch).map { plan($0, $1, options) }
        )
    }

    private static func options(_ context: CommandContext, prune: Bool, adopt: Bool) -> (prune: Bool, adopt: AdoptionScope) {
        (prune, context.manifests.adoptionScope.union(adopt ? .all : .none))
    }

    private static func plan(
        _ snapshot: MedplumSnapshot, _ desired: (state: MedplumDesiredState, withoutAccess: [String]), _ options: (prune: Bool, adopt: AdoptionScope)
    ) -> SystemPlan<MedplumPart> {
        let planner = MedplumPlanner(desired: desired.state, withoutAccess: desired.withoutAccess, live: snapshot.state, options: .init(prune: options.prune, adopt: options.adopt))
        let output = planner.plan()
        return SystemPlan(
            part: MedplumPart(snapshot: snapshot, desired: desired.state), changes: output.changes, conflicts: output.conflicts,
            notes: output.notes, observed: snapshot.state.observed
        )
    }

    private static func plan(_ live: StytchLiveState, _ desired: StytchDesiredState, _ options: (prune: Bool, adopt: AdoptionScope)) -> SystemPlan<StytchPart> {
        let output = StytchPlanner(desired: desired, live: live, options: .init(prune: options.prune, adopt: options.adopt)).plan()
        return SystemPlan(
            part: StytchPart(live: live, desired: desired), changes: output.changes, conflicts: output.conflicts,
            notes: output.notes, observed: live.observed
        )
    }

    /// Medplum's share first, then Stytch's, as every report lists them.
    private static func assemble(_ context: CommandContext, medplum: SystemPlan<MedplumPart>?, stytch: SystemPlan<StytchPart>?) -> Planning {
        let changes = (medplum?.changes ?? []) + (stytch?.changes ?? [])
        let notes = (medplum?.notes ?? []) + (stytch?.notes ?? []) + adoptionNotes(context.manifests.adoptions, changes: changes)
        let plan = Plan(
            environment: context.environment.name, manifestsDigest: context.digest, changes: PlanOrder.sorted(changes),
            observed: (medplum?.observed ?? []) + (stytch?.observed ?? []),
            conflicts: (medplum?.conflicts ?? []) + (stytch?.conflicts ?? []), notes: notes
        )
        return Planning(medplum: medplum?.part, stytch: stytch?.part, plan: plan)
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

/// Both values, when there are both: a system is planned when it was read and declared.
private func both<A, B>(_ a: A?, _ b: B?) -> (A, B)? {
    guard let a, let b else { return nil }
    return (a, b)
}
