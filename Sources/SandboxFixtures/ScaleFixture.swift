import Foundation
import PlumblineCore

/// A project of `people` people at scale, as manifests and as a matching sandbox seed, so a plan
/// over it has no change: what request-count tests and the benchmarks measure. Person `i` holds
/// role `i % policies`, whose Medplum grant is the policy of the same number.
public struct ScaleFixture: Sendable {
    public let people: Int
    public let organizations: Int
    public let policies: Int

    public init(people: Int, organizations: Int = 4, policies: Int = 3) {
        self.people = people
        self.organizations = organizations
        self.policies = max(1, policies)
    }

    /// A fixed UUID per (kind, index), so seeds can reference each other.
    public static func id(_ kind: Int, _ index: Int) -> String {
        String(format: "%08x-0000-4000-8000-%012x", kind, index)
    }

    /// The id the seed gives policy `index`.
    public static func policyId(_ index: Int) -> String { id(1, index) }

    public func email(_ index: Int) -> String { "person\(index)@org\(index % organizations).example.org" }
    public func role(_ index: Int) -> String { "role-\(index % policies)" }
    public func policy(_ index: Int) -> String { "policy-\(index)" }

    /// Manifest files (relative path → text) with a Medplum-only `sandbox` environment.
    public var manifestFiles: [String: String] {
        var files: [String: String] = [
            "environment.yaml": """
                kind: Environment
                name: sandbox
                medplum:
                  baseUrl: ${env:MEDPLUM_BASE_URL}
                  projectId: ${env:MEDPLUM_PROJECT_ID}
                  clientId: ${env:MEDPLUM_CLIENT_ID}
                  clientSecret: ${env:MEDPLUM_CLIENT_SECRET}
                  sendInviteEmail: false
                """,
        ]
        files["policies.yaml"] = (0..<policies).map { index in
            "kind: AccessPolicy\nname: \(policy(index))\nresources:\n  - resourceType: Patient\n    interactions: [read, search]\n"
        }.joined(separator: "---\n")
        files["roles.yaml"] = (0..<policies).map { index in
            "kind: Role\nname: role-\(index)\nmedplum: { profileType: Practitioner, accessPolicies: [\(policy(index))] }\n"
        }.joined(separator: "---\n")
        files["people.yaml"] = (0..<people).map { index in
            "kind: User\nemail: \(email(index))\nfirstName: Person\nlastName: P\(index)\nroles: [\(role(index))]\n"
        }.joined(separator: "---\n")
        return files
    }

    /// The Medplum seed (`{"resources": [...]}`) of the same project, every object managed.
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
}
