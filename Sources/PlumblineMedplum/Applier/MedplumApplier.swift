import Foundation
import PlumblineCore
import PlumblineHTTP
import Synchronization

/// Carries out the Medplum changes of a plan (DESIGN §4, issue 6): AccessPolicies through batch
/// Bundles, new people through the invite endpoint with their marker and access set in the same
/// call, membership and client changes through FHIR `PUT` with `If-Match` on the version read,
/// new clients through the admin client endpoint with their secret handed to `storeSecret` only.
public final class MedplumApplier: ChangeApplier {
    public struct Options: Sendable {
        /// The invite API's `sendEmail`.
        public var sendInviteEmail: Bool
        /// Keeps a new client's secret (writes it to the secrets directory); returns where it went.
        public var storeSecret: @Sendable (_ clientName: String, _ secret: String) throws -> String

        public init(sendInviteEmail: Bool, storeSecret: @escaping @Sendable (String, String) throws -> String) {
            self.sendInviteEmail = sendInviteEmail
            self.storeSecret = storeSecret
        }
    }

    let client: MedplumClient
    let snapshot: MedplumSnapshot
    let desired: MedplumDesiredState
    let options: Options
    /// Policies created or adopted in this run, by name, so people and clients can refer to them.
    private let writtenPolicies = Mutex<[String: String]>([:])
    private let notices = Mutex<[String]>([])

    public init(client: MedplumClient, snapshot: MedplumSnapshot, desired: MedplumDesiredState, options: Options) {
        self.client = client
        self.snapshot = snapshot
        self.desired = desired
        self.options = options
    }

    /// Things the run wants a person to know that are not failures (a secret stored, an
    /// invitation e-mail that could not be sent).
    public var messages: [String] { notices.withLock { $0 } }

    public func batchGroup(for change: Change) -> String? {
        change.resource.kind == .accessPolicy ? "medplum-policies" : nil
    }

    public func apply(_ changes: [Change]) async -> [ChangeOutcome] {
        if changes.first?.resource.kind == .accessPolicy { return await applyPolicies(changes) }
        var outcomes: [ChangeOutcome] = []
        for change in changes {
            do {
                switch change.resource.kind {
                case .projectMembership: try await applyMembership(change)
                case .clientApplication: try await applyClient(change)
                default: throw MedplumError(request: "apply", status: 0, message: "\(change.resource) is not a Medplum change")
                }
                outcomes.append(.applied)
            } catch {
                outcomes.append(Self.outcome(for: error))
            }
        }
        return outcomes
    }

    func notice(_ text: String) {
        notices.withLock { $0.append(text) }
    }

    /// The live id of a policy by name: created or adopted in this run, or managed already.
    func policyId(named name: String) throws -> String {
        if let id = writtenPolicies.withLock({ $0[name] }) { return id }
        if let policy = snapshot.state.policies.first(where: { $0.managedKey == name }) { return policy.id }
        throw MedplumError(request: "apply", status: 0, message: "AccessPolicy '\(name)' does not exist on the server")
    }

    func recordPolicy(_ name: String, id: String) {
        writtenPolicies.withLock { $0[name] = id }
    }

    static func outcome(for error: any Error) -> ChangeOutcome {
        switch error {
        case let error as MedplumError: .failed(category: error.category, message: error.description)
        case let error as TransportError: .failed(category: error.category, message: error.description)
        default: .failed(category: .rejected, message: String(describing: error))
        }
    }

    static func staleVersion(_ change: Change) -> String {
        change.target?.version ?? ""
    }
}
