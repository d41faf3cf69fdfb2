import Foundation

/// Builds a member's effective access policy the way `getAccessPolicyForLogin` does in 5.0.10.
extension StoreState {
    /// The error Medplum gives when a membership names a policy it cannot read.
    static let invalidPolicyConfiguration = Outcome.badRequest(
        "Cannot authenticate: Invalid access policy configuration. Please contact your administrator to update your project membership."
    )

    /// The effective policy of `membership` in `project`.
    func accessPolicy(membership: JSON, project: JSON) throws(Outcome) -> AccessPolicyRules {
        var access: [JSON] = []
        if let policy = membership["accessPolicy"] { access.append(["policy": policy]) }
        access.append(contentsOf: membership["access"]?.arrayValue ?? [])
        let profile = membership["profile"]?.referenceString ?? ""

        var resourceJSON: [JSON] = []
        var compartment: JSON?
        var ipRules: [JSON] = []
        for entry in access {
            let policy = try resolvedPolicy(entry, profile: profile)
            if let policyCompartment = policy["compartment"] { compartment = policyCompartment }
            for var resource in policy["resource"]?.arrayValue ?? [] {
                if resource["interaction"] == nil, resource["readonly"]?.boolValue == true {
                    resource["interaction"] = ["search", "read", "history", "vread"]
                }
                resourceJSON.append(resource)
            }
            ipRules.append(contentsOf: policy["ipAccessRule"]?.arrayValue ?? [])
        }
        if access.isEmpty {
            // Legacy behaviour of a membership without any policy: everything but admin types.
            resourceJSON.append(["resourceType": "*"])
        }
        for defaultType in ["SearchParameter", "StructureDefinition"]
        where !resourceJSON.contains(where: { $0["resourceType"]?.stringValue == defaultType }) {
            resourceJSON.append(["resourceType": .string(defaultType), "readonly": true])
        }
        resourceJSON = Self.applyProjectAdminRules(resourceJSON, membership: membership, project: project)

        var json: JSONObject = [
            "resourceType": "AccessPolicy",
            "basedOn": .array(access.compactMap { $0["policy"] }),
        ]
        if let compartment { json["compartment"] = compartment }
        json["resource"] = .array(resourceJSON)
        if !ipRules.isEmpty { json["ipAccessRule"] = .array(ipRules) }
        return AccessPolicyRules(entries: resourceJSON.compactMap(AccessPolicyRules.entry), json: .object(json))
    }

    /// One policy of `membership.access[]` (or `accessPolicy`), with `%profile`, `%patient` and
    /// the entry's parameters substituted textually.
    private func resolvedPolicy(_ access: JSON, profile: String) throws(Outcome) -> JSON {
        guard let reference = access["policy"]?.referenceString, let policy = resolve(reference),
            policy["resourceType"]?.stringValue == "AccessPolicy"
        else {
            throw Self.invalidPolicyConfiguration
        }
        var parameters: [(name: String, value: JSON)] = (access["parameter"]?.arrayValue ?? []).compactMap { parameter in
            guard let name = parameter["name"]?.stringValue else { return nil }
            return (name, parameter["valueString"] ?? parameter["valueReference"] ?? .null)
        }
        parameters.append(("profile", .reference(profile)))
        if !parameters.contains(where: { $0.name == "patient" }) { parameters.append(("patient", .reference(profile))) }
        var text = JSONWriter.string(policy)
        for (name, value) in parameters {
            if let string = value.stringValue {
                text = text.replacingOccurrences(of: "%\(name)", with: string)
            } else if let reference = value.referenceString {
                let id = reference.split(separator: "/").last.map(String.init) ?? reference
                text = text.replacingOccurrences(of: "%\(name).id", with: id)
                text = text.replacingOccurrences(of: "%\(name)", with: reference)
            }
        }
        return (try? JSONParser.parse(text)) ?? policy
    }

    /// Super admins gain the project-admin types; project admins get Medplum's fixed rules for them
    /// (contract 4.6); everyone else loses them.
    private static func applyProjectAdminRules(_ entries: [JSON], membership: JSON, project: JSON) -> [JSON] {
        if project["superAdmin"]?.boolValue == true {
            var result = entries
            for type in ["Project", "ProjectMembership", "User", "UserSecurityRequest"]
            where !result.contains(where: { $0["resourceType"]?.stringValue == type }) {
                result.append(["resourceType": .string(type)])
            }
            return result
        }
        var result = entries.filter { entry in
            !ResourceTypes.projectAdmin.contains(entry["resourceType"]?.stringValue ?? "")
        }
        guard membership["admin"]?.boolValue == true else { return result }
        let projectID = membership["project"]?.referenceString.map { String($0.dropFirst("Project/".count)) } ?? ""
        let projectFields: JSONObject = [
            "readonlyFields": ["features", "link", "systemSetting"],
            "hiddenFields": ["superAdmin", "systemSecret", "strictMode"],
        ]
        var readAll = projectFields
        readAll["interaction"] = ["read", "vread", "history", "search"]
        var ownProject = projectFields
        ownProject["criteria"] = .string("Project?_id=\(projectID)")
        ownProject["interaction"] = ["read", "vread", "update", "history", "create", "search"]
        result.append(.object(JSONObject([JSONMember(key: "resourceType", value: "Project")] + readAll.members)))
        result.append(.object(JSONObject([JSONMember(key: "resourceType", value: "Project")] + ownProject.members)))
        result.append([
            "resourceType": "ProjectMembership",
            "criteria": .string("ProjectMembership?_project=\(projectID)"),
            "readonlyFields": ["project", "user"],
        ])
        result.append([
            "resourceType": "UserSecurityRequest",
            "criteria": .string("UserSecurityRequest?_project=\(projectID)"),
            "readonly": true,
            "interaction": ["search", "read", "history", "vread"],
        ])
        result.append([
            "resourceType": "User",
            "criteria": .string("User?_project=\(projectID)"),
            "hiddenFields": ["passwordHash", "mfaSecret"],
            "readonlyFields": ["email", "emailVerified", "mfaEnrolled", "project"],
        ])
        return result
    }
}
