/// Whether the manifests still give a session's holder access: the `offboarded` rule.
///
/// A holder is offboarded when the manifests declare the person inactive or past their
/// `expires`, or when plumbline manages the account (its marker) and the manifests no longer
/// declare it — the person is gone, or no longer belongs to that organization or has no Medplum
/// role. An account plumbline does not manage and the manifests do not mention is left to the
/// time rules: plumbline never acts on what it does not own (DESIGN §5); `review` lists it as
/// unmanaged.
public struct SessionStanding: Sendable {
    let stytch: StytchDesiredState
    let medplum: MedplumDesiredState
    /// People the manifests declare inactive or expired, by lower-cased e-mail.
    let inactivePeople: Set<String>

    public init(manifests: ManifestSet, today: CalendarDate) {
        stytch = StytchDesiredStateBuilder.build(from: manifests, today: today)
        medplum = MedplumDesiredStateBuilder.build(from: manifests, today: today).state
        inactivePeople = Set(manifests.users.filter { MedplumDesiredStateBuilder.inactiveReason(of: $0, today: today) != nil }.map(\.key))
    }

    /// A Stytch member of organization `slug`.
    public func isOffboarded(stytchMember email: String, slug: String, managed: Bool) -> Bool {
        let email = email.lowercased()
        if inactivePeople.contains(email) { return true }
        guard managed else { return false }
        return stytch.member(slug: slug, email: email)?.active != true
    }

    /// A Medplum membership of the person `email`.
    public func isOffboarded(medplumMember email: String, managed: Bool) -> Bool {
        let email = email.lowercased()
        if inactivePeople.contains(email) { return true }
        guard managed else { return false }
        return medplum.membership(for: email)?.active != true
    }

}
