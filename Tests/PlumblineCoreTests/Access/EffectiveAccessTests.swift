import PlumblineCore
import PlumblineTestSupport
import Testing

@Suite("Access-policy evaluation (contract 4.7)", .tags(.small))
struct EffectiveAccessTests {
    @Test func listedInteractionsAreAuthoritativeReadonlyMeansReadingAndNothingMeansAll() {
        let access = EffectiveAccess(grants: [
            PolicyGrant(resourceType: "Patient", interactions: [.read, .search]),
            PolicyGrant(resourceType: "Observation", interactions: nil, readonly: true),
            PolicyGrant(resourceType: "Encounter", interactions: nil),
            PolicyGrant(resourceType: "Condition", interactions: [.create], readonly: true),
        ])
        #expect(access.interactions(on: "Patient") == [.read, .search])
        #expect(access.interactions(on: "Observation") == [.read, .vread, .history, .search])
        #expect(access.interactions(on: "Encounter") == Set(FHIRInteraction.allCases))
        #expect(access.interactions(on: "Condition") == [.create])
        #expect(access.interactions(on: "MedicationRequest").isEmpty)
    }

    @Test func entriesForTheSameTypeAddUpAcrossPolicies() {
        let access = EffectiveAccess(grants: [
            PolicyGrant(resourceType: "Patient", interactions: [.read]),
            PolicyGrant(resourceType: "Patient", interactions: [.update]),
        ])
        #expect(access.interactions(on: "Patient") == [.read, .update])
    }

    @Test func aWildcardCoversEveryTypeButTheProjectAdminOnes() {
        let access = EffectiveAccess(grants: [PolicyGrant(resourceType: "*", interactions: [.read])])
        #expect(access.interactions(on: "Observation") == [.read])
        for type in ["Project", "ProjectMembership", "User", "UserSecurityRequest"] {
            #expect(access.interactions(on: type).isEmpty)
        }
        let none = EffectiveAccess(grants: [], unrestricted: true)
        #expect(none.interactions(on: "Patient") == Set(FHIRInteraction.allCases))
        #expect(none.interactions(on: "ProjectMembership").isEmpty)
    }

    @Test func aCriteriaRestrictedEntryCoversOnlyTheSameCriteria() {
        let access = EffectiveAccess(grants: [
            PolicyGrant(resourceType: "DiagnosticReport", interactions: [.read], criteria: "DiagnosticReport?status=final"),
            PolicyGrant(resourceType: "*", interactions: [.search], criteria: "*?_compartment=Patient/1"),
        ])
        #expect(access.interactions(on: "DiagnosticReport").isEmpty, "a narrower grant does not cover every report")
        #expect(access.interactions(on: "DiagnosticReport", criteria: "DiagnosticReport?status=final") == [.read])
        #expect(access.interactions(on: "Observation", criteria: "Observation?_compartment=Patient/1") == [.search])
    }

    @Test func gapsNameEachTypeWithWhatIsMissing() {
        let access = EffectiveAccess(grants: [PolicyGrant(resourceType: "Patient", interactions: [.read, .search])])
        let gaps = access.gaps(for: [
            PolicyGrant(resourceType: "Patient", interactions: [.read, .search, .update]),
            PolicyGrant(resourceType: "Observation", interactions: [.read, .create]),
            PolicyGrant(resourceType: "Patient", interactions: [.read]),
        ])
        #expect(gaps.map(\.target.label) == ["Patient", "Observation"])
        #expect(gaps.map(\.missing) == [[.update], [.read, .create]])
        #expect(gaps.first?.granted == [.read, .search])
        #expect(access.gaps(for: [PolicyGrant(resourceType: "Patient", interactions: [.search])]).isEmpty)
    }
}
