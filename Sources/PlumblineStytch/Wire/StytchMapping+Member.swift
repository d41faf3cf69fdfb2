import Foundation
import PlumblineCore

/// Members are most of what a plan reads from Stytch, and each carries far more than plumbline
/// looks at (MFA, SSO and SCIM registrations, metadata), so they are read straight from a search
/// page's bytes (`JSONScanner`) into `LiveMember`, stepping over the rest.
extension StytchMapping {
    /// The member at the scanner, its organization's slug found by `slug`; nil when it lacks an
    /// id, an organization (or one `slug` knows) or an email address.
    static func member(from scanner: inout JSONScanner, slug: (_ organizationId: String) -> String?) throws -> LiveMember? {
        var wire = MemberWire()
        try scanner.members { scanner, name in
            switch name {
            case "member_id": wire.id = try scanner.string()
            case "organization_id": wire.organizationId = try scanner.string()
            case "email_address": wire.email = try scanner.string()
            case "name": wire.name = try scanner.string()
            case "status": wire.status = try scanner.string()
            case "updated_at": wire.updatedAt = try scanner.string()
            case "created_at": wire.createdAt = try scanner.string()
            case "roles": wire.roles = try roles(from: &scanner)
            case "trusted_metadata": wire.managed = try isManaged(from: &scanner)
            default: break
            }
        }
        guard let organizationId = wire.organizationId, let slug = slug(organizationId) else { return nil }
        return wire.member(slug: slug)
    }

    /// Each role's id and whether it was assigned directly (`[{role_id, sources: [{type}]}]`).
    private static func roles(from scanner: inout JSONScanner) throws -> [(id: String, direct: Bool)] {
        var roles: [(id: String, direct: Bool)] = []
        try scanner.elements { role in
            var id: String?, sources: [String] = []
            try role.members { role, name in
                switch name {
                case "role_id": id = try role.string()
                case "sources": sources = try sourceTypes(from: &role)
                default: break
                }
            }
            if let id { roles.append((id, sources.contains("direct_assignment"))) }
        }
        return roles
    }

    private static func sourceTypes(from scanner: inout JSONScanner) throws -> [String] {
        var types: [String] = []
        try scanner.elements { source in
            var type: String?
            try source.members { source, name in
                if name == "type" { type = try source.string() }
            }
            if let type { types.append(type) }
        }
        return types
    }

    /// `trusted_metadata.plumbline.managed` is `true` (`isManaged(_:)`).
    private static func isManaged(from scanner: inout JSONScanner) throws -> Bool {
        var managed = false
        try scanner.members { metadata, name in
            guard name == "plumbline" else { return }
            managed = false
            try metadata.members { plumbline, name in
                if name == "managed" { managed = try plumbline.bool() == true }
            }
        }
        return managed
    }
}

/// The fields of a Stytch member that plumbline reads, as they arrive; each assigned whole, so
/// of a repeated name the last counts, as in a parsed object.
private struct MemberWire {
    var id: String?
    var organizationId: String?
    var email: String?
    var name: String?
    var status: String?
    var updatedAt: String?
    var createdAt: String?
    var roles: [(id: String, direct: Bool)] = []
    var managed = false

    func member(slug: String) -> LiveMember? {
        guard let id, let organizationId, let email else { return nil }
        return LiveMember(
            id: id, version: updatedAt ?? "", organizationId: organizationId, slug: slug, email: email,
            name: name ?? "", status: status ?? "active",
            explicitRoles: roles.filter(\.direct).map(\.id), implicitRoles: roles.filter { !$0.direct }.map(\.id),
            managed: managed, updatedAt: updatedAt.flatMap(StytchMapping.date), createdAt: createdAt.flatMap(StytchMapping.date)
        )
    }
}
