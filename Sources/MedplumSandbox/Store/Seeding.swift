import Foundation

/// What a fresh sandbox holds before anyone calls it (first start of an empty state only):
///
/// - a `superAdmin` Project ("Super Admin") with a human super admin (`admin@example.com`) and the
///   super-admin ClientApplication, each with an admin membership;
/// - the managed Project (credentials' id and name, `strictMode: true`) whose `owner` is a
///   server-scoped human User `owner@example.com` with a Practitioner profile and an admin
///   membership (so the owner guard of member deletion can be exercised);
/// - the project-admin ClientApplication and its `admin: true` membership;
/// - then the optional seed file's resources.
extension StoreState {
    /// Fixed identities of the seeded humans, returned for tests and documentation.
    struct SeededPeople: Sendable {
        let superAdminProjectID: String
        let ownerUserID: String
        let ownerMembershipID: String
    }

    @discardableResult
    mutating func seed(credentials: MedplumSandboxCredentials, now: Int64) throws -> SeededPeople {
        let superProject = MedplumID.generate()
        let superCaller = Caller.system(projectID: superProject)
        let projectCaller = Caller.system(projectID: credentials.projectId)

        try write("Project", id: superProject, caller: superCaller, now: now, [
            "resourceType": "Project", "name": "Super Admin", "superAdmin": true, "strictMode": true,
        ])
        let adminUser = MedplumID.generate()
        try person(
            user: adminUser, first: "Medplum", last: "Admin", email: "admin@example.com", project: superProject,
            projectName: "Super Admin", caller: superCaller, now: now)
        try client(
            id: credentials.superAdminClientId, secret: credentials.superAdminClientSecret, name: "Super Admin Client",
            project: superProject, projectName: "Super Admin", caller: superCaller, now: now)

        let owner = MedplumID.generate()
        try write("Project", id: credentials.projectId, caller: projectCaller, now: now, [
            "resourceType": "Project", "name": .string(credentials.projectName), "strictMode": true,
            "owner": .reference("User/\(owner)", display: "owner@example.com"),
        ])
        let ownerMembership = try person(
            user: owner, first: "Olivia", last: "Owner", email: "owner@example.com", project: credentials.projectId,
            projectName: credentials.projectName, caller: projectCaller, now: now)
        try client(
            id: credentials.clientId, secret: credentials.clientSecret, name: "Plumbline Admin Client",
            project: credentials.projectId, projectName: credentials.projectName, caller: projectCaller, now: now)
        return SeededPeople(superAdminProjectID: superProject, ownerUserID: owner, ownerMembershipID: ownerMembership)
    }

    /// Writes the seed file's resources with system rights into `projectID`.
    ///
    /// Shape: `{"resources": [ <FHIR resource>, ... ]}`. A resource keeps its `id` when it has one
    /// (so seeds can reference each other), else gets a UUID; `meta.project` may name another
    /// project; Users without `project` are server-scoped; `Login` resources become searchable
    /// human Logins for the super admin.
    mutating func applySeed(_ data: Data, projectID: String, now: Int64) throws {
        guard let document = try? JSONParser.parse([UInt8](data)), let resources = document["resources"]?.arrayValue
        else {
            throw SeedError(message: "the seed must be a JSON object {\"resources\": [...]}")
        }
        let caller = Caller.system(projectID: projectID)
        for (offset, resource) in resources.enumerated() {
            guard let type = resource["resourceType"]?.stringValue, ResourceTypes.isKnown(type) else {
                throw SeedError(message: "seed resource \(offset) has no known resourceType")
            }
            do {
                if let id = resource["id"]?.stringValue {
                    _ = try update(type, id, resource, caller: caller, now: now)
                } else {
                    _ = try create(type, resource, caller: caller, now: now)
                }
            } catch {
                throw SeedError(message: "seed resource \(offset) (\(type)) was refused: \(error.text)")
            }
        }
    }

    // MARK: - Helpers

    private mutating func write(_ type: String, id: String, caller: Caller, now: Int64, _ body: JSON) throws {
        var body = body
        body["id"] = .string(id)
        _ = try update(type, id, body, caller: caller, now: now)
    }

    /// A human: server-scoped User, Practitioner profile in `project`, admin membership. Returns the
    /// membership id.
    @discardableResult
    private mutating func person(
        user: String, first: String, last: String, email: String, project: String, projectName: String,
        caller: Caller, now: Int64
    ) throws -> String {
        try write("User", id: user, caller: caller, now: now, [
            "resourceType": "User", "firstName": .string(first), "lastName": .string(last), "email": .string(email),
            "emailVerified": true,
        ])
        let practitioner = MedplumID.generate()
        try write("Practitioner", id: practitioner, caller: caller, now: now, [
            "resourceType": "Practitioner",
            "name": [["given": [.string(first)], "family": .string(last)]],
            "telecom": [["system": "email", "use": "work", "value": .string(email)]],
        ])
        let membership = MedplumID.generate()
        try write("ProjectMembership", id: membership, caller: caller, now: now, [
            "resourceType": "ProjectMembership",
            "project": .reference("Project/\(project)", display: projectName),
            "user": .reference("User/\(user)", display: email),
            "profile": .reference("Practitioner/\(practitioner)", display: "\(first) \(last)"),
            "admin": true,
        ])
        return membership
    }

    /// A ClientApplication with an admin membership in `project`.
    private mutating func client(
        id: String, secret: String, name: String, project: String, projectName: String, caller: Caller, now: Int64
    ) throws {
        try write("ClientApplication", id: id, caller: caller, now: now, [
            "resourceType": "ClientApplication", "name": .string(name), "secret": .string(secret),
        ])
        try write("ProjectMembership", id: MedplumID.generate(), caller: caller, now: now, [
            "resourceType": "ProjectMembership",
            "project": .reference("Project/\(project)", display: projectName),
            "user": .reference("ClientApplication/\(id)", display: name),
            "profile": .reference("ClientApplication/\(id)", display: name),
            "admin": true,
        ])
    }
}

/// The seed file could not be applied.
struct SeedError: Error, Sendable, CustomStringConvertible {
    let message: String
    var description: String { message }
}

extension Error {
    /// The first issue text of an OperationOutcome error, or the error's description.
    var text: String {
        if let outcome = self as? Outcome { return outcome.issues.first?.text ?? "error" }
        return "\(self)"
    }
}
