import Foundation

/// One write to the store, as the journal records it. Records are whole (upserts), so replaying
/// the journal in order rebuilds exactly the state that was served.
enum StateChange: Codable, Sendable {
    case organization(OrganizationRecord)
    /// The organization and everything in it (members, their sessions) is gone.
    case organizationRemoved(id: String)
    case member(MemberRecord)
    case session(SessionRecord)
    case sessionRemoved(id: String)
    case intermediateSession(IntermediateSessionRecord)
    case intermediateSessionRemoved(token: String)
    case policy(RBACPolicy)
    case sdkConfig(B2BSDKConfig)
}

extension StytchStore {
    /// Applies a journaled change without journaling it again (used when loading `--state`).
    func replay(_ change: StateChange) {
        switch change {
        case .organization(let org): put(org, journaling: false)
        case .organizationRemoved(let id): removeOrganization(id, journaling: false)
        case .member(let member): put(member, journaling: false)
        case .session(let session): put(session, journaling: false)
        case .sessionRemoved(let id): removeSession(id, journaling: false)
        case .intermediateSession(let record): put(record, journaling: false)
        case .intermediateSessionRemoved(let token): removeIntermediateSession(token, journaling: false)
        case .policy(let policy): self.policy = policy
        case .sdkConfig(let config): sdkConfig = config
        }
    }

    /// Every record as a list of changes that rebuilds the current state (the journal's compacted
    /// form).
    func snapshot() -> [StateChange] {
        var changes: [StateChange] = [.policy(policy), .sdkConfig(sdkConfig)]
        changes += organizations.values.sorted { $0.seq < $1.seq }.map { .organization($0) }
        changes += members.values.sorted { $0.seq < $1.seq }.map { .member($0) }
        changes += sessions.values.sorted { $0.startedAt < $1.startedAt }.map { .session($0) }
        changes += intermediateSessions.values.map { .intermediateSession($0) }
        return changes
    }

    // MARK: organizations

    /// Stores an organization (new or changed), keeping the slug and external-id indexes exact.
    func put(_ org: OrganizationRecord, journaling: Bool = true) {
        if let old = organizations[org.id] {
            if organizationIdBySlug[old.slug] == old.id { organizationIdBySlug[old.slug] = nil }
            if let external = old.externalId, organizationIdByExternalId[external] == old.id {
                organizationIdByExternalId[external] = nil
            }
        } else {
            memberIdsByOrganization[org.id] = memberIdsByOrganization[org.id] ?? []
        }
        organizations[org.id] = org
        organizationIdBySlug[org.slug] = org.id
        if let external = org.externalId { organizationIdByExternalId[external] = org.id }
        nextSeq = max(nextSeq, org.seq + 1)
        if journaling { didChange(.organization(org)) } else { generation += 1 }
    }

    /// Deletes an organization with all its members and their sessions (contract §3.5).
    func removeOrganization(_ id: String, journaling: Bool = true) {
        guard let org = organizations.removeValue(forKey: id) else { return }
        if organizationIdBySlug[org.slug] == id { organizationIdBySlug[org.slug] = nil }
        if let external = org.externalId, organizationIdByExternalId[external] == id {
            organizationIdByExternalId[external] = nil
        }
        for memberId in memberIdsByOrganization.removeValue(forKey: id) ?? [] {
            members[memberId] = nil
            for sessionId in sessionIdsByMember[memberId] ?? [] { removeSession(sessionId, journaling: false) }
            intermediateSessions = intermediateSessions.filter { $0.value.memberId != memberId }
        }
        memberIdByEmail[id] = nil
        memberIdByExternalId[id] = nil
        if journaling { didChange(.organizationRemoved(id: id)) } else { generation += 1 }
    }

    // MARK: members

    /// Stores a member (new or changed), keeping the e-mail and external-id indexes exact: live
    /// members hold their address and retired addresses; deleted members hold nothing.
    func put(_ member: MemberRecord, journaling: Bool = true) {
        if let old = members[member.id] {
            unindex(old)
        } else {
            memberIdsByOrganization[member.organizationId, default: []].append(member.id)
        }
        members[member.id] = member
        if !member.isDeleted {
            var emails = memberIdByEmail[member.organizationId] ?? [:]
            emails[member.emailKey] = member.id
            for retired in member.retiredEmails { emails[retired.emailAddress.lowercased()] = member.id }
            memberIdByEmail[member.organizationId] = emails
            if let external = member.externalId { memberIdByExternalId[member.organizationId, default: [:]][external] = member.id }
        }
        nextSeq = max(nextSeq, member.seq + 1)
        if journaling { didChange(.member(member)) } else { generation += 1 }
    }

    private func unindex(_ member: MemberRecord) {
        let org = member.organizationId
        for key in [member.emailKey] + member.retiredEmails.map({ $0.emailAddress.lowercased() })
        where memberIdByEmail[org]?[key] == member.id {
            memberIdByEmail[org]?[key] = nil
        }
        if let external = member.externalId, memberIdByExternalId[org]?[external] == member.id {
            memberIdByExternalId[org]?[external] = nil
        }
    }

    // MARK: sessions

    func put(_ session: SessionRecord, journaling: Bool = true) {
        if sessions[session.id] == nil { sessionIdsByMember[session.memberId, default: []].append(session.id) }
        sessions[session.id] = session
        sessionIdByToken[session.token] = session.id
        if journaling { didChange(.session(session)) }
    }

    func removeSession(_ id: String, journaling: Bool = true) {
        guard let session = sessions.removeValue(forKey: id) else { return }
        sessionIdByToken[session.token] = nil
        sessionIdsByMember[session.memberId]?.removeAll { $0 == id }
        if sessionIdsByMember[session.memberId]?.isEmpty == true { sessionIdsByMember[session.memberId] = nil }
        if journaling { didChange(.sessionRemoved(id: id)) }
    }

    func put(_ record: IntermediateSessionRecord, journaling: Bool = true) {
        intermediateSessions[record.token] = record
        if journaling { didChange(.intermediateSession(record)) }
    }

    func removeIntermediateSession(_ token: String, journaling: Bool = true) {
        guard intermediateSessions.removeValue(forKey: token) != nil else { return }
        if journaling { didChange(.intermediateSessionRemoved(token: token)) }
    }
}
