import Foundation
import PlumblineCore

/// Maps Stytch's wire objects (contract 3.1, 4.1) to the core's live state.
enum StytchMapping {
    /// The organization settings plumbline can manage, by Stytch field name.
    static let managedSettings = [
        "email_allowed_domains", "email_jit_provisioning", "email_invites", "auth_methods", "allowed_auth_methods",
        "mfa_policy", "mfa_methods", "allowed_mfa_methods", "organization_external_id",
    ]

    /// `trusted_metadata.plumbline.managed = true` (DESIGN §4).
    static let marker: JSONValue = ["plumbline": ["managed": true]]

    static func isManaged(_ object: JSONValue) -> Bool {
        object["trusted_metadata"]?["plumbline"]?["managed"] == true
    }

    static func organization(_ json: JSONValue) -> LiveOrganization? {
        guard let id = json["organization_id"]?.string, let slug = json["organization_slug"]?.string else { return nil }
        var settings: [String: JSONValue] = [:]
        for name in managedSettings { if let value = json[name], value != .null { settings[name] = value } }
        return LiveOrganization(
            id: id, version: json["updated_at"]?.string ?? "", slug: slug, name: json["organization_name"]?.string ?? "",
            settings: settings, managed: isManaged(json), updatedAt: json["updated_at"]?.string.flatMap(date)
        )
    }

    static func date(_ text: String) -> Date? { InternetTimestamp.parse(text) }
}
