import Foundation
import PlumblineCore
import PlumblineHTTP

/// Carries out the Stytch changes of a plan (issue 7). Organizations and members are created with
/// plumbline's marker in `trusted_metadata`, updated partially (only the fields plumbline owns),
/// and offboarded by revoking every session and deleting the member — each step read back before
/// the change counts as applied. Stytch has no conditional writes, so a create that fails with
/// "already exists" re-reads and adopts the object when it carries the marker (an earlier run's).
public final class StytchApplier: ChangeApplier {
    let client: StytchClient
    let live: StytchLiveState
    let desired: StytchDesiredState
    /// The Management API, for the frontend SDK's domains; nil when the environment has no
    /// management credentials.
    let management: StytchManagementClient?

    public init(client: StytchClient, live: StytchLiveState, desired: StytchDesiredState, management: StytchManagementClient? = nil) {
        self.client = client
        self.live = live
        self.desired = desired
        self.management = management
    }

    public func batchGroup(for change: Change) -> String? { nil }

    public func apply(_ changes: [Change]) async -> [ChangeOutcome] {
        var outcomes: [ChangeOutcome] = []
        for change in changes {
            do {
                switch change.resource.kind {
                case .organization: try await applyOrganization(change)
                case .member: try await applyMember(change)
                case .frontendSDK: try await applyFrontendSDK(change)
                default: throw StytchError(request: "apply", status: 0, body: ["error_message": .string("\(change.resource) is not a Stytch change")], raw: Data())
                }
                outcomes.append(.applied)
            } catch let error as StytchError {
                outcomes.append(.failed(category: error.category, message: error.description))
            } catch let error as TransportError {
                outcomes.append(.failed(category: error.category, message: error.description))
            } catch let error as VerificationFailed {
                outcomes.append(.failed(category: .rejected, message: error.description))
            } catch let error as StaleConfiguration {
                outcomes.append(.failed(category: .stale, message: error.description))
            } catch {
                outcomes.append(.failed(category: .rejected, message: String(describing: error)))
            }
        }
        return outcomes
    }

    // MARK: Organizations

    private func applyOrganization(_ change: Change) async throws {
        let slug = change.resource.key
        switch change.action {
        case .create:
            guard let organization = desired.organization(slug: slug) else { return }
            var body = organizationBody(organization)
            body["organization_slug"] = .string(slug)
            do {
                _ = try await client.call(.post, "v1/b2b/organizations", body: body, route: "/v1/b2b/organizations")
            } catch let error as StytchError where error.errorType == "organization_slug_already_used" {
                // An earlier run may have created it before failing: adopt it only if it is ours.
                let existing = try await client.call(.get, "v1/b2b/organizations/\(StytchClient.segment(slug))", route: "/v1/b2b/organizations/:id")
                guard let json = existing["organization"], StytchMapping.isManaged(json) else { throw error }
            }
        case .update:
            guard let organization = desired.organization(slug: slug), let id = change.target?.id else { return }
            _ = try await client.call(.put, "v1/b2b/organizations/\(StytchClient.segment(id))", body: organizationBody(organization), route: "/v1/b2b/organizations/:id")
        case .delete:
            guard let id = change.target?.id else { return }
            _ = try await client.call(.delete, "v1/b2b/organizations/\(StytchClient.segment(id))", route: "/v1/b2b/organizations/:id")
        default:
            throw VerificationFailed(description: "cannot \(change.action.rawValue) an organization")
        }
    }

    /// Name, the declared settings and the marker: a partial update leaves everything else as is.
    private func organizationBody(_ organization: DesiredOrganization) -> JSONValue {
        var body: [String: JSONValue] = organization.settings
        body["organization_name"] = .string(organization.name)
        body["trusted_metadata"] = StytchMapping.marker
        return .object(body)
    }
}

/// A step of an offboarding did not hold when read back.
struct VerificationFailed: Error, CustomStringConvertible {
    let description: String
}
