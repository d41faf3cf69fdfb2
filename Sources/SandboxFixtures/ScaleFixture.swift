import Foundation
import PlumblineCore

/// A project of `people` people at scale, as manifests and as matching sandbox seeds, so a plan
/// over it has no change: what request-count tests and the benchmarks measure. Person `i` belongs
/// to organization `i % organizations` and holds role `i % policies`, whose Medplum grant is the
/// policy of the same number and whose Stytch role is one of the sandbox's default custom roles.
public struct ScaleFixture: Sendable {
    public let people: Int
    public let organizations: Int
    public let policies: Int
    /// Whether the manifests also declare the Stytch side: organizations, members, a session policy.
    public let stytch: Bool
    /// People whose declared role moves to the next one, as a change to apply: a membership update
    /// in Medplum and a member update in Stytch each.
    public let changed: Set<Int>

    public init(people: Int, organizations: Int = 4, policies: Int = 3, stytch: Bool = false, changed: Set<Int> = []) {
        self.people = people
        self.organizations = max(1, organizations)
        self.policies = max(1, policies)
        self.stytch = stytch
        self.changed = changed
    }

    /// The same project with every `stride`th person's role changed (stride 100 changes 1%).
    public func changing(every stride: Int) -> ScaleFixture {
        ScaleFixture(
            people: people, organizations: organizations, policies: policies, stytch: stytch,
            changed: Set(Swift.stride(from: 0, to: people, by: max(1, stride)))
        )
    }

    /// A fixed UUID per (kind, index), so seeds can reference each other.
    public static func id(_ kind: Int, _ index: Int) -> String {
        String(format: "%08x-0000-4000-8000-%012x", kind, index)
    }

    /// The id the seed gives policy `index`.
    public static func policyId(_ index: Int) -> String { id(1, index) }

    /// The custom roles of the Stytch sandbox's default RBAC policy, given out in turn.
    static let stytchRoles = ["clinician", "nurse", "front-desk"]

    public func email(_ index: Int) -> String { "person\(index)@org\(index % organizations).example.org" }
    public func slug(_ index: Int) -> String { "org-\(index % organizations)" }
    public func role(_ index: Int) -> String { "role-\(index % policies)" }
    public func policy(_ index: Int) -> String { "policy-\(index)" }
    /// The role person `index` is declared with: the next one when they are among `changed`.
    func declaredRole(_ index: Int) -> String { changed.contains(index) ? "role-\((index + 1) % policies)" : role(index) }

    /// Manifest files (relative path → text) with a `sandbox` environment.
    public var manifestFiles: [String: String] {
        var files = ["environment.yaml": environment]
        files["policies.yaml"] = (0..<policies).map { index in
            "kind: AccessPolicy\nname: \(policy(index))\nresources:\n  - resourceType: Patient\n    interactions: [read, search]\n"
        }.joined(separator: "---\n")
        files["roles.yaml"] = (0..<policies).map { index in
            let stytchRoles = stytch ? "stytch: { roles: [\(Self.stytchRoles[index % Self.stytchRoles.count])] }\n" : ""
            return "kind: Role\nname: role-\(index)\n\(stytchRoles)medplum: { profileType: Practitioner, accessPolicies: [\(policy(index))] }\n"
        }.joined(separator: "---\n")
        files["people.yaml"] = (0..<people).map { index in
            let organizations = stytch ? "organizations: [\(slug(index))]\n" : ""
            return "kind: User\nemail: \(email(index))\nfirstName: Person\nlastName: P\(index)\n\(organizations)roles: [\(declaredRole(index))]\n"
        }.joined(separator: "---\n")
        if stytch {
            files["organizations.yaml"] = (0..<organizations).map { index in
                "kind: Organization\nname: Organization \(index)\nslug: org-\(index)\nemailAllowedDomains: [org\(index).example.org]\n"
            }.joined(separator: "---\n")
            files["session-policy.yaml"] = "kind: SessionPolicy\nname: default\nmaxAge: 12h\nidleTimeout: 30m\nmaxConcurrent: 3\nonViolation: report\n"
        }
        return files
    }

    private var environment: String {
        var text = """
            kind: Environment
            name: sandbox
            medplum:
              baseUrl: ${env:MEDPLUM_BASE_URL}
              projectId: ${env:MEDPLUM_PROJECT_ID}
              clientId: ${env:MEDPLUM_CLIENT_ID}
              clientSecret: ${env:MEDPLUM_CLIENT_SECRET}
              sendInviteEmail: false

            """
        if stytch {
            text += """
                stytch:
                  baseUrl: ${env:STYTCH_BASE_URL}
                  projectId: ${env:STYTCH_PROJECT_ID}
                  secret: ${env:STYTCH_SECRET}
                sessionPolicy: default

                """
        }
        return text
    }

    /// The Medplum seed (`{"resources": [...]}`) of the same project, every object managed and in
    /// its undeclared state: person `i` holds policy `i % policies`.
    public func medplumSeed(projectId: String) -> Data {
        var resources: [JSONValue] = (0..<policies).map { index in
            [
                "resourceType": "AccessPolicy", "id": .string(Self.policyId(index)), "name": .string(policy(index)),
                "meta": ["tag": [["system": .string(ManagedMarker.system), "code": .string(policy(index))]]],
                "resource": [["resourceType": "Patient", "interaction": ["read", "search"]]],
            ]
        }
        for index in 0..<people {
            let user = Self.id(2, index), profile = Self.id(3, index)
            resources.append(["resourceType": "User", "id": .string(user), "firstName": "Person", "lastName": .string("P\(index)"), "email": .string(email(index))])
            resources.append(["resourceType": "Practitioner", "id": .string(profile), "name": [["given": ["Person"], "family": .string("P\(index)")]]])
            resources.append([
                "resourceType": "ProjectMembership", "id": .string(Self.id(4, index)),
                "project": ["reference": .string("Project/\(projectId)")],
                "user": ["reference": .string("User/\(user)"), "display": .string(email(index))],
                "profile": ["reference": .string("Practitioner/\(profile)"), "display": .string("Person P\(index)")],
                "identifier": [["system": .string(ManagedMarker.system), "value": .string(email(index))]],
                "access": [["policy": ["reference": .string("AccessPolicy/\(Self.policyId(index % policies))")]]],
            ])
        }
        return JSONValue.object(["resources": .array(resources)]).encoded()
    }

    /// The Stytch seed of the same project: every organization and member managed, member `i` with
    /// the Stytch role of role `i % policies` and one live session started an hour before `now`.
    public func stytchSeed(now: Date) -> Data { stytchSeed(now: now, members: true) }

    /// With `members: false`, the organizations only: an apply then creates every member.
    public func stytchSeed(now: Date, members withMembers: Bool) -> Data {
        var members: [[JSONValue]] = Array(repeating: [], count: organizations)
        for index in 0..<(withMembers ? people : 0) {
            members[index % organizations].append([
                "email_address": .string(email(index)), "name": .string("Person P\(index)"),
                "roles": [.string(Self.stytchRoles[index % policies % Self.stytchRoles.count])],
                "trusted_metadata": ["plumbline": ["managed": true]],
                "sessions": [DemoFixture.session(started: 1, accessed: 0.05, now: now)],
            ])
        }
        let organizations: [JSONValue] = members.enumerated().map { index, members in
            [
                "organization_name": .string("Organization \(index)"), "organization_slug": .string("org-\(index)"),
                "email_allowed_domains": [.string("org\(index).example.org")],
                "trusted_metadata": ["plumbline": ["managed": true]],
                "members": .array(members),
            ]
        }
        return JSONValue.object(["organizations": .array(organizations)]).encoded()
    }
}
