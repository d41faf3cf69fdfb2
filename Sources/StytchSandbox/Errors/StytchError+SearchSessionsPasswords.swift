import Hummingbird

/// Errors of search, sessions, passwords, RBAC and the Management API.
extension StytchError {
    // MARK: search

    /// Search errors are prefixed by the object searched: `organization_search_…`, `member_search_…`.
    static func searchFilterNotRecognized(_ scope: String, _ name: String) -> StytchError {
        StytchError(
            .badRequest, "\(scope)_search_filter_name_not_recognized", "The filter_name \(name) is not recognized.",
            details: ["filter_name": .string(name)])
    }

    static func searchMissingFilterName(_ scope: String) -> StytchError {
        StytchError(.badRequest, "\(scope)_search_missing_filter_name", "Each operand must have a filter_name.")
    }

    static func searchMissingFilterValue(_ scope: String, _ name: String) -> StytchError {
        StytchError(
            .badRequest, "\(scope)_search_missing_filter_value", "The filter \(name) needs a filter_value.",
            details: ["filter_name": .string(name)])
    }

    static func searchExpected(_ scope: String, _ kind: String, _ name: String) -> StytchError {
        let type: String
        switch kind {
        case "string[]": type = "\(scope)_search_expected_array_of_strings"
        case "boolean": type = "\(scope)_search_expected_boolean"
        default: type = "\(scope)_search_expected_string"
        }
        return StytchError(
            .badRequest, type, "The filter_value of \(name) must be a \(kind).", details: ["filter_name": .string(name)])
    }

    static func searchFuzzyTooShort(_ scope: String, _ name: String) -> StytchError {
        StytchError(
            .badRequest, "\(scope)_search_\(name)_too_short", "The filter_value of \(name) must be at least 3 characters long.",
            details: ["filter_name": .string(name)])
    }

    static func searchInvalidOperator(_ scope: String) -> StytchError {
        StytchError(.badRequest, "\(scope)_search_invalid_operator", "The query operator must be AND or OR.")
    }

    static func searchInvalidCursor(_ scope: String) -> StytchError {
        StytchError(.badRequest, "\(scope)_search_invalid_cursor", "The cursor is invalid or has expired.")
    }

    static func searchInvalidLimit(_ scope: String) -> StytchError {
        StytchError(.badRequest, "\(scope)_search_invalid_limit", "The limit must be between 0 and 1000.")
    }

    static let memberSearchOrganizationIDsEmpty = StytchError(
        .badRequest, "member_search_organization_ids_empty", "organization_ids must contain at least one organization.")

    static func searchInvalidStatus(_ status: String) -> StytchError {
        StytchError(
            .badRequest, "search_invalid_status_filter",
            "\(status) is not a valid member status; expected pending, invited, active or deleted.")
    }

    // MARK: sessions

    static func sessionNotFound() -> StytchError {
        StytchError(.notFound, "session_not_found", "Session could not be found.")
    }

    static let noSessionArguments = StytchError(
        .badRequest, "no_session_arguments", "Either session_token or session_jwt must be provided.")
    static let tooManySessionArguments = StytchError(
        .badRequest, "too_many_session_arguments", "Only one of session_token or session_jwt may be provided.")
    static let noSessionRevokeArguments = StytchError(
        .badRequest, "no_session_revoke_arguments",
        "One of member_session_id, session_token, session_jwt or member_id must be provided.")
    static let tooManySessionRevokeArguments = StytchError(
        .badRequest, "too_many_session_revoke_arguments",
        "Only one of member_session_id, session_token, session_jwt or member_id may be provided.")
    static let invalidSessionDuration = StytchError(
        .badRequest, "invalid_session_duration_minutes",
        "session_duration_minutes must be between 5 and 527040 minutes (366 days).")
    static let reservedClaims = StytchError(
        .badRequest, "stytch_claims_in_custom_claims", "Custom claims may not use Stytch's reserved claim names.")
    static let customClaimsTooLarge = StytchError(
        .badRequest, "custom_claims_too_large", "Custom claims may not exceed 4 KB.")
    static let sessionAuthorizationError = StytchError(
        .forbidden, "session_authorization_error",
        "The member session is not authorized to perform the requested action on the requested resource.")
    static let sessionAuthorizationTenancyError = StytchError(
        .forbidden, "session_authorization_tenancy_error",
        "The member session's organization does not match the organization of the request.")
    static let memberCannotUpdateOwnEmail = StytchError(
        .forbidden, "member_cannot_update_their_email_address", "Members cannot update their own email address.")
    static let intermediateSessionNotFound = StytchError(
        .notFound, "intermediate_session_not_found", "The intermediate session could not be found.")

    // MARK: passwords

    static let passwordAlreadyExists = StytchError(
        .badRequest, "password_already_exists", "The member already has a password; it cannot be migrated again.")
    static let memberPasswordNotFound = StytchError(
        .notFound, "member_password_not_found", "Member password not found.")
    static let invalidHashType = StytchError(
        .badRequest, "invalid_hash_type",
        "hash_type must be one of bcrypt, md_5, argon_2i, argon_2id, sha_1, sha_512, scrypt, phpass or pbkdf_2.")

    static func invalidHash(_ hashType: String) -> StytchError {
        StytchError(.badRequest, "invalid_\(hashType)_hash", "The hash is not a valid \(hashType) hash.")
    }

    static func unsupportedHashType(_ hashType: String) -> StytchError {
        StytchError(
            .badRequest, "invalid_hash_type",
            "The sandbox cannot verify \(hashType) hashes; migrate with bcrypt, md_5, sha_1 or sha_512.")
    }

    static func invalidHashParameter(_ type: String, _ message: String) -> StytchError {
        StytchError(.badRequest, type, message)
    }

    static let passwordsRestrictedByOrganization = StytchError(
        .forbidden, "operation_restricted_by_organization_auth_methods",
        "The organization's auth_methods do not allow password authentication.")

    static let invalidLocale = StytchError(.badRequest, "invalid_locale", "locale must be one of en, es, pt-br or fr.")

    // MARK: RBAC

    static func invalidOrgPolicy(_ type: String, _ message: String) -> StytchError {
        StytchError(.badRequest, type, message)
    }

    // MARK: Management API

    static let projectNotFound = StytchError(.notFound, "project_not_found", "Project could not be found.")
    static let environmentNotFound = StytchError(
        .notFound, "environment_not_found", "Environment could not be found.")
    static let invalidSlugPattern = StytchError(
        .badRequest, "invalid_slug_pattern", "slug_pattern must contain the placeholder {{slug}}.")

    static func invalidSDKDomain(_ domain: String) -> StytchError {
        StytchError(.badRequest, "invalid_domain", "\(domain) is not a valid origin such as https://example.com.")
    }

    static func invalidManagementPolicy(_ type: String, _ message: String) -> StytchError {
        StytchError(.badRequest, type, message)
    }
}
