import PlumblineCore
import PlumblineTestSupport
import Testing

@Suite("Acknowledged drift", .tags(.small))
struct AcknowledgementsTests {
    static let manifests = Validator.validate([SourceFile(path: "acks.yaml", text: """
        kind: User
        email: bob@x.org
        firstName: Bob
        lastName: O
        roles: []
        ---
        kind: DriftAcknowledgement
        name: bob-covers
        object: { system: medplum, kind: ProjectMembership, key: BOB@x.org }
        type: changed
        reason: Bob covers the front desk until the audit
        until: 2026-06-30
        ---
        kind: DriftAcknowledgement
        name: console-member
        object: { system: stytch, kind: Member, key: north/eve@x.org }
        reason: Eve helps with the migration
        until: 2026-01-31
        ---
        kind: DriftAcknowledgement
        name: stale
        object: { system: medplum, kind: AccessPolicy, key: legacy }
        type: unmanaged
        reason: the legacy policy goes with the old app
        until: 2026-12-31
        """)]).manifests.driftAcknowledgements

    let bob = DriftFinding(ResourceKey(.medplum, .projectMembership, "bob@x.org"), .changed, fields: [FieldChange("admin", before: false, after: true)])
    let eve = DriftFinding(ResourceKey(.stytch, .member, "north/eve@x.org"), .unmanaged)

    @Test func anActiveAcknowledgementSuppressesWhatItCoversThroughItsLastDay() {
        let (reported, acknowledged, warnings) = Acknowledgements.apply([bob], Self.manifests, today: CalendarDate(year: 2026, month: 6, day: 30))
        #expect(reported.isEmpty)
        #expect(acknowledged.map(\.acknowledgement) == ["bob-covers"])
        #expect(acknowledged.first?.reason == "Bob covers the front desk until the audit")
        #expect(warnings.contains { $0.hasPrefix("DriftAcknowledgement 'stale' (acks.yaml:20:1) matches no drift") })
    }

    @Test func anExpiredAcknowledgementLetsTheFindingThroughAndSaysSo() {
        let (reported, acknowledged, warnings) = Acknowledgements.apply([bob, eve], Self.manifests, today: CalendarDate(year: 2026, month: 7, day: 1))
        #expect(acknowledged.isEmpty)
        #expect(reported.map(\.expiredAcknowledgement) == ["bob-covers", "console-member"])
        #expect(warnings.contains("DriftAcknowledgement 'bob-covers' (acks.yaml:7:1) expired on 2026-06-30, so the drift on medplum ProjectMembership 'bob@x.org' is reported again; fix the drift, or renew 'until' if the reason still holds"))
    }

    @Test func anAcknowledgementCoversOnlyItsType() {
        let other = DriftFinding(ResourceKey(.medplum, .projectMembership, "bob@x.org"), .missing)
        let (reported, _, _) = Acknowledgements.apply([other], Self.manifests, today: CalendarDate(year: 2026, month: 1, day: 1))
        #expect(reported == [other])
    }

    @Test func anAcknowledgementOfAnotherTypeOfDriftOnItsObjectSaysSoRatherThanThatTheObjectAgrees() {
        let other = DriftFinding(ResourceKey(.medplum, .projectMembership, "bob@x.org"), .missing)
        let (_, _, warnings) = Acknowledgements.apply([other], Self.manifests, today: CalendarDate(year: 2026, month: 1, day: 1))
        #expect(warnings.contains("DriftAcknowledgement 'bob-covers' (acks.yaml:7:1) covers changed drift, but medplum ProjectMembership 'bob@x.org' shows missing drift, which it does not cover; change its 'type' if that drift is the one to accept"))
        #expect(!warnings.contains { $0.contains("'bob-covers'") && $0.contains("no longer differs") })
    }

    @Test func anExpiredAcknowledgementThatMatchesNothingShouldGo() {
        let (_, _, warnings) = Acknowledgements.apply([], Self.manifests, today: CalendarDate(year: 2026, month: 2, day: 1))
        #expect(warnings.contains("DriftAcknowledgement 'console-member' (acks.yaml:14:1) expired on 2026-01-31 and matches no drift any more; remove it"))
    }
}
