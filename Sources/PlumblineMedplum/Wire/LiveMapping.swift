import Foundation
import PlumblineCore

/// Maps Medplum's wire resources (contract §5) to the core's live-state vocabulary, and back for
/// the fields plumbline owns.
enum LiveMapping {
    static func policy(_ resource: JSONValue) -> LivePolicy? {
        guard let id = resource["id"]?.string else { return nil }
        return LivePolicy(
            id: id, version: version(resource), name: resource["name"]?.string,
            grants: (resource["resource"]?.array ?? []).compactMap(grant),
            managedKey: managedTag(resource), lastChange: lastChange(resource)
        )
    }

    static func grant(_ entry: JSONValue) -> PolicyGrant? {
        guard let type = entry["resourceType"]?.string else { return nil }
        return PolicyGrant(
            resourceType: type,
            interactions: entry["interaction"]?.array.map { $0.compactMap { $0.string.flatMap(FHIRInteraction.init(rawValue:)) } },
            readonly: entry["readonly"]?.bool, criteria: entry["criteria"]?.string,
            hiddenFields: strings(entry["hiddenFields"]), readonlyFields: strings(entry["readonlyFields"])
        )
    }

    static func client(_ resource: JSONValue, membership: LiveMembership?) -> LiveClient? {
        guard let id = resource["id"]?.string else { return nil }
        return LiveClient(
            id: id, version: version(resource), name: resource["name"]?.string, description: resource["description"]?.string,
            allowedOrigins: strings(resource["allowedOrigin"]),
            redirectUris: strings(resource["redirectUris"]) + (resource["redirectUri"]?.string.map { [$0] } ?? []),
            managedKey: managedTag(resource), membership: membership, lastChange: lastChange(resource)
        )
    }

    // MARK: Markers

    /// plumbline's marker tag `{system: https://plumbline.dev/managed, code: KEY}` in `meta.tag`.
    static func managedTag(_ resource: JSONValue) -> String? {
        (resource["meta"]?["tag"]?.array ?? []).first { $0["system"]?.string == ManagedMarker.system }?["code"]?.string
    }

    static func withManagedTag(_ resource: JSONValue, key: String) -> JSONValue {
        var resource = resource
        var meta = resource["meta"] ?? [:]
        var tags = (meta["tag"]?.array ?? []).filter { $0["system"]?.string != ManagedMarker.system }
        tags.append(["system": .string(ManagedMarker.system), "code": .string(key)])
        meta["tag"] = .array(tags)
        resource["meta"] = meta
        return resource
    }

    static func managedIdentifierValue(_ key: String) -> JSONValue {
        ["system": .string(ManagedMarker.system), "value": .string(key)]
    }

    // MARK: Pieces

    static func version(_ resource: JSONValue) -> String {
        resource["meta"]?["versionId"]?.string ?? ""
    }

    static func lastChange(_ resource: JSONValue) -> LastChange {
        let meta = resource["meta"]
        let author = meta?["author"].map { WireReference(reference: $0["reference"]?.string, display: $0["display"]?.string) }
        return lastChange(WireMeta(lastUpdated: meta?["lastUpdated"]?.string, author: author))
    }

    static func lastChange(_ meta: WireMeta) -> LastChange {
        let reference = meta.author?.reference
        return LastChange(author: meta.author?.display ?? reference, at: meta.lastUpdated.flatMap(parseDate), authorReference: reference)
    }

    static func parseDate(_ text: String) -> Date? { InternetTimestamp.parse(text) }

    static func policyId(_ reference: String) -> String {
        reference.hasPrefix("AccessPolicy/") ? String(reference.dropFirst("AccessPolicy/".count)) : reference
    }

    static func strings(_ value: JSONValue?) -> [String] {
        value?.array?.compactMap(\.string) ?? []
    }
}
