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

/// Reads the project's live state in bulk (DESIGN §4, §9): the Project and every AccessPolicy,
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

    public func read() async throws -> MedplumSnapshot {
        let projectId = client.connection.projectId
        let headers = extended ? [MedplumClient.extendedMode] : []
        // The four reads do not depend on each other, so they run side by side: a plan waits for
        // the longest of them, not their sum. They share one token (`TokenCache`). Awaiting them
        // in this order keeps the error reported when several fail the one a sequential read
        // would have met first.
        async let projectRead = client.read("Project", projectId)
        async let policiesRead = client.searchAll("AccessPolicy", headers: headers)
        async let applicationsRead = client.searchAll("ClientApplication", headers: headers)
        // Memberships are read straight from each page, each kept beside the JSON the server sent.
        async let membershipsRead = client.searchAll("ProjectMembership", headers: headers, reading: LiveMapping.membership(from:), id: \.id)
        let project = try await projectRead
        let policies = try await policiesRead
        let applications = try await applicationsRead
        let memberships = try await membershipsRead

        var resources: [String: [String: Data]] = [:]
        for resource in policies + applications {
            if let type = resource["resourceType"]?.string, let id = resource["id"]?.string { resources[type, default: [:]][id] = resource.encoded() }
        }
        // One pass, one copy of each membership: people's, clients', and each one's text.
        var people: [LiveMembership] = []
        var clientMemberships: [String: LiveMembership] = [:]
        var texts: [String: Data] = [:]
        people.reserveCapacity(memberships.count)
        texts.reserveCapacity(memberships.count)
        for (membership, sent) in memberships {
            texts[membership.id] = sent
            switch membership.profileType {
            case "Practitioner", "Patient", "RelatedPerson":
                people.append(membership)
            case "ClientApplication" where clientMemberships.index(forKey: membership.userReference) == nil:
                clientMemberships[membership.userReference] = membership
            default:
                break
            }
        }
        resources["ProjectMembership"] = texts
        let ownReference = "ClientApplication/\(client.connection.client.clientId)"
        let state = MedplumLiveState(
            projectId: projectId,
            ownerUserReference: project["owner"]?["reference"]?.string,
            selfMembershipId: clientMemberships[ownReference]?.id,
            policies: policies.compactMap(LiveMapping.policy),
            memberships: people,
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
