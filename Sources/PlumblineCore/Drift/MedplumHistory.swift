import Foundation

/// One version of a Medplum object as its `_history` lists it (contract 4.1), mapped to the live
/// vocabulary so the planner can compare it with the manifests.
public struct MedplumVersion: Sendable, Hashable {
    public enum Content: Sendable, Hashable {
        case policy(LivePolicy)
        case membership(LiveMembership)
        case client(LiveClient)
        /// A deletion: the history keeps when, not who.
        case deleted
    }

    public let content: Content
    /// Who wrote the version and when (a deletion only has its time).
    public let change: LastChange

    public init(_ content: Content, change: LastChange) {
        self.content = content
        self.change = change
    }

    /// The plumbline marker the version carried.
    var managedKey: String? {
        switch content {
        case .policy(let policy): policy.managedKey
        case .membership(let membership): membership.managedKey
        case .client(let client): client.managedKey
        case .deleted: nil
        }
    }
}

/// A managed object deleted from Medplum, known from the history of an id something still
/// refers to: the versions before the deletion carry plumbline's marker.
public struct DeletedObject: Sendable, Hashable {
    public let kind: ResourceKind
    public let id: String
    /// The manifest key its marker named.
    public let key: String
    public let deletedAt: Date?

    /// The deletion `history` (newest first) records, when the object was plumbline's.
    public static func from(history: [MedplumVersion], kind: ResourceKind, id: String) -> DeletedObject? {
        guard let latest = history.first, case .deleted = latest.content,
              let key = history.lazy.compactMap(\.managedKey).first
        else { return nil }
        return DeletedObject(kind: kind, id: id, key: key, deletedAt: latest.change.at)
    }
}

extension ResourceKind {
    /// The FHIR resource type of a Medplum kind, whose `_history` can be read.
    public var fhirType: String? {
        switch self {
        case .accessPolicy: "AccessPolicy"
        case .projectMembership: "ProjectMembership"
        case .clientApplication: "ClientApplication"
        default: nil
        }
    }
}
