import Foundation
import PlumblineCore
import PlumblineMedplum
import PlumblineStytch

/// Applying a plan, shared by `plumbline apply` and the apply step of a job: the checks before
/// the first write, then the executor over both systems' appliers. Prints nothing.
struct ApplyOperation {
    var concurrency: Int
    var maxChanges: Int?
    var secretsDirectory: String?
    /// False once the run is asked to stop (SIGTERM): no new write starts.
    var shouldContinue: @Sendable () -> Bool = { true }
    var onProgress: @Sendable (ApplyEvent) -> Void = { _ in }

    /// Why the plan must not be applied (exit status and one message per reason), or nil.
    func refusal(_ plan: Plan, _ planning: Planning) -> (ExitStatus, [String])? {
        let refusals = planning.refusals(plan, maxChanges: maxChanges)
        if !refusals.isEmpty { return (.refused, refusals.map { "refused: \($0)" }) }
        if secretsDirectory == nil, let client = plan.changes.first(where: { $0.resource.kind == .clientApplication && $0.action == .create }) {
            return (.usage, ["creating Client '\(client.resource.key)' produces a secret, and plumbline writes secrets only to --secrets-dir; pass --secrets-dir DIR"])
        }
        return nil
    }

    /// Why a saved plan no longer fits the manifests or the servers, or nil.
    static func staleness(of saved: Plan, context: CommandContext, current: Planning) -> String? {
        guard saved.manifestsDigest == context.digest else {
            return "the manifests changed since the plan was made; nothing was written; run plumbline plan again"
        }
        let changed = Set(saved.observed).symmetricDifference(current.plan.observed)
        guard changed.isEmpty else {
            let objects = Set(changed.map { "\($0.kind.rawValue)/\($0.id)" }).sorted()
            return "the plan is stale: \(objects.count) object(s) changed on the server since it was read (\(objects.prefix(5).joined(separator: ", "))\(objects.count > 5 ? ", …" : "")); nothing was written; run plumbline plan again"
        }
        return nil
    }

    /// Runs every change of `plan`; returns each outcome and the notes the appliers left (a
    /// stored secret, an invitation e-mail that failed).
    func execute(_ plan: Plan, _ planning: Planning, _ sessions: Sessions, _ context: CommandContext) async -> (result: ApplyResult, notes: [String]) {
        guard !plan.isEmpty else { return (ApplyResult(entries: []), []) }
        let store = SecretStore(directory: secretsDirectory ?? "secrets")
        var appliers: [ManagedSystem: any ChangeApplier] = [:]
        var medplumApplier: MedplumApplier?
        if let client = sessions.medplum, let part = planning.medplum {
            let applier = MedplumApplier(
                client: client, snapshot: part.snapshot, desired: part.desired,
                options: .init(sendInviteEmail: context.environment.medplum?.sendInviteEmail ?? true) { name, secret in
                    try store.store(clientName: name, secret: secret)
                }
            )
            appliers[.medplum] = applier
            medplumApplier = applier
        }
        if let client = sessions.stytch, let part = planning.stytch {
            appliers[.stytch] = StytchApplier(client: client, live: part.live, desired: part.desired, management: sessions.stytchManagement)
        }
        let result = await ApplyExecutor(concurrency: concurrency).run(
            plan.changes, applier: CompositeApplier(appliers), wave: PlanOrder.wave(of:), dependencies: PlanOrder.dependencies(of:),
            shouldContinue: shouldContinue, observer: onProgress
        )
        return (result, medplumApplier?.messages ?? [])
    }

    /// 0 when complete, 3 when partly applied; when nothing was applied, the failures' own cause.
    static func exitStatus(for result: ApplyResult) -> ExitStatus {
        guard !result.isComplete else { return .success }
        guard result.applied == 0 else { return .partlyApplied }
        let categories = Set(result.failed.compactMap { entry -> FailureCategory? in
            if case .failed(let category, _) = entry.outcome { category } else { nil }
        })
        switch categories {
        case [.stale]: return .refused
        case [.unavailable]: return .unavailable
        case [.credentials]: return .credentialsRefused
        default: return .partlyApplied
        }
    }
}
