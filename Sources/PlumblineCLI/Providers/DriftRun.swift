import Foundation
import PlumblineCore
import PlumblineHTTP
import PlumblineMedplum
import PlumblineStytch

/// One drift check (DESIGN §3): reads both systems through `LiveReaders` only, asks the core to
/// classify every difference, refines who made Medplum's from their history (a bounded number of
/// reads), probes CORS, and applies the acknowledgements. Also what a job's `drift` step runs.
struct DriftRun {
    /// At most this many `_history` reads per run: one per changed object or deleted policy,
    /// enough for what a person reviews, and bounded whatever the drift.
    static let historyBudget = 25
    /// Histories read at once: the transport's own bound on requests to one server.
    static let historyConcurrency = 8

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
        let ids = Array(DriftDetector.danglingPolicyIds(in: live).prefix(max(0, budget)))
        budget -= ids.count
        var deleted: [DeletedObject] = []
        for (id, read) in zip(ids, await Self.histories(of: ids.map { ("AccessPolicy", $0) }, history)) {
            switch read {
            case .success(let versions):
                DeletedObject.from(history: versions, kind: .accessPolicy, id: id).map { deleted.append($0) }
            case .failure(let error):
                notes.append("the history of AccessPolicy/\(id), which memberships still refer to, could not be read: \(error)")
            }
        }
        return deleted
    }

    /// Refines who made each Medplum difference from the object's history, within the budget.
    private func attributed(_ findings: [DriftFinding], _ detector: DriftDetector, budget: Int, notes: inout [String]) async -> [DriftFinding] {
        guard let history = readers.medplumHistory else { return findings }
        let candidates = DriftDetector.historyCandidates(findings)
        // A candidate always names its FHIR type and live id (`historyCandidates`).
        let read = candidates.prefix(max(0, budget)).compactMap { finding in
            finding.resource.kind.fhirType.flatMap { type in finding.liveId.map { (finding: finding, type: type, id: $0) } }
        }
        var refined: [Int: DriftFinding] = [:]
        for (object, versions) in zip(read, await Self.histories(of: read.map { ($0.type, $0.id) }, history)) {
            switch versions {
            case .success(let versions):
                if let index = findings.firstIndex(of: object.finding) { refined[index] = detector.attribute(object.finding, history: versions) }
            case .failure(let error):
                notes.append("the history of \(object.type)/\(object.id) could not be read (\(error)); \(object.finding.resource) names its last writer only")
            }
        }
        if candidates.count > read.count {
            notes.append("\(candidates.count - refined.count) changed Medplum object(s) name their last writer only: the run reads at most \(Self.historyBudget) histories")
        }
        return findings.indices.map { refined[$0] ?? findings[$0] }
    }

    /// Each object's history, read side by side (a run's budget is a few round trips, not one per
    /// object). A failed read is kept as its error, so it costs only its own note.
    private static func histories(of objects: [(type: String, id: String)], _ history: MedplumHistoryReader) async -> [Result<[MedplumVersion], any Error>] {
        // The operation catches its own errors, so the map never throws.
        (try? await BoundedConcurrency.map(objects, limit: historyConcurrency) { object in
            do { return .success(try await history.versions(object.type, object.id)) } catch { return .failure(error) }
        }) ?? []
    }
}
