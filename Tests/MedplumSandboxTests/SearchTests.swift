import Foundation
@testable import MedplumSandbox
import Testing

/// Contract 4.3 and 4.8, checklist items 11.15 and 11.16.
@Suite("Search", .tags(.medium))
struct SearchTests {
    /// Creates `count` AccessPolicies named `prefix-NN` through one batch.
    static func seedPolicies(_ client: SandboxClient, _ auth: String, prefix: String, count: Int) async throws {
        let entries: [JSON] = (0..<count).map { index in
            [
                "request": ["method": "POST", "url": "AccessPolicy"],
                "resource": ["resourceType": "AccessPolicy", "name": .string(String(format: "\(prefix)-%03d", index))],
            ]
        }
        let answer = try await client.send("POST", "fhir/R4", json: ["resourceType": "Bundle", "type": "batch", "entry": .array(entries)], auth: auth)
        #expect(answer.status == 200)
    }

    static func names(_ bundle: JSON) -> [String] {
        bundle["entry"]?.arrayValue?.compactMap { $0["resource"]?["name"]?.stringValue } ?? []
    }

    static func link(_ bundle: JSON, _ relation: String) -> String? {
        bundle["link"]?.arrayValue?.first { $0["relation"]?.stringValue == relation }?["url"]?.stringValue
    }

    @Test func countDefaultsClampAndZero() async throws {
        try await withSandbox { client, sandbox in
            let admin = try await client.adminBearer()
            try await Self.seedPolicies(client, admin, prefix: "c", count: 25)
            let page = try await client.fetch("fhir/R4/AccessPolicy", auth: admin)
            #expect(page.status == 200)
            #expect(page.header("Content-Type") == "application/fhir+json; charset=utf-8")
            let bundle = try page.json
            #expect(bundle["resourceType"] == "Bundle")
            #expect(bundle["type"] == "searchset")
            #expect(bundle["total"] == nil)
            #expect(bundle["entry"]?.arrayValue?.count == 20)
            let entry = try #require(bundle["entry"]?.arrayValue?.first)
            #expect(entry["search"] == ["mode": "match"])
            #expect(entry["fullUrl"]?.stringValue == "\(sandbox.baseURL)fhir/R4/AccessPolicy/\(entry["resource"]?["id"]?.stringValue ?? "")")
            #expect(Self.link(bundle, "self") == "\(sandbox.baseURL)fhir/R4/AccessPolicy?_count=20&_offset=0")
            let clamped = try await client.fetch("fhir/R4/AccessPolicy?_count=5000", auth: admin).json
            #expect(clamped["entry"]?.arrayValue?.count == 25)
            #expect(Self.link(clamped, "self")?.hasSuffix("?_count=1000&_offset=0") == true)
            let zero = try await client.fetch("fhir/R4/AccessPolicy?_count=0&_total=accurate", auth: admin).json
            #expect(zero["entry"] == nil)
            #expect(zero["total"] == 25)
            #expect(zero["link"]?.arrayValue?.count == 1)
            let estimate = try await client.fetch("fhir/R4/AccessPolicy?_total=estimate&_count=1", auth: admin).json
            #expect(estimate["total"] == 25)
        }
    }

    @Test func offsetLimitsAndUnknownParameters() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            try expectOutcome(
                try await client.fetch("fhir/R4/AccessPolicy?_offset=10001", auth: admin), status: 400, code: "invalid",
                text: "Search offset exceeds maximum (got 10001, max 10000)")
            #expect(try await client.fetch("fhir/R4/AccessPolicy?_offset=10000", auth: admin).status == 200)
            for parameter in ["active=true", "admin=true", "foo=bar", "name:exact=x&bogus:exact=y"] {
                let type = parameter.hasPrefix("name") ? "AccessPolicy" : "ProjectMembership"
                let code = parameter.hasPrefix("name") ? "bogus" : String(parameter.prefix { $0 != "=" })
                try expectOutcome(
                    try await client.fetch("fhir/R4/\(type)?\(parameter)", auth: admin), status: 400, code: "invalid",
                    text: "Unknown search parameter: \(code)")
            }
            try expectOutcome(
                try await client.fetch("fhir/R4/AccessPolicy?_sort=nope", auth: admin), status: 400, code: "invalid",
                text: "Unknown search parameter: nope")
            try expectOutcome(
                try await client.fetch("fhir/R4/AccessPolicy?_offset=5&_cursor=2-1", auth: admin), status: 400,
                code: "invalid", text: "Cannot use both offset and cursor")
            try expectOutcome(
                try await client.fetch("fhir/R4/Binary", auth: admin), status: 400, code: "invalid",
                text: "Cannot search on Binary resource type")
        }
    }

    @Test func offsetPagingLinks() async throws {
        try await withSandbox { client, sandbox in
            let admin = try await client.adminBearer()
            try await Self.seedPolicies(client, admin, prefix: "o", count: 7)
            let base = "\(sandbox.baseURL)fhir/R4/AccessPolicy?"
            let first = try await client.fetch("fhir/R4/AccessPolicy?name=o-&_count=3", auth: admin).json
            #expect(Self.names(first) == ["o-000", "o-001", "o-002"])
            #expect(Self.link(first, "self") == base + "_count=3&_offset=0&name=o-")
            #expect(Self.link(first, "first") == base + "_count=3&_offset=0&name=o-")
            #expect(Self.link(first, "next") == base + "_count=3&_offset=3&name=o-")
            #expect(Self.link(first, "previous") == nil)
            var collected = Self.names(first)
            var next = Self.link(first, "next")
            var last = first
            while let url = next {
                last = try await client.fetch(url, auth: admin).json
                collected += Self.names(last)
                next = Self.link(last, "next")
            }
            #expect(collected == (0..<7).map { String(format: "o-%03d", $0) })
            #expect(Self.link(last, "previous") == base + "_count=3&_offset=3&name=o-")
        }
    }

    @Test func cursorPagingWithLastUpdatedSort() async throws {
        try await withSandbox { client, sandbox in
            let admin = try await client.adminBearer()
            try await Self.seedPolicies(client, admin, prefix: "k", count: 45)
            let first = try await client.fetch("fhir/R4/AccessPolicy?_sort=_lastUpdated&_count=20", auth: admin).json
            let next = try #require(Self.link(first, "next"))
            #expect(next.hasPrefix("\(sandbox.baseURL)fhir/R4/AccessPolicy?_count=20&_cursor=2-"))
            #expect(next.hasSuffix("&_sort=_lastUpdated"))
            #expect(Self.link(first, "first") == "\(sandbox.baseURL)fhir/R4/AccessPolicy?_count=20&_sort=_lastUpdated")
            var names = Self.names(first)
            var url: String? = next
            while let current = url {
                let page = try await client.fetch(current, auth: admin).json
                names += Self.names(page)
                url = Self.link(page, "next")
            }
            #expect(names.count == 45)
            #expect(names == names.sorted())
            // Below 20 per page, offsets are used even when sorting by _lastUpdated.
            let small = try await client.fetch("fhir/R4/AccessPolicy?_sort=_lastUpdated&_count=10", auth: admin).json
            #expect(Self.link(small, "next")?.contains("_offset=10") == true)
        }
    }

    @Test func sortingDescendingAndById() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            try await Self.seedPolicies(client, admin, prefix: "s", count: 5)
            let descending = try await client.fetch("fhir/R4/AccessPolicy?_sort=-_lastUpdated", auth: admin).json
            #expect(Self.names(descending) == ["s-004", "s-003", "s-002", "s-001", "s-000"])
            let byName = try await client.fetch("fhir/R4/AccessPolicy?_sort=-name", auth: admin).json
            #expect(Self.names(byName) == ["s-004", "s-003", "s-002", "s-001", "s-000"])
            let byID = try await client.fetch("fhir/R4/AccessPolicy?_sort=_id", auth: admin).json
            let ids = byID["entry"]?.arrayValue?.compactMap { $0["resource"]?["id"]?.stringValue } ?? []
            #expect(ids == ids.sorted())
        }
    }

    @Test func stringModifiers() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            for name in ["Clinician", "clinic-admin", "Senior Clinician"] {
                _ = try await client.create(["resourceType": "AccessPolicy", "name": .string(name)], auth: admin)
            }
            #expect(Self.names(try await client.fetch("fhir/R4/AccessPolicy?name=CLINIC", auth: admin).json) == ["Clinician", "clinic-admin"])
            #expect(Self.names(try await client.fetch("fhir/R4/AccessPolicy?name:exact=Clinician", auth: admin).json) == ["Clinician"])
            #expect(Self.names(try await client.fetch("fhir/R4/AccessPolicy?name:exact=clinician", auth: admin).json) == [])
            #expect(Self.names(try await client.fetch("fhir/R4/AccessPolicy?name:contains=CLINICIAN", auth: admin).json) == ["Clinician", "Senior Clinician"])
            // Comma ORs, repetition ANDs.
            #expect(Self.names(try await client.fetch("fhir/R4/AccessPolicy?name:exact=Clinician,clinic-admin", auth: admin).json) == ["Clinician", "clinic-admin"])
            #expect(Self.names(try await client.fetch("fhir/R4/AccessPolicy?name=clinic&name:contains=admin", auth: admin).json) == ["clinic-admin"])
            // The self link keeps the modifier and encodes the value.
            let link = Self.link(try await client.fetch("fhir/R4/AccessPolicy?name:exact=Senior%20Clinician", auth: admin).json, "self")
            #expect(link?.hasSuffix("?_count=20&_offset=0&name:exact=Senior%20Clinician") == true)
        }
    }

    @Test func tokenAndIdSearch() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            let a = try await client.create(["resourceType": "Practitioner", "active": true, "identifier": [["system": "https://plumbline.dev/managed", "value": "a"]]], auth: admin)
            let b = try await client.create(["resourceType": "Practitioner", "active": false, "identifier": [["value": "a"]]], auth: admin)
            func ids(_ query: String) async throws -> [String] {
                try await client.fetch("fhir/R4/Practitioner?\(query)", auth: admin).json["entry"]?.arrayValue?
                    .compactMap { $0["resource"]?["id"]?.stringValue } ?? []
            }
            let idA = try #require(a["id"]?.stringValue)
            let idB = try #require(b["id"]?.stringValue)
            #expect(try await ids("identifier=https://plumbline.dev/managed|a") == [idA])
            #expect(try await ids("identifier=https://plumbline.dev/managed|") == [idA])
            #expect(try await ids("identifier=|a") == [idB])
            #expect(try await ids("identifier=a") == [idA, idB])
            #expect(try await ids("_id=\(idB),\(idA)") == [idA, idB])
            #expect(try await ids("_id=not-a-uuid") == [])
            #expect(try await ids("active=true&_id=\(idB)") == [])
            #expect(try await ids("active=false") == [idB])
            // AccessPolicy and ClientApplication have no identifier in Medplum 5.0.10: use _tag.
            try expectOutcome(
                try await client.fetch("fhir/R4/ClientApplication?identifier=x", auth: admin), status: 400,
                code: "invalid", text: "Unknown search parameter: identifier")
            let tagged = try await client.create(
                ["resourceType": "AccessPolicy", "meta": ["tag": [["system": "https://plumbline.dev/managed", "code": "p"]]]],
                auth: admin)
            let found = try await client.fetch("fhir/R4/AccessPolicy?_tag=https://plumbline.dev/managed|p", auth: admin).json
            #expect(found["entry"]?.arrayValue?.first?["resource"]?["id"] == tagged["id"])
        }
    }

    @Test func membershipAndUserParameters() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            let policy = try await client.create(["resourceType": "AccessPolicy", "name": "p"], auth: admin)
            let policyReference = "AccessPolicy/\(policy["id"]?.stringValue ?? "")"
            let invited = try await client.send(
                "POST", "admin/projects/\(client.credentials.projectId)/invite",
                json: ["resourceType": "Patient", "firstName": "Q", "lastName": "R", "email": "qr@example.org", "sendEmail": false,
                       "membership": ["userName": "qr", "externalId": "ext-qr", "access": [["policy": .reference(policyReference)]],
                                      "identifier": [["system": "urn:m", "value": "qr"]]]],
                auth: admin, contentType: "application/json").json
            let id = try #require(invited["id"]?.stringValue)
            let user = try #require(invited["user"]?.referenceString)
            let profile = try #require(invited["profile"]?.referenceString)
            for query in [
                "user=\(user)", "profile=\(profile)", "project=Project/\(client.credentials.projectId)&profile-type=Patient",
                "access-policy=\(policyReference)", "external-id=ext-qr", "user-name:exact=qr", "identifier=urn:m|qr",
                "profile-type=Patient", "_project=\(client.credentials.projectId)&user-name=q",
            ] {
                let found = try await client.fetch("fhir/R4/ProjectMembership?\(query)", auth: admin).json
                let ids = found["entry"]?.arrayValue?.compactMap { $0["resource"]?["id"]?.stringValue }
                #expect(ids == [id], "\(query)")
            }
            var membership = invited
            membership["access"] = nil
            membership["accessPolicy"] = .reference(policyReference)
            _ = try await client.send("PUT", "fhir/R4/ProjectMembership/\(id)", json: membership, auth: admin)
            #expect(try await client.fetch("fhir/R4/ProjectMembership?access-policy=\(policyReference)", auth: admin).json["entry"]?.arrayValue?.count == 1)
            let userID = try #require(StoreState.split(user)?.1)
            for query in ["email=QR@", "email:exact=qr@example.org", "project=Project/\(client.credentials.projectId)"] {
                let found = try await client.fetch("fhir/R4/User?\(query)", auth: admin).json
                #expect(found["entry"]?.arrayValue?.compactMap { $0["resource"]?["id"]?.stringValue } == [userID], "\(query)")
            }
            // Chained: memberships whose user has this email.
            let chained = try await client.fetch("fhir/R4/ProjectMembership?user:User.email:exact=qr@example.org", auth: admin).json
            #expect(chained["entry"]?.arrayValue?.count == 1)
            // _include brings the profile along.
            let included = try await client.fetch("fhir/R4/ProjectMembership?_id=\(id)&_include=ProjectMembership:profile", auth: admin).json
            let modes = included["entry"]?.arrayValue?.compactMap { $0["search"]?["mode"]?.stringValue }
            #expect(modes == ["match", "include"])
        }
    }

    @Test func postSearchTakesAFormBody() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            _ = try await client.create(["resourceType": "AccessPolicy", "name": "form-found"], auth: admin)
            let answer = try await client.send(
                "POST", "fhir/R4/AccessPolicy/_search",
                headers: ["Authorization": admin, "Content-Type": "application/x-www-form-urlencoded"],
                body: Data("name=form-&_count=5".utf8))
            #expect(answer.status == 200)
            #expect(Self.names(try answer.json) == ["form-found"])
        }
    }

    @Test func superAdminSeesEveryProjectAndAdminsOnlyTheirs() async throws {
        try await withSandbox { client, _ in
            let admin = try await client.adminBearer()
            let superAdmin = try await client.superAdminBearer()
            let own = try await client.fetch("fhir/R4/Project", auth: admin).json
            #expect(own["entry"]?.arrayValue?.count == 1)
            let all = try await client.fetch("fhir/R4/Project", auth: superAdmin).json
            #expect(all["entry"]?.arrayValue?.count == 2)
            // Server-scoped Users are invisible to project admins.
            #expect(try await client.fetch("fhir/R4/User?email=owner@", auth: admin).json["entry"]?.arrayValue?.count == 0)
            #expect(try await client.fetch("fhir/R4/User?email=owner@", auth: superAdmin).json["entry"]?.arrayValue?.count == 1)
        }
    }

    @Test func localeOrderMatchesJavaScript() {
        let sorted = ["name=a", "_sort=x", "_count=1", "_cursor=2-1", "name:exact=b", "Alpha=1", "_offset=0"]
            .sorted(by: LocaleOrder.precedes)
        #expect(sorted == ["_count=1", "_cursor=2-1", "_offset=0", "_sort=x", "Alpha=1", "name:exact=b", "name=a"])
    }
}
