import Hummingbird

/// Every error the sandbox emits, in one place, with Stytch's type strings (from the contract and
/// Stytch's published error catalogue). Where the contract leaves a type open, the choice and its
/// reason are in CONTRACT-NOTES.md.
extension StytchError {
    // MARK: transport

    static let unauthorizedCredentials = StytchError(
        .unauthorized, "unauthorized_credentials", "Unauthorized credentials.")
    static let tooManyRequests = StytchError(
        .tooManyRequests, "too_many_requests", "Too many requests have been made.")
    static let internalServerError = StytchError(
        .internalServerError, "internal_server_error",
        "Oops, something seems to have gone wrong, please reach out to support@stytch.com to let us know what went wrong.")
    static let badRequest = StytchError(.badRequest, "bad_request", "The submitted request is invalid.")

    static func routeNotFound(_ method: String, _ path: String) -> StytchError {
        StytchError(.notFound, "route_not_found", "The route \(method) \(path) does not exist.")
    }

    static func methodNotAllowed(_ method: String, _ path: String) -> StytchError {
        StytchError(.methodNotAllowed, "method_not_allowed", "The method \(method) is not allowed for \(path).")
    }

    /// The envelope Stytch uses for a status it has no more specific type for (faults, 5xx).
    static func forStatus(_ status: HTTPResponse.Status) -> StytchError {
        switch status.code {
        case 400: return .badRequest
        case 401: return .unauthorizedCredentials
        case 404: return StytchError(.notFound, "not_found", "The requested resource was not found.")
        case 429: return .tooManyRequests
        case 500: return .internalServerError
        case 503: return StytchError(status, "server_unavailable", "The server is temporarily unavailable, please try again later.")
        default:
            return StytchError(
                status, status.code >= 500 ? "internal_server_error" : "bad_request",
                status.reasonPhrase.isEmpty ? "Request failed." : "\(status.reasonPhrase).")
        }
    }

    /// A missing or mistyped request field.
    static func invalidField(_ field: String, _ expectation: String) -> StytchError {
        StytchError(.badRequest, "bad_request", "\(field) \(expectation).", details: ["field": .string(field)])
    }

    static func missingField(_ field: String) -> StytchError {
        invalidField(field, "is a required field")
    }

    // MARK: organizations

    static func organizationNotFound() -> StytchError {
        StytchError(.notFound, "organization_not_found", "Organization could not be found.")
    }

    static let invalidOrganizationName = StytchError(
        .badRequest, "invalid_organization_name",
        "The organization_name must be between 1 and 128 characters long.")
    static let organizationNameMissing = StytchError(
        .badRequest, "organization_name_missing", "organization_name is a required field.")
    static let invalidOrganizationSlug = StytchError(
        .badRequest, "invalid_organization_slug",
        "The organization_slug must be at least 2 characters long and may only contain alphanumerics and the reserved characters '-', '.', '_', or '~'. At least one character must be alphanumeric.")
    static let organizationSlugAlreadyUsed = StytchError(
        .badRequest, "organization_slug_already_used",
        "The provided organization_slug is already used in another organization.")
    static let invalidOrganizationExternalID = StytchError(
        .badRequest, "invalid_organization_external_id",
        "The organization_external_id may only contain alphanumerics and the characters '.', '_', '-' or '|', and must be at most 128 characters long.")
    static let duplicateOrganizationExternalID = StytchError(
        .badRequest, "duplicate_organization_external_id",
        "The provided organization_external_id is already used by another organization in this project.")
    static let organizationLogoURLTooLong = StytchError(
        .badRequest, "organization_logo_url_too_long", "The organization_logo_url is too long.")
    static let allowedAuthMethodsRequired = StytchError(
        .badRequest, "allowed_auth_methods_required_for_restricted",
        "allowed_auth_methods must be provided when auth_methods is RESTRICTED.")
    static let allowedMFAMethodsRequired = StytchError(
        .badRequest, "allowed_mfa_methods_required_for_restricted",
        "allowed_mfa_methods must be provided when mfa_methods is RESTRICTED.")

    static func domainTooCommon(_ domain: String) -> StytchError {
        StytchError(
            .badRequest, "organization_settings_domain_too_common",
            "The domain \(domain) is too common to be used as an allowed domain.", details: ["domain": .string(domain)])
    }

    static func invalidDomain(_ domain: String) -> StytchError {
        StytchError(
            .badRequest, "organization_settings_invalid_domain", "The domain \(domain) is not a valid domain.",
            details: ["domain": .string(domain)])
    }

    static func duplicateDomain(_ domain: String) -> StytchError {
        StytchError(
            .badRequest, "organization_settings_duplicate_domain", "The domain \(domain) is listed more than once.",
            details: ["domain": .string(domain)])
    }

    static func invalidSetting(_ field: String, _ value: String, allowed: [String]) -> StytchError {
        StytchError(
            .badRequest, "invalid_organization_auth_method_settings",
            "\(value) is not a valid value for \(field); expected one of \(allowed.joined(separator: ", ")).",
            details: ["field": .string(field)])
    }

    static func invalidAllowedMethod(_ field: String, _ value: String) -> StytchError {
        StytchError(
            .badRequest,
            field == "allowed_mfa_methods"
                ? "invalid_organization_allowed_mfa_methods" : "invalid_organization_allowed_auth_methods",
            "\(value) is not a valid entry for \(field).", details: ["field": .string(field)])
    }

    // MARK: metadata

    static func metadataTooManyKeys(_ field: String) -> StytchError {
        StytchError(
            .badRequest, "metadata_too_many_keys", "\(field) may have at most 20 top-level keys.",
            details: ["field": .string(field)])
    }

    static func metadataTooLarge(_ field: String) -> StytchError {
        StytchError(
            .badRequest, "metadata_too_large", "\(field) may not exceed 4 KB.", details: ["field": .string(field)])
    }

    // MARK: members

    static func memberNotFound() -> StytchError {
        StytchError(.notFound, "member_not_found", "Member could not be found.")
    }

    static let duplicateMemberEmail = StytchError(
        .badRequest, "duplicate_member_email", "A member with the provided email already exists in this organization.")
    static let duplicateMemberExternalID = StytchError(
        .badRequest, "duplicate_member_external_id",
        "A member with the provided external_id already exists in this organization.")
    static let invalidMemberExternalID = StytchError(
        .badRequest, "invalid_external_id",
        "The external_id may only contain alphanumerics and the characters '.', '_', '-' or '|', and must be at most 128 characters long.")
    static let invalidEmail = StytchError(.badRequest, "invalid_email", "Email format is invalid.")
    static let invalidPhoneNumber = StytchError(
        .badRequest, "invalid_phone_number", "Phone number format is invalid; use E.164, e.g. +12025550162.")
    static let mfaPhoneNumberAlreadySet = StytchError(
        .badRequest, "duplicate_member_phone_number_for_member",
        "The member already has an MFA phone number; delete it before setting a new one.")
    static let invalidDefaultMFAMethod = StytchError(
        .badRequest, "invalid_mfa_default_method", "default_mfa_method must be sms_otp or totp.")
    static let memberGetNeedsSelector = StytchError(
        .badRequest, "invalid_member_get_fields", "Exactly one of member_id or email_address must be provided.")
    static let cannotAssignDefaultRole = StytchError(
        .badRequest, "cannot_assign_default_rbac_role_id",
        "The stytch_member role is granted to every member and cannot be assigned explicitly.")

    static func invalidRole(_ role: String) -> StytchError {
        StytchError(
            .badRequest, "invalid_rbac_role_id", "The role \(role) does not exist in the RBAC policy.",
            details: ["role_id": .string(role)])
    }

    static let noDeletedMemberForReactivation = StytchError(
        .badRequest, "no_deleted_member_found_for_reactivation", "Only deleted members can be reactivated.")
    static let emailUnverifiedForReactivation = StytchError(
        .badRequest, "email_unverified_for_reactivation",
        "A member can only be reactivated if their email address is verified.")
    static let reactivationEmailTaken = StytchError(
        .badRequest, "reactivation_email_belongs_to_another_member",
        "The member's email address now belongs to another member of the organization.")
    static let retiredEmailNotFound = StytchError(
        .notFound, "retired_email_not_found", "The retired email address could not be found for this member.")
    static let retiredEmailSelectorMissing = StytchError(
        .badRequest, "retired_email_missing_email_identifiers", "Either email_id or email_address must be provided.")
    static let memberPasswordIDNotFound = StytchError(
        .notFound, "invalid_password_id", "The member password could not be found.")
    static let memberPhoneNumberNotFound = StytchError(
        .notFound, "member_phone_number_not_found", "The member has no MFA phone number.")
    static let totpNotFound = StytchError(.notFound, "totp_not_found", "The member has no TOTP registration.")
}
