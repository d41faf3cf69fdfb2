import Foundation
import MedplumSandbox
import PlumblineCLI
import PlumblineCore
import PlumblineTestSupport
import Testing

/// One finding of `plumbline drift --output json` (DESIGN §3).
struct DriftEntry: Decodable, Equatable {
    let system: String
    let kind: String
    let key: String
    let type: String
    let fields: [FieldChange]
    let changedBy: String?
    let changedByReference: String?
    let changedAt: String?
    let id: String?
    let expiredAcknowledgement: String?
    let acknowledgement: String?
}

struct DriftDocument: Decodable {
    let formatVersion: Int
    let environment: String
    let drift: [DriftEntry]
    let summary: [String: Int]
    let acknowledged: [DriftEntry]
    let warnings: [String]
    let notes: [String]

    static func decode(_ output: String) throws -> DriftDocument {
        try JSONDecoder().decode(DriftDocument.self, from: Data(output.utf8))
    }

    func entry(_ kind: String, _ key: String) -> DriftEntry? { drift.first { $0.kind == kind && $0.key == key } }
}

/// Changes made behind plumbline's back, the way a console admin makes them: through the raw API,
/// as the super-admin client (a different client from the one plumbline signs in as).
enum ConsoleEdits {
    static func membership(_ medplum: MedplumHandle, _ email: String) async throws -> JSONValue {
        try #require(try await medplum.search("ProjectMembership").first { $0["user"]?["display"]?.string == email })
    }

    /// Puts `resource` back and returns the server's `meta.lastUpdated` of the new version.
    @discardableResult
    static func put(_ medplum: MedplumHandle, _ type: String, _ resource: JSONValue, superAdmin: Bool = true) async throws -> String {
        let put = try await medplum.request("PUT", "fhir/R4/\(type)/\(resource["id"]?.string ?? "")", json: resource, superAdmin: superAdmin)
        try #require(put.status == 200, "PUT \(type): \(put.status) \(put.body?.description ?? "")")
        return try #require(put.body?["meta"]?["lastUpdated"]?.string)
    }
}

@Suite("plumbline drift", .tags(.large))
struct DriftCommandTests {
    let eastside = "eastside"

    func applied(_ files: [String: String] = BothSystems.files(), _ body: (TestManifests, MedplumHandle, StytchHandle) async throws -> Void) async throws {
        let manifests = try TestManifests(files)
        try await SandboxHarness.withBoth { medplum, stytch in
            let apply = await runPlumbline(["apply", "--manifests", manifests.directory, "--yes"], medplum: medplum, stytch: stytch)
            try #require(apply.status == 0, "\(apply.output)\(apply.error)")
            try await body(manifests, medplum, stytch)
        }
    }

    func drift(_ manifests: TestManifests, _ medplum: MedplumHandle, _ stytch: StytchHandle, _ extra: [String] = [], now: Date = Date()) async -> CommandResult {
        await runPlumbline(["drift", "--manifests", manifests.directory] + extra, medplum: medplum, stytch: stytch, now: now)
    }

    /// `2026-05-01T10:00:00.123Z` → `2026-05-01T10:00:00Z`, as the text renderer writes times.
    func seconds(_ timestamp: String?) -> String {
        guard let timestamp, let dot = timestamp.firstIndex(of: ".") else { return timestamp ?? "" }
        return String(timestamp[..<dot]) + "Z"
    }

    @Test func noDriftRightAfterApplyExitsZero() async throws {
        try await applied { manifests, medplum, stytch in
            let text = await drift(manifests, medplum, stytch)
            #expect(text.status == 0, "\(text.output)\(text.error)")
            #expect(text.output == """
                Drift in environment 'sandbox': 0 changed, 0 missing, 0 unmanaged

                No drift: the servers match the manifests.

                Fields read declared → live.

                """)
            let json = await drift(manifests, medplum, stytch, ["--output", "json"])
            #expect(json.status == 0)
            let document = try DriftDocument.decode(json.output)
            #expect(document.formatVersion == 1)
            #expect(document.drift.isEmpty && document.acknowledged.isEmpty && document.warnings.isEmpty)
            #expect(document.summary == ["changed": 0, "missing": 0, "unmanaged": 0])
            let markdown = await drift(manifests, medplum, stytch, ["--output", "markdown"])
            #expect(markdown.status == 0)
            #expect(markdown.output.hasPrefix("### plumbline drift — `sandbox`\n\n0 changed, 0 missing, 0 unmanaged\n"))
        }
    }

    /// A history that cannot be read costs only its own note: the difference is still reported,
    /// named by its last writer, and the other histories are read.
    @Test func anUnreadableHistoryIsANoteAndTheDriftIsStillReported() async throws {
        try await applied { manifests, medplum, stytch in
            for email in ["bob@eastside.example.org", "cy@eastside.example.org"] {
                var membership = try await ConsoleEdits.membership(medplum, email)
                membership["admin"] = true
                try await ConsoleEdits.put(medplum, "ProjectMembership", membership)
            }
            let bobId = try #require(try await ConsoleEdits.membership(medplum, "bob@eastside.example.org")["id"]?.string)
            try await medplum.fault(["method": "GET", "pathPrefix": .string("/fhir/R4/ProjectMembership/\(bobId)/_history"), "count": 1, "status": 403])
            let result = await drift(manifests, medplum, stytch, ["--output", "json"])
            #expect(result.status == 2, "\(result.error)")
            let document = try DriftDocument.decode(result.output)
            let admin = "Super Admin Client"
            #expect(document.entry("ProjectMembership", "bob@eastside.example.org")?.changedBy == admin, "meta.author still names the last writer")
            #expect(document.entry("ProjectMembership", "cy@eastside.example.org")?.changedBy == admin)
            #expect(document.notes.count == 1)
            #expect(document.notes.first?.hasPrefix("the history of ProjectMembership/\(bobId) could not be read (") == true, "\(document.notes)")
            #expect(document.notes.first?.hasSuffix("); medplum ProjectMembership 'bob@eastside.example.org' names its last writer only") == true, "\(document.notes)")
            #expect(medplum.requestsByRoute["GET /fhir/R4/ProjectMembership/:id/_history"] == 2)
        }
    }

    @Test func everyDriftClassInBothSystemsIsReportedWithWhoMadeItAndWhen() async throws {
        try await applied { manifests, medplum, stytch in
            let admin = "Super Admin Client", adminReference = "ClientApplication/\(medplum.credentials.superAdminClientId)"
            let projectId = medplum.credentials.projectId

            // changed: the console admin makes Bob a project admin; later plumbline's own client
            // touches the membership in a way that changes nothing plumbline compares, so
            // `meta.author` names the wrong writer and only the history tells who made Bob admin.
            var bob = try await ConsoleEdits.membership(medplum, "bob@eastside.example.org")
            bob["admin"] = true
            let bobChangedAt = try await ConsoleEdits.put(medplum, "ProjectMembership", bob)
            bob = try await ConsoleEdits.membership(medplum, "bob@eastside.example.org")
            bob["externalId"] = "hr-1042"
            try await ConsoleEdits.put(medplum, "ProjectMembership", bob, superAdmin: false)
            let bobNow = try await medplum.request("GET", "fhir/R4/ProjectMembership/\(bob["id"]?.string ?? "")", headers: ["X-Medplum": "extended"])
            #expect(bobNow.body?["meta"]?["author"]?["reference"]?.string == "ClientApplication/\(medplum.clientId)", "the last writer is plumbline's client")

            // missing: the nurse policy is deleted (Cy's membership still refers to it), and so is Ada's membership.
            let nurse = try #require(try await medplum.search("AccessPolicy", "name=nurse").first)
            let nurseId = try #require(nurse["id"]?.string)
            try #require(try await medplum.request("DELETE", "fhir/R4/AccessPolicy/\(nurseId)", superAdmin: true).status == 200)
            let ada = try await ConsoleEdits.membership(medplum, "ada@eastside.example.org")
            try #require(try await medplum.request("DELETE", "admin/projects/\(projectId)/members/\(ada["id"]?.string ?? "")", superAdmin: true).status == 200)

            // unmanaged: a policy made in the console (a super admin names the project it writes to).
            let created = try await medplum.request("POST", "fhir/R4/AccessPolicy", json: [
                "resourceType": "AccessPolicy", "meta": ["project": .string(projectId)], "name": "console-readonly", "resource": [["resourceType": "Patient", "interaction": ["read"]]],
            ], superAdmin: true)
            try #require(created.status == 201, "\(created.body?.description ?? "")")
            let consolePolicyId = try #require(created.body?["id"]?.string)

            // Stytch: Cy renamed, Bob's member deleted, Zoe added in the dashboard.
            let cy = try #require(try await stytch.member(eastside, "cy@eastside.example.org"))
            try #require(try await stytch.request("PUT", "v1/b2b/organizations/\(eastside)/members/\(cy["member_id"]?.string ?? "")", json: ["name": "Cyrus Young"]).status == 200)
            let bobMember = try #require(try await stytch.member(eastside, "bob@eastside.example.org"))
            try #require(try await stytch.request("DELETE", "v1/b2b/organizations/\(eastside)/members/\(bobMember["member_id"]?.string ?? "")").status == 200)
            let zoe = try await stytch.request("POST", "v1/b2b/organizations/\(eastside)/members", json: ["email_address": "zoe@eastside.example.org", "name": "Zoe Console"])
            try #require(zoe.status == 200, "\(zoe.body?.description ?? "")")

            let json = await drift(manifests, medplum, stytch, ["--output", "json"])
            #expect(json.status == 2, "\(json.error)")
            let document = try DriftDocument.decode(json.output)
            #expect(document.summary == ["changed": 2, "missing": 3, "unmanaged": 2])
            #expect(document.drift.map { "\($0.system) \($0.type) \($0.kind) \($0.key)" } == [
                "medplum unmanaged AccessPolicy console-readonly",
                "medplum missing AccessPolicy nurse",
                "medplum missing ProjectMembership ada@eastside.example.org",
                "medplum changed ProjectMembership bob@eastside.example.org",
                "stytch missing Member eastside/bob@eastside.example.org",
                "stytch changed Member eastside/cy@eastside.example.org",
                "stytch unmanaged Member eastside/zoe@eastside.example.org",
            ])

            let bobDrift = try #require(document.entry("ProjectMembership", "bob@eastside.example.org"))
            #expect(bobDrift.fields == [FieldChange("admin", before: false, after: true)])
            #expect(bobDrift.changedBy == admin, "the history names who introduced the difference, not the last writer")
            #expect(bobDrift.changedByReference == adminReference)
            #expect(bobDrift.changedAt == bobChangedAt)

            let deletedPolicy = try #require(document.entry("AccessPolicy", "nurse"))
            #expect(deletedPolicy.id == nurseId)
            #expect(deletedPolicy.fields == [
                FieldChange("name", before: "nurse", after: nil),
                FieldChange("resource[Patient]", before: ["interaction": ["read", "search"], "resourceType": "Patient"], after: nil),
            ])
            #expect(deletedPolicy.changedBy == nil && deletedPolicy.changedAt != nil, "a deletion keeps when, not who")

            let consolePolicy = try #require(document.entry("AccessPolicy", "console-readonly"))
            #expect(consolePolicy.id == consolePolicyId)
            #expect(consolePolicy.changedBy == admin && consolePolicy.changedByReference == adminReference)
            #expect(consolePolicy.changedAt == created.body?["meta"]?["lastUpdated"]?.string)
            #expect(consolePolicy.fields == [
                FieldChange("name", before: nil, after: "console-readonly"),
                FieldChange("resource[Patient]", before: nil, after: ["interaction": ["read"], "resourceType": "Patient"]),
            ])

            let adaDrift = try #require(document.entry("ProjectMembership", "ada@eastside.example.org"))
            #expect(adaDrift.changedBy == nil && adaDrift.id == nil)
            #expect(document.entry("Member", "eastside/cy@eastside.example.org")?.fields == [FieldChange("name", before: "Cy Young", after: "Cyrus Young")])
            #expect(document.entry("Member", "eastside/bob@eastside.example.org")?.id == bobMember["member_id"]?.string)
            #expect(document.entry("Member", "eastside/zoe@eastside.example.org")?.fields == [
                FieldChange("name", before: nil, after: "Zoe Console"), FieldChange("roles", before: nil, after: []), FieldChange("status", before: nil, after: "active"),
            ])
            #expect(document.entry("Member", "eastside/bob@eastside.example.org")?.fields == [FieldChange("status", before: "active", after: "deleted")])
            #expect(adaDrift.fields == [
                FieldChange("profile", before: "Practitioner", after: nil), FieldChange("access", before: ["clinician"], after: nil),
                FieldChange("admin", before: true, after: nil),
            ])

            let text = await drift(manifests, medplum, stytch)
            #expect(text.status == 2)
            #expect(text.output.hasPrefix("Drift in environment 'sandbox': 2 changed, 3 missing, 2 unmanaged\n"))
            #expect(text.output.contains("""
                  ~ changed   medplum ProjectMembership 'bob@eastside.example.org'
                      admin: false → true
                      changed by \(admin) (\(adminReference)) at \(seconds(bobChangedAt))

                """))
            #expect(text.output.contains("""
                  - missing   medplum AccessPolicy 'nurse'
                      name: "nurse" → (none)
                      resource[Patient]: {"interaction":["read","search"],"resourceType":"Patient"} → (none)
                      changed at \(seconds(deletedPolicy.changedAt))
                      deleted from Medplum: the history of AccessPolicy/\(nurseId) shows plumbline's marker, and 1 membership(s) still refer to it; apply creates it again

                """))
            #expect(text.output.contains("""
                  + unmanaged medplum AccessPolicy 'console-readonly'
                      name: (none) → "console-readonly"
                      resource[Patient]: (none) → {"interaction":["read"],"resourceType":"Patient"}
                      changed by \(admin) (\(adminReference)) at \(seconds(consolePolicy.changedAt))
                      made outside plumbline (e.g. in a console) and declared by no manifest; declare it, or remove it from the server

                """))
            #expect(text.output.contains("""
                  ~ changed   stytch Member 'eastside/cy@eastside.example.org'
                      name: "Cy Young" → "Cyrus Young"

                """))
            #expect(text.output.hasSuffix("\nFields read declared → live.\n"))
            for output in [json.output, json.error, text.output, text.error] {
                for secret in medplum.secrets + stytch.secrets { #expect(!output.contains(secret)) }
            }
        }
    }
}
