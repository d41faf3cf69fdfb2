import Foundation
import PlumblineCore

/// The project `--sandbox` starts with: everything the manifests declare already in place and
/// managed, plus what a real installation accumulates, so one run shows every feature (issue 10):
/// - drift: a policy widened and a person made project admin in the Medplum console, a member's
///   Stytch roles edited in the Stytch console;
/// - a new hire not yet provisioned (the last active person);
/// - an offboarded person (`active: false`) whose membership and member are still active and who
///   is still signed in;
/// - an unmanaged contractor added through both consoles, signed in too;
/// - stale sessions: one person over the concurrent limit, with an over-age and an idle session.
public struct DemoFixture: Sendable {
    public let medplumSeed: Data
    public let stytchSeed: Data

    /// The contractor added behind plumbline's back.
    public static let contractor = "temp.contractor"

    public init(manifests: ManifestSet, projectId: String, now: Date) {
        let today = Self.calendarDate(now)
        let (medplum, _) = MedplumDesiredStateBuilder.build(from: manifests, today: today)
        let stytch = StytchDesiredStateBuilder.build(from: manifests, today: today)
        let offboarded = Set(manifests.users.filter { MedplumDesiredStateBuilder.inactiveReason(of: $0, today: today) != nil }.map(\.key))
        let active = medplum.memberships.filter(\.active).map(\.email)
        let newHire = active.last
        let promoted = active.dropFirst().first
        let crowded = active.dropFirst(2).first
        let contractorDomain = manifests.organizations.first?.emailAllowedDomains?.first?.value ?? "example.org"
        medplumSeed = Self.medplumSeed(
            medplum, projectId: projectId, now: now, skip: Set([newHire].compactMap { $0 }), promoted: promoted,
            offboarded: offboarded, contractor: "\(Self.contractor)@\(contractorDomain)"
        )
        // Someone without front-desk gets it in the Stytch console.
        let edited = stytch.members.first { $0.active && !$0.roles.contains("front-desk") && $0.email != newHire && $0.email != crowded }?.email
        stytchSeed = Self.stytchSeed(
            stytch, now: now, skip: Set([newHire].compactMap { $0 }), offboarded: offboarded, crowded: crowded,
            edited: edited, contractor: "\(Self.contractor)@\(contractorDomain)"
        )
    }

    static func calendarDate(_ date: Date) -> CalendarDate {
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(secondsFromGMT: 0) ?? .current, from: date)
        return CalendarDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
    }

    // MARK: Medplum

    static func medplumSeed(
        _ desired: MedplumDesiredState, projectId: String, now: Date, skip: Set<String>, promoted: String?,
        offboarded: Set<String>, contractor: String
    ) -> Data {
        var resources: [JSONValue] = []
        var policyIds: [String: String] = [:]
        for (index, policy) in desired.policies.enumerated() {
            let id = ScaleFixture.id(11, index)
            policyIds[policy.name] = id
            var grants = policy.grants.map(\.medplumJSON)
            // Drift: someone widened the last policy in the console.
            if index == desired.policies.count - 1, var first = grants.first {
                first["interaction"] = .array(FHIRInteraction.allCases.map { .string($0.rawValue) })
                grants[0] = first
            }
            resources.append([
                "resourceType": "AccessPolicy", "id": .string(id), "name": .string(policy.name),
                "meta": ["tag": [["system": .string(ManagedMarker.system), "code": .string(policy.name)]]],
                "resource": .array(grants),
            ])
        }
        for (index, person) in desired.memberships.enumerated() where !skip.contains(person.email) {
            let active = person.active || offboarded.contains(person.email)
            resources += member(
                index: index, email: person.email, first: person.firstName, last: person.lastName, projectId: projectId,
                profile: person.profileType.rawValue, policies: person.policyNames.compactMap { policyIds[$0] },
                admin: person.admin || person.email == promoted, active: active, managed: true, now: now
            )
        }
        for (index, client) in desired.clients.enumerated() {
            resources += application(client, index: index, projectId: projectId, policyId: client.policyName.flatMap { policyIds[$0] })
        }
        resources += member(
            index: 900, email: contractor, first: "Temp", last: "Contractor", projectId: projectId, profile: "Practitioner",
            policies: Array(policyIds.values.sorted().prefix(1)), admin: false, active: true, managed: false, now: now
        )
        return JSONValue.object(["resources": .array(resources)]).encoded()
    }

    /// A managed ClientApplication as declared, with its membership.
    static func application(_ client: DesiredClient, index: Int, projectId: String, policyId: String?) -> [JSONValue] {
        let id = ScaleFixture.id(15, index)
        var application: JSONValue = [
            "resourceType": "ClientApplication", "id": .string(id), "name": .string(client.name),
            "secret": .string(String(repeating: "d", count: 64)),
            "meta": ["tag": [["system": .string(ManagedMarker.system), "code": .string(client.name)]]],
        ]
        if let description = client.description { application["description"] = .string(description) }
        if !client.allowedOrigins.isEmpty { application["allowedOrigin"] = .array(client.allowedOrigins.map(JSONValue.string)) }
        if !client.redirectUris.isEmpty { application["redirectUris"] = .array(client.redirectUris.map(JSONValue.string)) }
        var membership: JSONValue = [
            "resourceType": "ProjectMembership", "id": .string(ScaleFixture.id(16, index)),
            "project": ["reference": .string("Project/\(projectId)")],
            "user": ["reference": .string("ClientApplication/\(id)"), "display": .string(client.name)],
            "profile": ["reference": .string("ClientApplication/\(id)"), "display": .string(client.name)],
        ]
        if let policyId { membership["accessPolicy"] = ["reference": .string("AccessPolicy/\(policyId)")] }
        return [application, membership]
    }

    /// A human's User, Practitioner and membership, and a Login a few hours old.
    static func member(
        index: Int, email: String, first: String, last: String, projectId: String, profile: String, policies: [String],
        admin: Bool, active: Bool, managed: Bool, now: Date
    ) -> [JSONValue] {
        let user = ScaleFixture.id(12, index), practitioner = ScaleFixture.id(13, index), membership = ScaleFixture.id(14, index)
        var resource: JSONValue = [
            "resourceType": "ProjectMembership", "id": .string(membership),
            "project": ["reference": .string("Project/\(projectId)")],
            "user": ["reference": .string("User/\(user)"), "display": .string(email)],
            "profile": ["reference": .string("\(profile)/\(practitioner)"), "display": .string("\(first) \(last)")],
            "access": .array(policies.map { ["policy": ["reference": .string("AccessPolicy/\($0)")]] }),
            "admin": .bool(admin), "active": .bool(active),
        ]
        if managed { resource["identifier"] = [["system": .string(ManagedMarker.system), "value": .string(email)]] }
        return [
            ["resourceType": "User", "id": .string(user), "firstName": .string(first), "lastName": .string(last), "email": .string(email)],
            ["resourceType": .string(profile), "id": .string(practitioner), "name": [["given": [.string(first)], "family": .string(last)]]],
            resource,
            [
                "resourceType": "Login", "authMethod": "password", "granted": true,
                "authTime": .string(iso(now.addingTimeInterval(-3 * 3_600))),
                "user": ["reference": .string("User/\(user)")], "membership": ["reference": .string("ProjectMembership/\(membership)")],
            ],
        ]
    }

    // MARK: Stytch

    static func stytchSeed(
        _ desired: StytchDesiredState, now: Date, skip: Set<String>, offboarded: Set<String>, crowded: String?,
        edited: String?, contractor: String
    ) -> Data {
        let organizations: [JSONValue] = desired.organizations.enumerated().map { index, organization in
            var members: [JSONValue] = desired.members.filter { $0.slug == organization.slug && !skip.contains($0.email) }.map { member in
                let live = member.active || offboarded.contains(member.email)
                var roles = member.roles
                if member.email == edited { roles.append("front-desk") }
                return [
                    "email_address": .string(member.email), "name": .string(member.name),
                    "roles": .array(Array(Set(roles)).sorted().map(JSONValue.string)),
                    "trusted_metadata": ["plumbline": ["managed": true]],
                    "status": live ? "active" : "deleted",
                    "sessions": .array(sessions(for: member.email, crowded: crowded, offboarded: offboarded, now: now)),
                ]
            }
            if index == 0 {
                members.append([
                    "email_address": .string(contractor), "name": "Temp Contractor", "roles": ["clinician"], "status": "active",
                    "sessions": [session(started: 2, accessed: 0.1, now: now)],
                ])
            }
            var json: [String: JSONValue] = organization.settings
            json["organization_name"] = .string(organization.name)
            json["organization_slug"] = .string(organization.slug)
            json["trusted_metadata"] = ["plumbline": ["managed": true]]
            json["members"] = .array(members)
            return .object(json)
        }
        return JSONValue.object(["organizations": .array(organizations)]).encoded()
    }

    static func sessions(for email: String, crowded: String?, offboarded: Set<String>, now: Date) -> [JSONValue] {
        if offboarded.contains(email) { return [session(started: 1, accessed: 0.2, now: now)] }
        guard email == crowded else { return [session(started: 1, accessed: 0.05, now: now)] }
        // Four sessions against a limit of three: one over-age, one idle.
        return [
            session(started: 20, accessed: 0.5, now: now), session(started: 5, accessed: 2, now: now),
            session(started: 2, accessed: 0.1, now: now), session(started: 1, accessed: 0.05, now: now),
        ]
    }

    /// A session started and last used `started` and `accessed` hours ago, lasting a day.
    static func session(started: Double, accessed: Double, now: Date) -> JSONValue {
        [
            "started_at": .string(iso(now.addingTimeInterval(-started * 3_600))),
            "last_accessed_at": .string(iso(now.addingTimeInterval(-accessed * 3_600))),
            "expires_at": .string(iso(now.addingTimeInterval(24 * 3_600))),
        ]
    }

    static func iso(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: date)
    }
}
