import Foundation
import PlumblineCore
import PlumblineMedplum
import PlumblineStytch

/// Reading the servers while the manifests load (DESIGN §9: a plan within 1.25× of the bare fetch
/// of its pages).
///
/// A read needs only the Environment and the declared Organizations' slugs, and those sit in small
/// files beside the large ones that hold thousands of people. When the small files are valid on
/// their own and declare the environment, the read starts from them while everything is loaded and
/// validated; the full validation still decides everything. A read made from anything the full
/// manifests do not also say is thrown away and made again, and invalid manifests cancel it. Only
/// reads ever run ahead: nothing is written before the manifests are known to be valid.
struct ReadAhead: Sendable {
    let environment: ResolvedEnvironment
    let slugs: Set<String>
    let sessions: Sessions
    let medplum: Task<MedplumSnapshot?, any Error>
    /// Nil when the small files declare no Organization: they are then most likely declared beside
    /// their people, and Stytch is read once the full manifests say which.
    let stytch: Task<StytchLiveState?, any Error>?

    /// Files larger than this hold the people; the rest is loaded first. 32 KiB is about 250
    /// people, a few milliseconds of validation (less is not worth overlapping), and more than an
    /// environment, its roles and policies, or a few hundred organizations usually take.
    static let smallFileLimit = 32 * 1024

    /// Starts reading from the small files of `directory`, or returns nil when they alone cannot
    /// be trusted to name the environment (errors, no such environment, a reference that does not
    /// resolve) or when there is no large file to overlap with.
    static func start(directory: String, environment name: String?, concurrency: Int = 8) -> ReadAhead? {
        guard let listed = try? ManifestDirectory.list(directory) else { return nil }
        // The large files are read once, by the full validation.
        let small = listed.filter { $0.size <= smallFileLimit }
        guard small.count < listed.count else { return nil }
        let report = Validator.validate(ManifestDirectory.read(small).files)
        guard !report.diagnostics.containsErrors else { return nil }
        let declared = report.manifests.environments
        guard let manifest = name.map({ report.manifests.environment(named: $0) }) ?? (declared.count == 1 ? declared.first : nil),
              case .success(let environment) = EnvironmentResolver.resolve(manifest, using: CommandContext.referenceSource()),
              let sessions = try? Sessions.make(environment, concurrency: concurrency)
        else { return nil }
        let slugs = Set(report.manifests.organizations.map(\.slug.value))
        return ReadAhead(
            environment: environment, slugs: slugs, sessions: sessions,
            medplum: Task { try await Planning.readMedplum(sessions.medplum) },
            stytch: slugs.isEmpty ? nil : Task {
                try await Planning.readStytch(sessions.stytch, management: Planning.frontendSDKClient(environment, sessions), slugs: slugs)
            }
        )
    }

    /// This read-ahead when it was made for `context`'s environment; otherwise it is cancelled.
    func matching(_ context: CommandContext) -> ReadAhead? {
        guard environment == context.environment else {
            cancel()
            return nil
        }
        return self
    }

    func cancel() {
        medplum.cancel()
        stytch?.cancel()
    }

    /// What was read from Medplum.
    func medplumResult() async throws -> MedplumSnapshot? {
        try await withTaskCancellationHandler { try await medplum.value } onCancel: { medplum.cancel() }
    }

    /// What was read from Stytch for `context`: read now if it was not read ahead, or again if the
    /// full manifests declare other organizations than the small files did.
    func stytchResult(for context: CommandContext) async throws -> StytchLiveState? {
        let declaredSlugs = context.declaredSlugs
        guard let stytch, declaredSlugs == slugs else {
            stytch?.cancel()
            return try await Planning.readStytch(sessions.stytch, management: Planning.frontendSDKClient(context.environment, sessions), slugs: declaredSlugs)
        }
        return try await withTaskCancellationHandler { try await stytch.value } onCancel: { stytch.cancel() }
    }
}
