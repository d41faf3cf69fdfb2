import Foundation
import PlumblineCLI
import PlumblineCore
import PlumblineTestSupport
import Testing

@Suite("plumbline review", .tags(.large))
struct ReviewCommandTests {
    /// What differs from run to run — ids, times — replaced by placeholders, so the snapshot shows
    /// exactly what the manifests and live state say.
    static func masked(_ text: String) -> String {
        text.replacing(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/, with: "<time>")
            .replacing(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/, with: "<id>")
    }

    @Test func theReviewListsWhatTheManifestsAndTheServersSay() async throws {
        try await SandboxHarness.withBoth { medplum, stytch in
            let people = BothSystems.people(["cy@eastside.example.org": "expires: 2030-06-30\n"])
            try await SessionManifests.applied(SessionManifests.files(people: people), medplum: medplum, stytch: stytch) { manifests in
                // A member made in the Stytch console, and a policy made in Medplum's, given to no one.
                let organization = try await stytch.request("GET", "v1/b2b/organizations/eastside")
                let organizationId = try #require(organization.body?["organization"]?["organization_id"]?.string)
                try #require(try await stytch.request("POST", "v1/b2b/organizations/\(organizationId)/members", json: ["email_address": "temp@eastside.example.org", "name": "Temp Worker", "roles": ["nurse"]]).status == 200)
                try #require(try await medplum.request("POST", "fhir/R4/AccessPolicy", json: ["resourceType": "AccessPolicy", "name": "console-everything", "resource": [["resourceType": "Observation"]]]).status == 201)
                let writes = (medplum.writes, stytch.writes)

                let csv = await runPlumbline(["review", "--manifests", manifests.directory, "--output", "csv"], medplum: medplum, stytch: stytch)
                #expect(csv.status == 0, "\(csv.error)")
                assertSnapshot(Self.masked(csv.output), named: "review.csv")
                let markdown = await runPlumbline(["review", "--manifests", manifests.directory], medplum: medplum, stytch: stytch)
                #expect(markdown.status == 0)
                assertSnapshot(Self.masked(markdown.output), named: "review.md")

                let json = await runPlumbline(["review", "--manifests", manifests.directory, "--output", "json"], medplum: medplum, stytch: stytch)
                let review = try JSONDecoder().decode(AccessReviewDocument.self, from: Data(json.output.utf8))
                #expect(review.formatVersion == 1)
                let bob = try #require(review.people.first { $0.email == "bob@eastside.example.org" })
                #expect(bob.memberships.first?.activeSince != nil, "active since comes from the membership's history")
                #expect(medplum.requestsByRoute["GET /fhir/R4/ProjectMembership/:id/_history"] == 3 * 4, "one history read per human membership, per run")
                #expect((medplum.writes, stytch.writes) == writes, "a review only reads")
                for output in [csv, markdown, json] {
                    for secret in medplum.secrets + stytch.secrets { #expect(!output.output.contains(secret) && !output.error.contains(secret)) }
                }
            }
        }
    }
}

/// The parts of the review's JSON a test reads.
struct AccessReviewDocument: Decodable {
    struct Person: Decodable {
        struct Membership: Decodable { let activeSince: String? }
        let email: String
        let memberships: [Membership]
    }

    let formatVersion: Int
    let people: [Person]
}
