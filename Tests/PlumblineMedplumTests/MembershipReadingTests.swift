import Foundation
import PlumblineCore
@testable import PlumblineMedplum
import PlumblineTestSupport
import Testing

/// Memberships are read straight from a search page's bytes, with no JSON tree: every field
/// plumbline uses, and what the page leaves out or repeats.
@Suite("Reading memberships from a search page", .tags(.small))
struct MembershipReadingTests {
    static let alice = #"""
        {"resourceType": "ProjectMembership", "id": "m-alice",
         "meta": {"versionId": "4", "lastUpdated": "2026-11-02T10:00:00.000Z", "author": {"reference": "ClientApplication/c", "display": "plumbline"}},
         "project": {"reference": "Project/p"},
         "user": {"reference": "User/u-alice", "display": "Alice@Eastside.Example.org"},
         "profile": {"reference": "Practitioner/pr-alice", "display": "Alice Doe"},
         "accessPolicy": {"reference": "AccessPolicy/clinician"},
         "access": [{"policy": {"reference": "AccessPolicy/auditor"}, "parameter": [{"name": "org", "valueString": "x"}]}, {"policy": {}}],
         "identifier": [{"system": "urn:other", "value": "no"}, {"system": "https://plumbline.dev/managed", "value": "alice@eastside.example.org"}],
         "admin": true, "active": false}
        """#
    static let bob = #"{"resourceType":"ProjectMembership","id":"m-bob","user":{"reference":"User/u-bob"},"profile":{"reference":"Patient/pa-bob"}}"#

    static func page(_ entries: [String], links: String = #"[{"relation": "self", "url": "https://m/fhir/R4/ProjectMembership"}]"#) -> Data {
        let entries = entries.map { #"{"fullUrl": "https://m/x", "resource": \#($0), "search": {"mode": "match"}}"# }
        return Data(#"{"resourceType": "Bundle", "type": "searchset", "entry": [\#(entries.joined(separator: ",\n"))], "link": \#(links)}"#.utf8)
    }

    static func read(_ page: Data) throws -> SearchPage<LiveMembership> {
        try SearchPage(scanning: page, reading: LiveMapping.membership(from:))
    }

    @Test func everyFieldPlumblineUsesIsRead() throws {
        let page = try Self.read(Self.page([Self.alice, Self.bob]))
        #expect(page.entries.map(\.resource) == [
            LiveMembership(
                id: "m-alice", version: "4", userReference: "User/u-alice", email: "alice@eastside.example.org",
                profileReference: "Practitioner/pr-alice", profileType: "Practitioner", policyIds: ["clinician", "auditor"],
                usesAccessList: true, admin: true, active: false, managedKey: "alice@eastside.example.org",
                lastChange: LastChange(author: "plumbline", at: InternetTimestamp.parse("2026-11-02T10:00:00.000Z"), authorReference: "ClientApplication/c"),
                profileDisplay: "Alice Doe"
            ),
            LiveMembership(
                id: "m-bob", version: "", userReference: "User/u-bob", email: nil, profileReference: "Patient/pa-bob", profileType: "Patient",
                policyIds: [], usesAccessList: true, admin: false, active: true, managedKey: nil
            ),
        ])
    }

    /// Each membership is kept with the very bytes the server sent, to be written back whole.
    @Test func eachMembershipComesWithTheBytesSent() throws {
        let page = try Self.read(Self.page([Self.alice, Self.bob]))
        #expect(page.entries.map { String(decoding: $0.sent, as: UTF8.self) } == [Self.alice, Self.bob])
    }

    @Test func theLinksAreKeptForPaging() throws {
        let links = #"[{"relation": "next", "url": "https://m/fhir/R4/ProjectMembership?_cursor=2"}]"#
        #expect(try Self.read(Self.page([Self.bob], links: links)).links == [["relation": "next", "url": "https://m/fhir/R4/ProjectMembership?_cursor=2"]])
    }

    /// A membership without an id, a user or a profile is not one plumbline can act on; an entry
    /// without a resource (or with an OperationOutcome) is not a membership.
    @Test func entriesThatAreNotUsableMembershipsAreLeftOut() throws {
        let page = try Self.read(Self.page([
            #"{"resourceType": "ProjectMembership", "user": {"reference": "User/x"}, "profile": {"reference": "Practitioner/x"}}"#,
            #"{"resourceType": "ProjectMembership", "id": "no-user", "profile": {"reference": "Practitioner/x"}}"#,
            #"{"resourceType": "ProjectMembership", "id": "bad-user", "user": "User/x", "profile": {"reference": "Practitioner/x"}}"#,
            #"{"resourceType": "OperationOutcome", "issue": [{"severity": "warning", "code": "informational"}]}"#,
            Self.bob,
        ]))
        #expect(page.entries.map(\.resource.id) == ["m-bob"])
    }

    /// Only the first marker identifier counts, and the last of a repeated member, as when the
    /// membership was parsed into a tree.
    @Test func markersAndRepeatedMembersReadAsInAParsedMembership() throws {
        let text = #"""
            {"id": "m-x", "id": "m-y", "user": {"reference": "User/1"}, "profile": {"reference": "Practitioner/1"},
             "meta": {"versionId": "1"}, "meta": {"lastUpdated": "2026-01-01T00:00:00Z"},
             "identifier": [{"system": "https://plumbline.dev/managed"}, {"system": "https://plumbline.dev/managed", "value": "second"}],
             "admin": "yes"}
            """#
        let membership = try #require(try Self.read(Self.page([text])).entries.first?.resource)
        #expect(membership.id == "m-y")
        #expect(membership.version == "", "the second meta has no versionId")
        #expect(membership.lastChange.at == InternetTimestamp.parse("2026-01-01T00:00:00Z"))
        #expect(membership.managedKey == nil, "the first marker identifier has no value")
        #expect(membership.admin == false, "admin is not a boolean")
        #expect(LiveMapping.membership(try JSONValue.parse(Data(text.utf8))) == membership, "a parsed membership reads the same")
    }

    @Test func aPageThatIsNotJSONIsRefused() {
        #expect(throws: (any Error).self) { try Self.read(Data(#"{"entry": [{"resource": {"id": "m"}}"#.utf8)) }
        #expect(throws: (any Error).self) { try Self.read(Self.page([#"{"id": "m", "note": "bad \escape"}"#])) }
    }
}
