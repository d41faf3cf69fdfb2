import Foundation
import PlumblineCore

/// What a read of the project returned: the normalised live state for the core, and each
/// resource as the server sent it, so an update can write back every field plumbline does not own.
public struct MedplumSnapshot: Sendable {
    public let state: MedplumLiveState
    /// Resources by type, then id, kept as JSON text: the applier needs a few of them whole
    /// (to write them back), and 50,000 parsed trees would be most of a large run's memory.
    let resources: [String: [String: Data]]

    func resource(_ type: String, _ id: String) -> JSONValue? { resources[type]?[id].flatMap { try? JSONValue.parse($0) } }
}

/// Reads the project's live state in bulk (DESIGN §4, §9): the Project, then every AccessPolicy,
/// ClientApplication and ProjectMembership in pages of 1000 — a handful of requests whatever the
/// number of people. People are matched through their membership: a project admin cannot read
/// server-scoped Users (contract 4.6).
public struct MedplumReader: Sendable {
    let client: MedplumClient
    /// Read in extended mode, so every object says who last changed it (`meta.author`): what
    /// drift reports. Plans do not need it.
    let extended: Bool

    public init(client: MedplumClient, extended: Bool = false) {
        self.client = client
        self.extended = extended
    }

    /// The profiles of people's memberships (a client's is its ClientApplication).
    private static let personProfiles: Set = ["Practitioner", "Patient", "RelatedPerson"]

    public func read() async throws -> MedplumSnapshot {
        let projectId = client.connection.projectId
        let project = try await client.read("Project", projectId)
        let headers = extended ? [MedplumClient.extendedMode] : []
        let policies = try await client.searchAll("AccessPolicy", headers: headers)
        let applications = try await client.searchAll("ClientApplication", headers: headers)
        // Memberships are read straight from each page, each kept beside the JSON the server sent.
        let memberships = try await client.searchAll("ProjectMembership", headers: headers, reading: LiveMapping.membership(from:), id: \.id)

        var resources: [String: [String: Data]] = [:]
        for resource in policies + applications {
            if let type = resource["resourceType"]?.string, let id = resource["id"]?.string { resources[type, default: [:]][id] = resource.encoded() }
        }
        resources["ProjectMembership"] = Dictionary(memberships.map { ($0.resource.id, $0.sent) }, uniquingKeysWith: { _, last in last })
        let allMemberships = memberships.map(\.resource)
        let clientMemberships = Dictionary(
            allMemberships.filter { $0.profileType == "ClientApplication" }.map { ($0.userReference, $0) },
            uniquingKeysWith: { first, _ in first }
        )
        let ownReference = "ClientApplication/\(client.connection.client.clientId)"
        let state = MedplumLiveState(
            projectId: projectId,
            ownerUserReference: project["owner"]?["reference"]?.string,
            selfMembershipId: clientMemberships[ownReference]?.id,
            policies: policies.compactMap(LiveMapping.policy),
            memberships: allMemberships.filter { Self.personProfiles.contains($0.profileType) },
            // plumbline's own client stays in the list: a manifest declaring a client of the same
            // name must meet a conflict, and the safety rules refuse any change to it.
            clients: applications.compactMap { application in
                guard let id = application["id"]?.string else { return nil }
                return LiveMapping.client(application, membership: clientMemberships["ClientApplication/\(id)"])
            }
        )
        return MedplumSnapshot(state: state, resources: resources)
    }
}
