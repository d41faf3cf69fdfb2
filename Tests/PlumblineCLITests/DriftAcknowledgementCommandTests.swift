import Foundation
import MedplumSandbox
import PlumblineCLI
import PlumblineCore
import PlumblineTestSupport
import Testing

@Suite("plumbline drift: acknowledged drift", .tags(.large))
struct DriftAcknowledgementCommandTests {
    static let acknowledgement = """
        kind: DriftAcknowledgement
        name: bob-admin-for-migration
        object: { system: medplum, kind: ProjectMembership, key: Bob@Eastside.example.org }
        type: changed
        reason: Bob runs the data migration as a project admin until it is done
        until: 2030-06-30

        """

    /// `2030-06-30T12:00:00Z` and the like: what plumbline's clock says.
    func day(_ text: String) -> Date { ISO8601DateFormatter().date(from: "\(text)T12:00:00Z") ?? Date() }

    @Test func anAcknowledgementSuppressesItsFindingUntilItsDateThenTheFindingIsReportedAsExpired() async throws {
        let manifests = try TestManifests(BothSystems.files())
        try await SandboxHarness.withBoth { medplum, stytch in
            try #require(await runPlumbline(["apply", "--manifests", manifests.directory, "--yes"], medplum: medplum, stytch: stytch).status == 0)
            var bob = try await ConsoleEdits.membership(medplum, "bob@eastside.example.org")
            bob["admin"] = true
            try await ConsoleEdits.put(medplum, "ProjectMembership", bob)
            try manifests.write("acknowledgements.yaml", Self.acknowledgement)
            let validate = await runPlumbline(["validate", "--manifests", manifests.directory])
            #expect(validate.status == 0, "\(validate.output)\(validate.error)")

            // The last day it covers: nothing to report, and the run says what it suppressed.
            let covered = await runPlumbline(["drift", "--manifests", manifests.directory], medplum: medplum, stytch: stytch, now: day("2030-06-30"))
            #expect(covered.status == 0, "\(covered.output)\(covered.error)")
            #expect(covered.output == """
                Drift in environment 'sandbox': 0 changed, 0 missing, 0 unmanaged (1 acknowledged)

                No drift: the servers match the manifests.

                Acknowledged (not reported until they expire):
                  changed medplum ProjectMembership 'bob@eastside.example.org': DriftAcknowledgement 'bob-admin-for-migration' until 2030-06-30: Bob runs the data migration as a project admin until it is done

                Fields read declared → live.

                """)
            let coveredJSON = try DriftDocument.decode(
                await runPlumbline(["drift", "--manifests", manifests.directory, "--output", "json"], medplum: medplum, stytch: stytch, now: day("2030-06-30")).output
            )
            #expect(coveredJSON.drift.isEmpty)
            #expect(coveredJSON.acknowledged.map(\.key) == ["bob@eastside.example.org"])
            #expect(coveredJSON.acknowledged.first?.acknowledgement == "bob-admin-for-migration")
            #expect(coveredJSON.acknowledged.first?.fields == [FieldChange("admin", before: false, after: true)])

            // The day after: reported again, naming the acknowledgement that lapsed.
            let expired = await runPlumbline(["drift", "--manifests", manifests.directory], medplum: medplum, stytch: stytch, now: day("2030-07-01"))
            #expect(expired.status == 2)
            #expect(expired.output.hasPrefix("Drift in environment 'sandbox': 1 changed, 0 missing, 0 unmanaged\n"))
            #expect(expired.output.contains("""
                      admin: false → true
                      changed by Super Admin Client (ClientApplication/\(medplum.credentials.superAdminClientId)) at
                """))
            #expect(expired.output.contains("      (DriftAcknowledgement 'bob-admin-for-migration' covered this until it expired)\n"))
            #expect(expired.output.contains("""

                Warnings:
                  warning: DriftAcknowledgement 'bob-admin-for-migration' (\(manifests.directory)/acknowledgements.yaml:1:1) expired on 2030-06-30, so the drift on medplum ProjectMembership 'bob@eastside.example.org' is reported again; fix the drift, or renew 'until' if the reason still holds

                """))
            let expiredJSON = try DriftDocument.decode(
                await runPlumbline(["drift", "--manifests", manifests.directory, "--output", "json"], medplum: medplum, stytch: stytch, now: day("2030-07-01")).output
            )
            #expect(expiredJSON.drift.map(\.key) == ["bob@eastside.example.org"])
            #expect(expiredJSON.drift.first?.expiredAcknowledgement == "bob-admin-for-migration")
            #expect(expiredJSON.acknowledged.isEmpty)
            #expect(expiredJSON.warnings.count == 1)
        }
    }

    @Test func anAcknowledgementCoversOnlyItsObjectAndTypeAndOneThatMatchesNothingIsFlagged() async throws {
        let manifests = try TestManifests(BothSystems.files())
        try await SandboxHarness.withBoth { medplum, stytch in
            try #require(await runPlumbline(["apply", "--manifests", manifests.directory, "--yes"], medplum: medplum, stytch: stytch).status == 0)
            try manifests.write("acknowledgements.yaml", Self.acknowledgement + """
                ---
                kind: DriftAcknowledgement
                name: cy-leaves
                object: { system: medplum, kind: ProjectMembership, key: cy@eastside.example.org }
                type: missing
                reason: Cy's membership is being removed by IT
                until: 2030-06-30

                """)
            var cy = try await ConsoleEdits.membership(medplum, "cy@eastside.example.org")
            cy["admin"] = true
            try await ConsoleEdits.put(medplum, "ProjectMembership", cy)
            let result = await runPlumbline(["drift", "--manifests", manifests.directory, "--output", "json"], medplum: medplum, stytch: stytch, now: day("2030-01-01"))
            #expect(result.status == 2)
            let document = try DriftDocument.decode(result.output)
            #expect(document.drift.map(\.key) == ["cy@eastside.example.org"], "Bob's acknowledgement does not cover Cy, and Cy's covers only a missing membership")
            #expect(document.drift.first?.expiredAcknowledgement == nil)
            #expect(document.acknowledged.isEmpty)
            #expect(document.warnings == [
                "DriftAcknowledgement 'bob-admin-for-migration' (\(manifests.directory)/acknowledgements.yaml:1:1) matches no drift: medplum ProjectMembership 'bob@eastside.example.org' no longer differs from the manifests; remove it",
                "DriftAcknowledgement 'cy-leaves' (\(manifests.directory)/acknowledgements.yaml:8:1) covers missing drift, but medplum ProjectMembership 'cy@eastside.example.org' shows changed drift, which it does not cover; change its 'type' if that drift is the one to accept",
            ])
        }
    }
}
