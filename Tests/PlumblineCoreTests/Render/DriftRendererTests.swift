import Foundation
import PlumblineCore
import PlumblineTestSupport
import Testing

@Suite("Rendering drift", .tags(.small))
struct DriftRendererTests {
    static let report: DriftReport = {
        var changed = DriftFinding(
            ResourceKey(.medplum, .projectMembership, "bob@x.org"), .changed, fields: [FieldChange("admin", before: false, after: true)],
            changedBy: "Alice Doe", changedByReference: "Practitioner/alice", changedAt: Date(timeIntervalSince1970: 1_800_000_000.25), liveId: "m1"
        )
        changed.expiredAcknowledgement = "bob-covers"
        let missing = DriftFinding(
            ResourceKey(.stytch, .member, "north/cy@x.org"), .missing, fields: [FieldChange("status", before: "active", after: "deleted")],
            changedAt: Date(timeIntervalSince1970: 1_800_000_100), detail: "deleted in Stytch; the deleted member still carries plumbline's marker; apply reactivates it", liveId: "member-1"
        )
        let origin = DriftFinding(
            ResourceKey(.medplum, .allowedOrigin, "https://panels.example.org"), .missing, fields: [FieldChange("allowedOrigins", before: "https://panels.example.org", after: nil)],
            detail: "the Medplum server refused a preflight | deploy it"
        )
        let unmanaged = DriftFinding(ResourceKey(.medplum, .accessPolicy, "console"), .unmanaged, fields: [FieldChange("name", before: nil, after: "console")])
        let acknowledged = AcknowledgedFinding(
            finding: DriftFinding(ResourceKey(.stytch, .member, "north/eve@x.org"), .unmanaged), acknowledgement: "eve-migration",
            reason: "Eve helps with the migration", until: CalendarDate(year: 2026, month: 6, day: 30)
        )
        return DriftReport(
            environment: "sandbox", findings: [unmanaged, changed, origin, missing], acknowledged: [acknowledged],
            warnings: ["DriftAcknowledgement 'bob-covers' (acks.yaml:1:1) expired on 2026-05-31"], notes: ["2 changed Medplum object(s) name their last writer only"]
        )
    }()

    @Test func text() {
        assertSnapshot(DriftRenderer.text(Self.report), named: "drift.txt")
    }

    @Test func markdown() {
        assertSnapshot(DriftRenderer.markdown(Self.report), named: "drift.md")
    }

    @Test func json() {
        assertSnapshot(DriftRenderer.json(Self.report), named: "drift.json")
    }

    @Test func jsonHasTheDesignShape() throws {
        let data = Data(DriftRenderer.json(Self.report).utf8)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["formatVersion"] as? Int == 1)
        let drift = try #require(object["drift"] as? [[String: Any]])
        #expect(drift.count == 4)
        for entry in drift {
            for key in ["system", "kind", "key", "type", "fields", "changedBy", "changedAt"] { #expect(entry.keys.contains(key), "missing \(key)") }
        }
        let bob = try #require(drift.first { $0["key"] as? String == "bob@x.org" })
        #expect(bob["system"] as? String == "medplum")
        #expect(bob["kind"] as? String == "ProjectMembership")
        #expect(bob["type"] as? String == "changed")
        #expect(bob["changedBy"] as? String == "Alice Doe")
        #expect(bob["changedAt"] as? String == "2027-01-15T08:00:00.250Z")
        #expect((bob["fields"] as? [[String: Any]])?.first?["path"] as? String == "admin")
        let unmanaged = try #require(drift.first { $0["key"] as? String == "console" })
        #expect(unmanaged["changedBy"] is NSNull, "unknown authors are null, not absent")
    }

    @Test func noDrift() {
        let text = DriftRenderer.text(DriftReport(environment: "sandbox", findings: []))
        #expect(text.hasPrefix("Drift in environment 'sandbox': 0 changed, 0 missing, 0 unmanaged\n\nNo drift: the servers match the manifests.\n"))
    }

    @Test func planShowsTheCorsValueToDeployOnlyWhenTheServerDisagrees() {
        var plan = Plan(environment: "sandbox", manifestsDigest: "sha256:0", changes: [], observed: [])
        let origins = [WebOrigin.parse("https://panels.example.org"), WebOrigin.parse("http://localhost:3000")].compactMap { try? $0.get() }
        plan.cors = CorsCheck.advice(declared: origins, observations: [
            CorsObservation(origin: "http://localhost:3000", status: 204, allowed: true, wildcard: false),
            CorsObservation(origin: "https://panels.example.org", status: 401, allowed: false, wildcard: false),
            CorsObservation(origin: CorsCheck.canary, status: 401, allowed: false, wildcard: false),
        ])
        let text = TextPlanRenderer().render(plan)
        #expect(text.contains("""
            CORS:
              The Medplum server's CORS configuration disagrees with cors.allowedOrigins (it refuses https://panels.example.org); apply cannot change it, so deploy:
                "allowedOrigins": "https://panels.example.org,http://localhost:3000"      (medplum.config.json)
                MEDPLUM_ALLOWED_ORIGINS=https://panels.example.org,http://localhost:3000      (environment)
            """))
        #expect(MarkdownPlanRenderer().render(plan).contains("MEDPLUM_ALLOWED_ORIGINS=https://panels.example.org,http://localhost:3000\n```"))
        #expect(JSONPlanRenderer().render(plan).contains("\"environmentVariable\" : \"MEDPLUM_ALLOWED_ORIGINS=https://panels.example.org,http://localhost:3000\""))
        plan.cors?.agrees = true
        #expect(!TextPlanRenderer().render(plan).contains("CORS"))
    }
}
