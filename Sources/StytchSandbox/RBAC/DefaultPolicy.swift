import Foundation

/// The policy the sandbox starts with when no `rbacPolicy` is configured: Stytch's default roles
/// and resources (contract §5.2, with SDK 15.3.0's action names) plus the custom roles and
/// resources that plumbline's example manifests use.
enum DefaultPolicy {
    static let json = #"""
    {
      "roles": [
        {
          "role_id": "stytch_member",
          "description": "Granted to all Members upon creation; grants permissions already implicitly granted to logged-in Members via the SDK. Cannot be deleted.",
          "permissions": [
            {"resource_id": "stytch.self", "actions": ["*"]}
          ]
        },
        {
          "role_id": "stytch_admin",
          "description": "Granted to Members who create an Organization through the Stytch discovery flow. Admins will also have the stytch_member Role. Cannot be deleted.",
          "permissions": [
            {"resource_id": "stytch.organization", "actions": ["*"]},
            {"resource_id": "stytch.member", "actions": ["*"]},
            {"resource_id": "stytch.sso", "actions": ["*"]},
            {"resource_id": "stytch.scim", "actions": ["*"]}
          ]
        },
        {
          "role_id": "clinician",
          "description": "Reads and writes the records of the patients in their panels.",
          "permissions": [
            {"resource_id": "patient-records", "actions": ["read", "create", "update"]},
            {"resource_id": "panels", "actions": ["view", "edit"]}
          ]
        },
        {
          "role_id": "nurse",
          "description": "Reads patient records and records observations.",
          "permissions": [
            {"resource_id": "patient-records", "actions": ["read", "update"]},
            {"resource_id": "panels", "actions": ["view"]}
          ]
        },
        {
          "role_id": "front-desk",
          "description": "Registers patients and manages appointments; no clinical write access.",
          "permissions": [
            {"resource_id": "patient-records", "actions": ["read", "create"]},
            {"resource_id": "appointments", "actions": ["*"]}
          ]
        },
        {
          "role_id": "auditor",
          "description": "Read-only access for compliance reviews.",
          "permissions": [
            {"resource_id": "patient-records", "actions": ["read", "export"]},
            {"resource_id": "panels", "actions": ["view"]},
            {"resource_id": "stytch.member", "actions": ["search"]}
          ]
        }
      ],
      "resources": [
        {
          "resource_id": "stytch.organization",
          "description": "Stytch default Resource: the logged-in Member's Organization.",
          "actions": [
            "update.info.name", "update.info.slug", "update.info.logo-url",
            "update.settings.allowed-auth-methods", "update.settings.allowed-domains",
            "update.settings.allowed-mfa-methods", "update.settings.allowed-oauth-tenants",
            "update.settings.default-sso-connection", "update.settings.email-invites",
            "update.settings.email-jit-provisioning", "update.settings.implicit-roles",
            "update.settings.mfa-policy", "update.settings.oauth-tenant-jit-provisioning",
            "update.settings.sso-jit-provisioning", "delete"
          ]
        },
        {
          "resource_id": "stytch.member",
          "description": "Stytch default Resource: all Members of the logged-in Member's Organization.",
          "actions": [
            "create", "search", "delete", "revoke-sessions",
            "update.info.name", "update.info.email", "update.info.mfa-phone", "update.info.untrusted-metadata",
            "update.info.delete.mfa-phone", "update.info.delete.mfa-totp", "update.info.delete.password",
            "update.settings.default-mfa-method", "update.settings.is-breakglass",
            "update.settings.mfa-enrolled", "update.settings.roles"
          ]
        },
        {
          "resource_id": "stytch.sso",
          "description": "Stytch default Resource: the Organization's SSO connections.",
          "actions": ["create", "get", "update", "delete"]
        },
        {
          "resource_id": "stytch.scim",
          "description": "Stytch default Resource: the Organization's SCIM connections.",
          "actions": ["create", "get", "update", "delete"]
        },
        {
          "resource_id": "stytch.self",
          "description": "Stytch default Resource: the logged-in Member.",
          "actions": [
            "update.info.name", "update.info.untrusted-metadata", "update.info.mfa-phone",
            "update.info.delete.mfa-phone", "update.info.delete.password", "update.info.delete.mfa-totp",
            "update.settings.mfa-enrolled", "update.settings.default-mfa-method", "delete", "revoke-sessions"
          ]
        },
        {
          "resource_id": "patient-records",
          "description": "Clinical records (FHIR resources) of a patient.",
          "actions": ["read", "create", "update", "delete", "export"]
        },
        {
          "resource_id": "panels",
          "description": "A clinician's patient panel.",
          "actions": ["view", "edit", "share"]
        },
        {
          "resource_id": "appointments",
          "description": "Scheduled visits.",
          "actions": ["read", "create", "update", "cancel"]
        }
      ],
      "scopes": []
    }
    """#

    /// The ids of Stytch's own resources, which every policy keeps (a loaded file may omit them).
    static let stytchResourceIds: Set<String> = [
        "stytch.organization", "stytch.member", "stytch.sso", "stytch.scim", "stytch.self",
    ]
}
