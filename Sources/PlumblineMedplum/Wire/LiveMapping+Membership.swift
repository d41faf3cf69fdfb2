import Foundation
import PlumblineCore

/// ProjectMemberships are most of what a plan reads, so they are read straight from a search
/// page's bytes (`JSONScanner`) into `LiveMembership`, with no JSON tree in between.
extension LiveMapping {
    /// The membership at the scanner; nil when it lacks an id, a user or a profile reference.
    static func membership(from scanner: inout JSONScanner) throws -> LiveMembership? {
        var wire = MembershipWire()
        try scanner.members { scanner, name in
            switch name {
            case "id": wire.id = try scanner.string()
            case "meta": wire.meta = try WireMeta(from: &scanner)
            case "user": wire.user = try WireReference(from: &scanner)
            case "profile": wire.profile = try WireReference(from: &scanner)
            case "accessPolicy": wire.accessPolicy = try WireReference(from: &scanner)
            case "access": wire.access = try accessPolicies(from: &scanner)
            case "admin": wire.admin = try scanner.bool()
            case "active": wire.active = try scanner.bool()
            case "identifier": wire.managedKey = try managedIdentifier(from: &scanner)
            default: break
            }
        }
        return wire.membership
    }

    /// A membership already parsed (a version from a history): read the same way, from its text.
    static func membership(_ resource: JSONValue) -> LiveMembership? {
        (try? JSONScanner.scan(resource.encoded(), membership(from:))) ?? nil
    }

    /// The policy reference of each entry of `access` (`[{policy: {reference}}]`).
    private static func accessPolicies(from scanner: inout JSONScanner) throws -> [String] {
        var references: [String] = []
        try scanner.elements { entry in
            var policy: WireReference?
            try entry.members { entry, name in
                if name == "policy" { policy = try WireReference(from: &entry) }
            }
            if let reference = policy?.reference { references.append(reference) }
        }
        return references
    }

    /// plumbline's marker identifier `{system: https://plumbline.dev/managed, value: KEY}`: the
    /// first in that system, and its value (nil when it has none).
    private static func managedIdentifier(from scanner: inout JSONScanner) throws -> String?? {
        var found: String??
        try scanner.elements { identifier in
            var system: String?, value: String?
            try identifier.members { identifier, name in
                switch name {
                case "system": system = try identifier.string()
                case "value": value = try identifier.string()
                default: break
                }
            }
            if found == nil, system == ManagedMarker.system { found = .some(value) }
        }
        return found
    }
}

/// The members of a ProjectMembership that plumbline reads, as they arrive. Each is assigned
/// whole when its name is read, so of a repeated name the last counts, as in a parsed object.
private struct MembershipWire {
    var id: String?
    var meta: WireMeta?
    var user: WireReference?
    var profile: WireReference?
    var accessPolicy: WireReference?
    var access: [String]?
    var admin: Bool?
    var active: Bool?
    /// The first marker identifier's value (itself nil when that identifier has none).
    var managedKey: String??

    var membership: LiveMembership? {
        guard let id, let userReference = user?.reference, let profileReference = profile?.reference else { return nil }
        let single = accessPolicy?.reference.map(LiveMapping.policyId)
        let list = (access ?? []).map(LiveMapping.policyId)
        return LiveMembership(
            id: id, version: meta?.versionId ?? "", userReference: userReference,
            email: user?.display?.lowercasedIfNeeded, profileReference: profileReference,
            profileType: String(profileReference.utf8.prefix { $0 != UInt8(ascii: "/") }) ?? profileReference,
            policyIds: (single.map { [$0] } ?? []) + list, usesAccessList: !list.isEmpty || single == nil,
            admin: admin ?? false, active: active ?? true,
            managedKey: managedKey ?? nil, lastChange: LiveMapping.lastChange(meta ?? WireMeta()),
            profileDisplay: profile?.display
        )
    }
}

/// A FHIR Reference's `reference` and `display`.
struct WireReference {
    var reference: String?
    var display: String?
}

extension WireReference {
    init(from scanner: inout JSONScanner) throws {
        try scanner.members { scanner, name in
            switch name {
            case "reference": reference = try scanner.string()
            case "display": display = try scanner.string()
            default: break
            }
        }
    }
}

/// A resource's `meta`: its version, when and by whom it was last written.
struct WireMeta {
    var versionId: String?
    var lastUpdated: String?
    var author: WireReference?
}

extension WireMeta {
    init(from scanner: inout JSONScanner) throws {
        try scanner.members { scanner, name in
            switch name {
            case "versionId": versionId = try scanner.string()
            case "lastUpdated": lastUpdated = try scanner.string()
            case "author": author = try WireReference(from: &scanner)
            default: break
            }
        }
    }
}
