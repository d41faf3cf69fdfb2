import Crypto
import Foundation

/// The optional seed of organizations and members applied to a fresh sandbox.
///
/// Shape (every key but the names and e-mails optional; unknown keys are ignored):
/// ```json
/// {"organizations": [
///   {"organization_name": "Northside Clinic", "organization_slug": "northside",
///    "email_allowed_domains": ["northside.example.org"], "trusted_metadata": {"plumbline": {"managed": true}},
///    "…any other Create Organization field…": "…",
///    "members": [
///      {"email_address": "alice@northside.example.org", "name": "Alice Doe", "roles": ["clinician"],
///       "…any other Create Member field…": "…",
///       "password": "correct horse battery staple",
///       "status": "active|pending|invited|deleted",
///       "sessions": [{"started_at": "2024-05-01T08:00:00Z", "last_accessed_at": "2024-05-01T09:00:00Z",
///                     "expires_at": "2024-05-02T08:00:00Z"}]}]}]}
/// ```
/// A `password` is stored as a migrated `sha_512` hash and marks the e-mail verified, so the member
/// can sign in with `passwords/authenticate`; `sessions` creates password sessions with the given
/// times (defaults: started now, lasting 60 minutes).
struct StytchSeed: Decodable {
    struct Session: Decodable {
        var startedAt: String?
        var lastAccessedAt: String?
        var expiresAt: String?

        enum CodingKeys: String, CodingKey {
            case startedAt = "started_at", lastAccessedAt = "last_accessed_at", expiresAt = "expires_at"
        }
    }

    struct Member: Decodable {
        var fields: MemberFields
        var password: String?
        var status: String?
        var sessions: [Session]?

        enum CodingKeys: String, CodingKey {
            case password, status, sessions
        }

        init(from decoder: any Decoder) throws {
            fields = try MemberFields(from: decoder)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            password = try c.decodeIfPresent(String.self, forKey: .password)
            status = try c.decodeIfPresent(String.self, forKey: .status)
            sessions = try c.decodeIfPresent([Session].self, forKey: .sessions)
        }
    }

    struct Organization: Decodable {
        var fields: OrganizationFields
        var members: [Member]

        enum CodingKeys: String, CodingKey {
            case members
        }

        init(from decoder: any Decoder) throws {
            fields = try OrganizationFields(from: decoder)
            members = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent([Member].self, forKey: .members) ?? []
        }
    }

    var organizations: [Organization]
}

extension StytchStore {
    /// Creates the seed's organizations and members through the same code paths as the API.
    func applySeed(_ data: Data) throws {
        let seed: StytchSeed
        do {
            seed = try JSONDecoder().decode(StytchSeed.self, from: data)
        } catch {
            throw StytchSandboxError(message: "the seed is not valid: \(error)")
        }
        for (index, entry) in seed.organizations.enumerated() {
            do throws(StytchError) {
                let org = try createOrganization(entry.fields)
                for member in entry.members { try seedMember(member, in: org) }
            } catch {
                throw StytchSandboxError(message: "seed organization #\(index + 1): \(error.type): \(error.message)")
            }
        }
    }

    private func seedMember(_ entry: StytchSeed.Member, in org: OrganizationRecord) throws(StytchError) {
        var member = try createMember(org.id, entry.fields)
        if let password = entry.password {
            member.password = PasswordRecord(
                id: "member-password-test-\(UUID().uuidString.lowercased())", hashType: "sha_512",
                hash: PasswordHashes.hex(SHA512.hash(data: Data(password.utf8))))
            member.emailVerified = true
        }
        if let status = entry.status {
            guard MemberStatus.all.contains(status) else { throw .searchInvalidStatus(status) }
            member.status = status
        }
        put(member)
        if member.isDeleted { return }
        for session in entry.sessions ?? [] {
            let now = self.now
            let started = session.startedAt.flatMap(Timestamp.parse) ?? now
            let factor = FactorRecord(
                type: "password", deliveryMethod: "knowledge", emailId: member.emailId, emailAddress: member.email,
                createdAt: started, lastAuthenticatedAt: started)
            var record = startSession(for: member, factor: factor, durationMinutes: Self.defaultSessionMinutes, customClaims: [:])
            record.startedAt = started
            record.lastAccessedAt = session.lastAccessedAt.flatMap(Timestamp.parse) ?? started
            record.expiresAt = session.expiresAt.flatMap(Timestamp.parse) ?? started.addingTimeInterval(3600)
            put(record)
        }
    }
}
