import Foundation
import PlumblineCore
import PlumblineMedplum
import PlumblineStytch

/// One drift check (DESIGN §3): reads both systems through `LiveReaders` only, asks the core to
/// classify every difference, refines who made Medplum's from their history (a bounded number of
/// reads), probes CORS, and applies the acknowledgements. Also what a job's `drift` step runs.
struct DriftRun {
    /// At most this many `_history` reads per run: one per changed object or deleted policy,
    /// enough for what a person reviews, and bounded whatever the drift.
    static let historyBudget = 25

    let context: CommandContext
    let readers: LiveReaders

    func run() async throws -> DriftReport {
        let environment = context.environment
        let slugs = Set(context.manifests.organizations.map(\.slug.value))
        let sdk = DesiredFrontendSDK.declared(by: environment) == nil ? nil : readers.frontendSDK
        async let medplumRead = readers.medplum?.read()
        async let stytchRead = readers.stytch?.read(declaredSlugs: slugs, frontendSDK: sdk)
        async let corsRead = CorsProbing.observations(environment, transport: readers.transport)
        let snapshot: MedplumSnapshot?, stytchLive: StytchLiveState?, cors: [CorsObservation]?
        do {
            (snapshot, stytchLive, cors) = (try await medplumRead, try await stytchRead, try await corsRead)
        } catch {
            throw CommandFailure.fromServer(error)
        }
        try Planning.checkStytchRoles(context, stytchLive)

        var notes: [String] = []
        var budget = Self.historyBudget
        var medplumSide: DriftDetector.MedplumSide?
        if let snapshot {
            let (desired, withoutAccess) = MedplumDesiredStateBuilder.build(from: context.manifests, today: context.today)
            let deleted = await deletedPolicies(snapshot.state, budget: &budget, notes: &notes)
            medplumSide = DriftDetector.MedplumSide(desired: desired, withoutAccess: withoutAccess, live: snapshot.state, deleted: deleted)
        }
        let detector = DriftDetector(
            medplum: medplumSide,
            stytch: stytchLive.map { DriftDetector.StytchSide(desired: Planning.stytchDesired(context), live: $0) }
        )
        var findings = detector.findings()
        findings = await attributed(findings, detector, budget: budget, notes: &notes)
        if let cors { findings += CorsCheck.findings(declared: environment.corsOrigins, observations: cors) }
        let (reported, acknowledged, warnings) = Acknowledgements.apply(findings, context.manifests.driftAcknowledgements, today: context.today)
        return DriftReport(environment: environment.name, findings: reported, acknowledged: acknowledged, warnings: warnings, notes: notes)
    }

    /// Policies memberships still refer to but that are gone: their history tells whether they
    /// were plumbline's (and so are `missing`, not just absent).
    private func deletedPolicies(_ live: MedplumLiveState, budget: inout Int, notes: inout [String]) async -> [DeletedObject] {
        guard let history = readers.medplumHistory else { return [] }
        var deleted: [DeletedObject] = []
        for id in DriftDetector.danglingPolicyIds(in: live) {
            guard budget > 0 else { break }
            budget -= 1
            do {
                let versions = try await history.versions("AccessPolicy", id)
                DeletedObject.from(history: versions, kind: .accessPolicy, id: id).map { deleted.append($0) }
            } catch {
                notes.append("the history of AccessPolicy/\(id), which memberships still refer to, could not be read: \(error)")
            }
        }
        return deleted
    }

    /// Refines who made each Medplum difference from the object's history, within the budget.
    private func attributed(_ findings: [DriftFinding], _ detector: DriftDetector, budget: Int, notes: inout [String]) async -> [DriftFinding] {
        guard let history = readers.medplumHistory else { return findings }
        let candidates = DriftDetector.historyCandidates(findings)
        var refined: [Int: DriftFinding] = [:]
        var remaining = budget
        for finding in candidates {
            guard remaining > 0 else {
                notes.append("\(candidates.count - refined.count) changed Medplum object(s) name their last writer only: the run reads at most \(Self.historyBudget) histories")
                break
            }
            remaining -= 1
            guard let type = finding.resource.kind.fhirType, let id = finding.liveId,
                  let index = findings.firstIndex(of: finding)
            else { continue }
            do {
                refined[index] = detector.attribute(finding, history: try await history.versions(type, id))
            } catch {
                notes.append("the history of \(type)/\(id) could not be read (\(error)); \(finding.resource) names its last writer only")
            }
        }
        return findings.indices.map { refined[$0] ?? findings[$0] }
    }
}
