import Foundation
import PlumblineCore
import PlumblineTestSupport
import Testing

@Suite("Rendering plans", .tags(.small))
struct PlanRendererTests {
    /// A plan with every kind of change, an escalation, a conflict and a note.
    static let plan = Plan(
        environment: "sandbox", manifestsDigest: "sha256:abc",
        changes: [
            Change(ResourceKey(.medplum, .accessPolicy, "clinician"), .create, fields: [
                FieldChange("name", before: nil, after: "clinician"),
                FieldChange("resource[Patient]", before: nil, after: ["interaction": ["read", "search"], "resourceType": "Patient"]),
            ]),
            Change(ResourceKey(.medplum, .clientApplication, "panels-web"), .update, fields: [
                FieldChange("allowedOrigin", before: ["http://localhost:3000"], after: ["http://localhost:3000", "https://panels.example.org"]),
            ], escalations: ["origin https://panels.example.org allowed"], target: ObjectVersion(id: "c1", version: "7")),
            Change(ResourceKey(.medplum, .projectMembership, "alice@x.org"), .create, fields: [
                FieldChange("profile", before: nil, after: "Practitioner"),
                FieldChange("admin", before: nil, after: true),
            ], escalations: ["new member with access", "project admin granted"], reason: "roles: clinic-admin", person: "alice@x.org"),
            Change(ResourceKey(.medplum, .projectMembership, "erin@x.org"), .reactivate, fields: [FieldChange("active", before: false, after: true)],
                   escalations: ["access restored"], person: "erin@x.org", target: ObjectVersion(id: "m2", version: "3")),
            Change(ResourceKey(.medplum, .projectMembership, "frank@x.org"), .deactivate, fields: [FieldChange("active", before: true, after: false)],
                   reason: "offboarded (active: false)", person: "frank@x.org", target: ObjectVersion(id: "m3", version: "1")),
            Change(ResourceKey(.medplum, .accessPolicy, "old_*policy"), .delete, fields: [FieldChange("name", before: "old", after: nil)],
                   reason: "not declared (--prune)", target: ObjectVersion(id: "p9", version: "2")),
        ],
        observed: [ObservedObject(system: .medplum, kind: .clientApplication, id: "c1", version: "7")],
        conflicts: [PlanConflict(ResourceKey(.medplum, .projectMembership, "carol@x.org"), "has an unmanaged membership; adopt it")],
        notes: ["ClientApplication 'legacy' is managed by plumbline but no longer declared; plan --prune would delete it"]
    )

    @Test func text() {
        assertSnapshot(TextPlanRenderer().render(Self.plan), named: "plan.txt")
    }

    @Test func textWithColours() {
        let colored = TextPlanRenderer(colored: true).render(Self.plan)
        #expect(colored.contains("\u{1B}[32m+\u{1B}[0m medplum AccessPolicy 'clinician'"))
        #expect(colored.contains("\u{1B}[35mescalation: origin https://panels.example.org allowed\u{1B}[0m"))
        #expect(!TextPlanRenderer().render(Self.plan).contains("\u{1B}"))
    }

    @Test func markdown() {
        assertSnapshot(MarkdownPlanRenderer().render(Self.plan), named: "plan.md")
    }

    @Test func json() {
        assertSnapshot(JSONPlanRenderer().render(Self.plan), named: "plan.json")
    }

    @Test func jsonRoundTripsAndHasTheDesignShape() throws {
        let data = Data(JSONPlanRenderer().render(Self.plan).utf8)
        let decoded = try JSONDecoder().decode(Plan.self, from: data)
        #expect(decoded.changes == Self.plan.changes)
        #expect(decoded.observed == Self.plan.observed)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["formatVersion"] as? Int == 1)
        #expect(object["environment"] as? String == "sandbox")
        let summary = try #require(object["summary"] as? [String: Int])
        #expect(summary == ["create": 2, "update": 1, "delete": 1, "deactivate": 1, "reactivate": 1, "revoke": 0])
        let first = try #require((object["changes"] as? [[String: Any]])?.first)
        #expect(first["system"] as? String == "medplum")
        #expect(first["kind"] as? String == "AccessPolicy")
        #expect(first["key"] as? String == "clinician")
        #expect(first["action"] as? String == "create")
        let field = try #require((first["fields"] as? [[String: Any]])?.first)
        #expect(field["path"] as? String == "name")
        #expect(field["before"] is NSNull)
        #expect(field["after"] as? String == "clinician")
    }

    @Test func anEmptyPlanSaysSo() {
        let empty = Plan(environment: "sandbox", manifestsDigest: "sha256:abc", changes: [], observed: [])
        #expect(TextPlanRenderer().render(empty) == """
            Plan for environment 'sandbox': 0 to create, 0 to update, 0 to delete, 0 to deactivate, 0 to reactivate, 0 to revoke

            No changes: the servers match the manifests.

            """)
    }
}
