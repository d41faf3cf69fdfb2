import Foundation
import PlumblineCore
import PlumblineTestSupport
import Testing

@Suite("Who introduced a difference, from Medplum's history", .tags(.small))
struct DriftAttributionTests {
    static func at(_ seconds: Double) -> Date { Date(timeIntervalSince1970: 1_800_000_000 + seconds) }
    let plumbline = LastChange(author: "plumbline", at: at(0), authorReference: "ClientApplication/self-client")
    let alice = LastChange(author: "Alice Doe", at: at(10), authorReference: "Practitioner/alice")
    let carol = LastChange(author: "Carol Ng", at: at(20), authorReference: "Practitioner/carol")

    let desired = MedplumDesiredState(
        policies: [],
        memberships: [DesiredMembership(email: "bob@x.org", firstName: "Bob", lastName: "O", profileType: .practitioner, policyNames: [], admin: false, active: true)],
        clients: []
    )

    func version(admin: Bool, _ change: LastChange, version: String) -> MedplumVersion {
        var membership = Live.membership("bob@x.org", admin: admin)
        membership.version = version
        membership.lastChange = change
        return MedplumVersion(.membership(membership), change: change)
    }

    func detect(_ current: MedplumVersion) -> (DriftDetector, DriftFinding) {
        guard case .membership(let membership) = current.content else { fatalError("a membership") }
        let own = LiveClient(
            id: "self-client", version: "1", name: "plumbline", description: nil, allowedOrigins: [], redirectUris: [], managedKey: nil,
            membership: Live.membership("client", id: "self", profile: "ClientApplication", managed: false)
        )
        let detector = DriftDetector(medplum: .init(desired: desired, withoutAccess: [], live: Live.state(memberships: [membership], clients: [own])), stytch: nil)
        return (detector, DriftDetector.historyCandidates(detector.findings())[0])
    }

    @Test func theVersionThatIntroducedTheDifferenceNamesWhoMadeItNotTheLastWriter() {
        // plumbline created Bob; Alice made him admin; Carol then touched something plumbline
        // does not compare (same difference). Alice is who changed it.
        let history = [version(admin: true, carol, version: "3"), version(admin: true, alice, version: "2"), version(admin: false, plumbline, version: "1")]
        let (detector, finding) = detect(history[0])
        #expect(finding.changedBy == "Carol Ng", "the current version's meta names the last writer")
        let refined = detector.attribute(finding, history: history)
        #expect(refined.changedBy == "Alice Doe")
        #expect(refined.changedByReference == "Practitioner/alice")
        #expect(refined.changedAt == Self.at(10))
        #expect(refined.fields == finding.fields)
    }

    @Test func theWalkStopsAtADifferentDifference() {
        let history = [version(admin: true, carol, version: "3"), version(admin: false, alice, version: "2")]
        let (detector, finding) = detect(history[0])
        #expect(detector.attribute(finding, history: history).changedBy == "Carol Ng")
    }

    @Test func aDifferenceWrittenByPlumblineItselfMeansTheManifestsMoved() {
        let history = [version(admin: true, plumbline, version: "1")]
        let (detector, finding) = detect(history[0])
        let refined = detector.attribute(finding, history: history)
        #expect(refined.changedBy == "plumbline")
        #expect(refined.detail?.contains("last written by plumbline itself") == true)
    }
}
