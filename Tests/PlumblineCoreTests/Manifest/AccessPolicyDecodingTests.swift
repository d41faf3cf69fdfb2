import PlumblineCore
import PlumblineTestSupport
import Testing

@Suite("AccessPolicy documents", .tags(.small))
struct AccessPolicyDecodingTests {
    @Test func resourceTypesAndInteractionsAreChecked() {
        expectDiagnostics("""
            kind: AccessPolicy
            name: clinician
            resources:
              - resourceType: 1️⃣Patients
                interactions: [read, 2️⃣write]
              - resourceType: 3️⃣Widget
              - resourceType: 4️⃣ProjectMembership
                interactions: [read]
            """, [
                DiagnosticSpec("1️⃣", "unknown FHIR resource type 'Patients' in AccessPolicy 'clinician'; did you mean 'Patient'?"),
                DiagnosticSpec("2️⃣", "unknown interaction 'write' in AccessPolicy 'clinician'; valid interactions are read, vread, update, delete, history, create, search"),
                DiagnosticSpec("3️⃣", "unknown FHIR resource type 'Widget' in AccessPolicy 'clinician'; use a FHIR R4 or Medplum resource type, or '*'"),
                DiagnosticSpec("4️⃣", .warning, "AccessPolicy entries for 'ProjectMembership' have no effect: Medplum grants it only to project admins (or super admins); give the people who need it a Role with medplum.admin instead"),
            ])
    }

    @Test func criteriaMustBeASearchOnItsOwnType() {
        expectDiagnostics("""
            kind: AccessPolicy
            name: reports
            resources:
              - resourceType: Observation
                interactions: [read]
                criteria: 1️⃣status=final
              - resourceType: DiagnosticReport
                interactions: [read]
                criteria: 2️⃣Observation?status=final
              - resourceType: Patient
                interactions: [read]
                criteria: 3️⃣Patient?
              - resourceType: Encounter
                interactions: [read]
                criteria: 4️⃣Encounter?status
              - resourceType: Condition
                interactions: [read]
                criteria: Condition?clinical-status=active&_compartment=%patient
            """, [
                DiagnosticSpec("1️⃣", "criteria 'status=final' in AccessPolicy 'reports' must start with 'Observation?'; write 'Observation?status=final'"),
                DiagnosticSpec("2️⃣", "criteria 'Observation?status=final' in AccessPolicy 'reports' must start with 'DiagnosticReport?'; write 'DiagnosticReport?status=final'"),
                DiagnosticSpec("3️⃣", "criteria 'Patient?' in AccessPolicy 'reports' has no search parameters after '?'; add one, e.g. 'Patient?status=final'"),
                DiagnosticSpec("4️⃣", "criteria 'Encounter?status' in AccessPolicy 'reports' has 'status', which is not a name=value search parameter; write parameters as name=value joined by '&'"),
            ])
    }

    @Test func fieldPathsAreDottedElementNames() {
        expectDiagnostics("""
            kind: AccessPolicy
            name: front-desk
            resources:
              - resourceType: Patient
                interactions: [read]
                hiddenFields: [name.family, "value[x]", 1️⃣"name family"]
                readonlyFields: [2️⃣.status]
            """, [
                DiagnosticSpec("1️⃣", "'name family' in AccessPolicy 'front-desk' is not a field path; write element names separated by dots, e.g. name.family"),
                DiagnosticSpec("2️⃣", "'.status' in AccessPolicy 'front-desk' is not a field path; write element names separated by dots, e.g. name.family"),
            ])
    }

    @Test func entriesThatGrantNothingOrIgnoreSettingsAreFlagged() {
        expectDiagnostics("""
            kind: AccessPolicy
            name: odd
            resources:
              - resourceType: Patient
                interactions: 1️⃣[]
              - resourceType: Observation
                readonly: 2️⃣true
                interactions: [read]
            ---
            kind: AccessPolicy
            name: empty
            resources: 3️⃣[]
            """, [
                DiagnosticSpec("1️⃣", .warning, "'resources[0].interactions' in AccessPolicy 'odd' is empty, so the entry grants nothing; list interactions or remove the entry"),
                DiagnosticSpec("2️⃣", .warning, "'readonly' in AccessPolicy 'odd' is ignored when 'interactions' is given; remove it"),
                DiagnosticSpec("3️⃣", .warning, "AccessPolicy 'empty' lists no resources, so it grants nothing; add resources or remove the policy"),
            ])
    }

    @Test func wildcardWritesAreALeastPrivilegeWarning() {
        expectDiagnostics("""
            kind: AccessPolicy
            name: everything
            resources:
              - resourceType: 1️⃣"*"
              - resourceType: "*"
                readonly: true
              - resourceType: 2️⃣"*"
                interactions: [read, update]
            """, [
                DiagnosticSpec("1️⃣", .warning, "AccessPolicy 'everything' grants update, delete, create on every resource type ('*'); list the resource types it needs instead"),
                DiagnosticSpec("2️⃣", .warning, "AccessPolicy 'everything' grants update on every resource type ('*'); list the resource types it needs instead"),
            ])
    }

    @Test func resourcesAreRequired() {
        expectDiagnostics("1️⃣kind: AccessPolicy\nname: nothing\n", [
            DiagnosticSpec("1️⃣", "missing required key 'resources' in AccessPolicy 'nothing'; add it"),
        ])
    }
}
